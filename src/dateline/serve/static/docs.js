// The API's reference, drawn from /openapi.json on this server (no CDN, nothing external).
// Text from the schema only ever reaches the page as text nodes.

const main = document.getElementById("main");

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== null && value !== undefined) node.setAttribute(key, value);
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function resolve(schema, spec) {
  if (schema && schema.$ref) return resolve(spec.components.schemas[schema.$ref.split("/").pop()], spec);
  return schema || {};
}

function typeOf(schema, spec) {
  const s = resolve(schema, spec);
  if (s.anyOf) return s.anyOf.map((part) => typeOf(part, spec)).join(" | ");
  if (s.enum) return s.enum.join(" | ");
  if (s.type === "array") return `list of ${typeOf(s.items, spec)}`;
  const limits = [];
  if (s.minimum !== undefined) limits.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) limits.push(`≤ ${s.maximum}`);
  if (s.pattern) limits.push(`pattern ${s.pattern}`);
  return [s.type || s.title || "object", ...limits].join(", ");
}

function operation(path, method, op, spec) {
  const params = (op.parameters || []).map((p) =>
    h("tr", {}, h("td", {}, h("code", {}, p.name)), h("td", {}, p.in), h("td", {}, p.required ? "required" : ""),
      h("td", {}, typeOf(p.schema, spec)), h("td", {}, p.description || (p.schema && p.schema.description) || "")));
  const responses = Object.entries(op.responses || {}).map(([status, response]) => {
    const content = response.content || {};
    const kinds = Object.entries(content).map(([type, body]) => `${type}: ${body.schema ? typeOf(body.schema, spec) : ""}`);
    return h("li", {}, h("code", {}, status), ` ${response.description || ""} `, h("span", { class: "muted" }, kinds.join("; ")));
  });
  const body = op.requestBody ? h("p", {}, "Body: ", typeOf(op.requestBody.content["application/json"].schema, spec)) : null;
  const example = method === "get" && !path.includes("{") ? h("a", { href: path + (path.endsWith("/search") ? "?q=talks" : "") }, "try it") : null;
  return h("section", { class: "operation", "data-operation": `${method.toUpperCase()} ${path}` },
    h("h2", {}, h("code", {}, `${method.toUpperCase()} ${path}`), " ", example),
    h("p", {}, op.summary || ""),
    op.security ? h("p", { class: "muted" }, "Needs Authorization: Bearer TOKEN (the server's DATELINE_TOKEN).") : null,
    params.length ? h("table", { class: "rows" }, h("tr", {}, ["parameter", "in", "", "takes", "what"].map((t) => h("th", {}, t))), params) : null,
    body,
    h("ul", {}, responses));
}

async function show() {
  try {
    const spec = await (await fetch("/openapi.json")).json();
    const sections = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => operation(path, method, op, spec)));
    main.replaceChildren(h("h1", {}, `${spec.info.title} ${spec.info.version}: the HTTP API`),
      h("p", {}, spec.info.description || ""),
      h("p", { class: "muted" }, "Every error answers {\"error\": {\"code\", \"message\", \"hint\"}}; codes are listed in docs/errors.md."),
      ...sections);
  } catch (error) {
    main.replaceChildren(h("p", { class: "error" }, String(error)));
  }
  document.body.dataset.ready = "1";
}

show();
