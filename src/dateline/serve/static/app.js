// dateline web UI: timeline, network, map, events, one event's evidence, search.
// Plain DOM and SVG, no library. Text from the database only ever reaches the page as text
// nodes (never as HTML), so a story that contains markup shows that markup as characters.

const API = "/api/v1";
const SVG = "http://www.w3.org/2000/svg";
const QUADS = [
  ["verbal_cooperation", "verbal cooperation", "#c6dbef"],
  ["material_cooperation", "material cooperation", "#2171b5"],
  ["verbal_conflict", "verbal conflict", "#f4a261"],
  ["material_conflict", "material conflict", "#7f1d1d"],
];
const FILTERS = ["actor", "country", "dyad", "undirected", "type", "quad", "since", "until",
  "place", "min_sources", "exclude_negated", "exclude_hypothetical"];
const main = document.getElementById("main");

// ---- small helpers --------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  setAttrs(node, attrs);
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

async function getJSON(path, params) {
  const query = params ? `?${params}` : "";
  const response = await fetch(`${API}${path}${query}`, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const error = body.error || {};
    throw new Error(`[${error.code}] ${error.message}${error.hint ? ` (${error.hint})` : ""}`);
  }
  return body;
}

function failed(error) {
  main.replaceChildren(h("p", { class: "error", role: "alert" }, error.message));
}

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = hash.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

function filterParams(params) {
  const kept = new URLSearchParams();
  for (const [key, value] of params) if (FILTERS.includes(key) && value !== "") kept.append(key, value);
  return kept;
}

function eventsLink(params) {
  return `#/events?${filterParams(params)}`;
}

function actorNames(actors) {
  const names = (actors || []).map((a) => a.name || a.text || a.country).filter(Boolean);
  return names.length ? names.join(", ") : "—";
}

function dateText(when) {
  if (!when || !when.start) return "undated";
  return when.start === when.end ? when.start : `${when.start} – ${when.end}`;
}

function quadClass(event) {
  return event.quad_class ? `q${event.quad_class}` : "";
}

// ---- filters form (shared by the views that filter events) ------------------------------

function filterForm(params, view, extra = []) {
  const field = (name, label, placeholder, size = 8) =>
    h("label", {}, label, h("input", { name, value: params.get(name) || "", placeholder, size }));
  const form = h("form", { class: "filters", role: "search" },
    field("country", "country", "RUS", 5),
    field("dyad", "dyad", "RUS,UKR", 8),
    field("type", "type", "CONSULT", 9),
    field("actor", "actor", "Putin", 10),
    field("place", "place", "Moscow", 9),
    field("since", "since", "2023-01", 9),
    field("until", "until", "2023-12", 9),
    h("label", {}, "either direction",
      h("input", { type: "checkbox", name: "undirected", value: "1", checked: params.has("undirected") })),
    ...extra,
    h("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) next.append(key, value);
    location.hash = `#/${view}?${next}`;
  });
  return form;
}

function legend() {
  return h("div", { class: "legend" },
    QUADS.map(([, label], n) => h("span", {}, h("span", { class: `swatch q${n + 1}` }), label)));
}

// ---- timeline ---------------------------------------------------------------------------

async function timelineView(params) {
  const period = params.get("period") || "month";
  const select = h("select", { name: "period" },
    ["day", "week", "month", "year"].map((p) => h("option", { value: p, selected: p === period }, p)));
  const form = filterForm(params, "timeline", [h("label", {}, "by", select)]);
  const chart = h("div", { class: "chart" });
  const picked = h("div", { class: "picked" });
  main.replaceChildren(h("h1", {}, "Events over time"), form, legend(), chart,
    h("p", { class: "muted" }, "Drag across the bars to list the events of those periods. Negated events are never counted."),
    picked);
  const query = filterParams(params);
  query.set("period", period);
  const timeline = await getJSON("/timeline", query);
  if (!timeline.rows.length) {
    chart.replaceChildren(h("p", { class: "muted" }, "No events match these filters."));
    return;
  }
  chart.replaceChildren(timelineChart(timeline.rows, (first, last) => {
    const range = new URLSearchParams(filterParams(params));
    range.set("since", first.start);
    range.set("until", last.end);
    picked.replaceChildren(h("h2", {}, `${first.period} to ${last.period}`));
    eventList(range, picked, "#/events");
  }));
}

function timelineChart(rows, onBrush) {
  const width = 1000, height = 260, left = 40, bottom = 30, top = 10;
  const max = Math.max(1, ...rows.map((r) => r.events));
  const step = (width - left) / rows.length;
  const y = (value) => top + (height - top - bottom) * (1 - value / max);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "events per period by QuadClass", "data-testid": "timeline" });
  for (const tick of [0, max / 2, max]) {
    svg.append(s("line", { x1: left, x2: width, y1: y(tick), y2: y(tick), stroke: "#ddd" }),
      s("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, Math.round(tick)));
  }
  const every = Math.max(1, Math.ceil(rows.length / 12));
  rows.forEach((row, index) => {
    let base = 0;
    const x = left + index * step;
    const group = s("g", { "data-period": row.period });
    group.append(s("title", {}, `${row.period}: ${row.events} events`));
    QUADS.forEach(([key, , colour]) => {
      const value = row[key];
      if (!value) return;
      group.append(s("rect", { x: x + step * 0.1, width: Math.max(1, step * 0.8), y: y(base + value), height: y(base) - y(base + value), fill: colour }));
      base += value;
    });
    svg.append(group);
    if (index % every === 0) svg.append(s("text", { x: x + step / 2, y: height - 10, "text-anchor": "middle" }, row.period));
  });
  const brush = s("rect", { class: "brush", y: top, height: height - top - bottom, width: 0, x: left });
  svg.append(brush);
  const indexAt = (event) => {
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * width;
    return Math.min(rows.length - 1, Math.max(0, Math.floor((x - left) / step)));
  };
  let start = null;
  svg.addEventListener("pointerdown", (event) => {
    start = indexAt(event);
    svg.setPointerCapture(event.pointerId);
    draw(start, start);
  });
  svg.addEventListener("pointermove", (event) => { if (start !== null) draw(start, indexAt(event)); });
  svg.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const end = indexAt(event);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    draw(a, b);
    onBrush(rows[a], rows[b]);
  });
  function draw(a, b) {
    const [low, high] = [Math.min(a, b), Math.max(a, b)];
    brush.setAttribute("x", left + low * step);
    brush.setAttribute("width", (high - low + 1) * step);
  }
  return svg;
}

// ---- network ----------------------------------------------------------------------------

async function networkView(params) {
  const graph = h("div", { class: "graph" });
  main.replaceChildren(h("h1", {}, "Who acts on whom"), filterForm(params, "network"), legend(),
    h("p", { class: "muted" }, "Countries of the first actor on each side; a line's width is the number of events between them (either direction), its colour the most common QuadClass. Click a line for its events, a country for all of its events."),
    graph);
  const network = await getJSON("/network", filterParams(params));
  if (!network.edges.length) {
    graph.replaceChildren(h("p", { class: "muted" }, "No events between two known countries match these filters."));
    return;
  }
  graph.replaceChildren(networkChart(network, params));
}

function networkChart(network, params) {
  const nodes = network.nodes.slice(0, 40);
  const shown = new Set(nodes.map((n) => n.id));
  const pairs = new Map();
  for (const edge of network.edges) {
    if (!shown.has(edge.source) || !shown.has(edge.target) || edge.source === edge.target) continue;
    const key = [edge.source, edge.target].sort().join("-");
    const pair = pairs.get(key) || { a: key.slice(0, 3), b: key.slice(4), events: 0, quads: [0, 0, 0, 0], directions: [] };
    pair.events += edge.events;
    [edge.quad1, edge.quad2, edge.quad3, edge.quad4].forEach((n, i) => { pair.quads[i] += n; });
    pair.directions.push(`${edge.source} → ${edge.target}: ${edge.events}`);
    pairs.set(key, pair);
  }
  const size = 640, middle = size / 2, radius = size / 2 - 60;
  const place = new Map(nodes.map((node, index) => {
    const angle = (2 * Math.PI * index) / nodes.length - Math.PI / 2;
    return [node.id, [middle + radius * Math.cos(angle), middle + radius * Math.sin(angle)]];
  }));
  const most = Math.max(...[...pairs.values()].map((p) => p.events));
  const svg = s("svg", { viewBox: `0 0 ${size} ${size}`, width: size, role: "img", "aria-label": "network of countries", "data-testid": "network" });
  const lines = [], hits = [];
  for (const [key, pair] of [...pairs].sort((x, y) => y[1].events - x[1].events)) {
    const [x1, y1] = place.get(pair.a), [x2, y2] = place.get(pair.b);
    const dominant = pair.quads.indexOf(Math.max(...pair.quads));
    const link = new URLSearchParams(filterParams(params));
    link.delete("dyad"); link.delete("country");
    link.set("dyad", `${pair.a},${pair.b}`);
    link.set("undirected", "1");
    const label = `${pair.a} – ${pair.b}: ${pair.events} events (${pair.directions.join("; ")})`;
    const hit = s("line", { class: "edge-hit", x1, y1, x2, y2, "stroke-width": 10, "data-dyad": key, role: "link", tabindex: 0, "aria-label": label },
      s("title", {}, label));
    const open = () => { location.hash = eventsLink(link); };
    hit.addEventListener("click", open);
    hit.addEventListener("keydown", (event) => { if (event.key === "Enter") open(); });
    lines.push(s("line", { class: "edge", x1, y1, x2, y2, stroke: QUADS[dominant][2], "stroke-opacity": 0.75, "stroke-width": 1.5 + 8 * (pair.events / most), "pointer-events": "none" }));
    hits.push([Math.hypot(x2 - x1, y2 - y1), hit]);
  }
  // Busiest lines drawn first (underneath); the click targets of shorter lines on top, since
  // a long line can be clicked anywhere along it and a short one only near its middle.
  svg.append(...lines, ...hits.sort((a, b) => b[0] - a[0]).map(([, hit]) => hit));
  for (const node of nodes) {
    const [x, y] = place.get(node.id);
    const link = new URLSearchParams(filterParams(params));
    link.delete("dyad");
    link.set("country", node.id);
    const group = s("g", { class: "node", "data-country": node.id, role: "link", tabindex: 0 },
      s("title", {}, `${node.id}: ${node.events} events`),
      s("circle", { cx: x, cy: y, r: 5 + 10 * Math.sqrt(node.events / nodes[0].events) }),
      s("text", { x, y: y + (y < middle ? -18 : 26), "text-anchor": "middle" }, node.id));
    group.addEventListener("click", () => { location.hash = eventsLink(link); });
    svg.append(group);
  }
  return svg;
}

// ---- map --------------------------------------------------------------------------------

let world = null;

async function mapView(params) {
  const chart = h("div", { class: "map" });
  main.replaceChildren(h("h1", {}, "Where"), filterForm(params, "map"),
    h("p", { class: "muted" }, "Countries shaded by the events placed in them; dots are geocoded places (grey: placed only by the story's dateline). Click for their events."),
    chart);
  const [places, shapes] = await Promise.all([
    getJSON("/places", filterParams(params)),
    world || fetch("/ui/data/world.geojson").then((r) => r.json()),
  ]);
  world = shapes;
  chart.replaceChildren(mapChart(shapes, places, params));
}

// A ring that runs past ±180° (it crosses the antimeridian) is drawn again 360° over.
function ringPath(ring, x, y) {
  const lons = ring.map(([lon]) => lon);
  const shifts = [0];
  if (Math.max(...lons) > 180) shifts.push(-360);
  if (Math.min(...lons) < -180) shifts.push(360);
  return shifts.map((shift) =>
    `M${ring.map(([lon, lat]) => `${x(lon + shift).toFixed(1)},${y(lat).toFixed(1)}`).join("L")}Z`).join("");
}

function mapChart(shapes, places, params) {
  const width = 960, height = 480;
  const x = (lon) => ((lon + 180) / 360) * width;
  const y = (lat) => ((90 - lat) / 180) * height;
  const counts = new Map(places.countries.map((c) => [c.country, c.events]));
  const most = Math.max(1, ...counts.values());
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "map of events", "data-testid": "map" });
  svg.append(s("rect", { width, height, fill: "#eef3f7" }));
  for (const feature of shapes.features) {
    const code = feature.properties.iso3;
    const n = counts.get(code) || 0;
    const path = feature.geometry.coordinates.map((polygon) => polygon.map((ring) => ringPath(ring, x, y)).join("")).join("");
    const shade = n ? `rgba(127, 29, 29, ${0.15 + 0.75 * Math.sqrt(n / most)})` : "#d6d6d6";
    const shape = s("path", { class: "country", d: path, fill: shade, "fill-rule": "evenodd", "data-country": code },
      s("title", {}, `${feature.properties.name}${n ? `: ${n} events` : ""}`));
    if (n) shape.addEventListener("click", () => {
      const link = new URLSearchParams(filterParams(params));
      link.set("place", code);
      location.hash = eventsLink(link);
    });
    svg.append(shape);
  }
  for (const place of places.places) {
    if (place.lat === null || place.lon === null) continue;
    const dot = s("circle", { class: `marker${place.defaulted === place.events ? " defaulted" : ""}`, cx: x(place.lon), cy: y(place.lat), r: 3 + 4 * Math.sqrt(place.events / places.places[0].events), "data-place": place.name },
      s("title", {}, `${place.name}, ${place.country}: ${place.events} events${place.defaulted ? ` (${place.defaulted} placed by the dateline only)` : ""}`));
    dot.addEventListener("click", () => {
      const link = new URLSearchParams(filterParams(params));
      link.set("place", place.name);
      location.hash = eventsLink(link);
    });
    svg.append(dot);
  }
  return svg;
}

// ---- events list ------------------------------------------------------------------------

async function eventsView(params) {
  const list = h("div", {});
  main.replaceChildren(h("h1", {}, "Events"), filterForm(params, "events"), list);
  await eventList(params, list, "#/events");
}

async function eventList(params, into, back) {
  const query = filterParams(params);
  query.set("limit", "50");
  if (params.get("offset")) query.set("offset", params.get("offset"));
  into.append(h("p", { class: "muted" }, "Loading…"));
  const page = await getJSON("/events", query);
  into.lastChild.remove();
  if (!page.data.length) {
    into.append(h("p", { class: "muted" }, "No events match these filters."));
    return;
  }
  into.append(h("ol", { class: "events", start: page.offset + 1 }, page.data.map(eventRow)));
  const pager = h("div", { class: "pager" });
  if (page.offset > 0) {
    const previous = new URLSearchParams(filterParams(params));
    previous.set("offset", Math.max(0, page.offset - page.limit));
    pager.append(h("a", { href: `${back}?${previous}` }, "← newer"));
  }
  if (page.next) {
    const following = new URLSearchParams(filterParams(params));
    following.set("offset", page.offset + page.limit);
    pager.append(h("a", { href: `${back}?${following}`, rel: "next" }, "older →"));
  }
  into.append(pager);
}

function eventRow(event) {
  const first = (event.mentions || [])[0];
  return h("li", { "data-event": event.event_id },
    h("div", { class: "event-head" },
      h("span", { class: "muted" }, dateText(event.date)),
      h("span", { class: `type ${quadClass(event)}` }, event.negated ? `not ${event.event_type}` : event.event_type),
      h("a", { href: `#/event/${encodeURIComponent(event.event_id)}` }, `${actorNames(event.source)} → ${actorNames(event.target)}`),
      event.location ? h("span", { class: "muted" }, event.location.name) : null,
      h("span", { class: "muted" }, `${event.source_count ?? 1} source${event.source_count === 1 ? "" : "s"}`)),
    first ? h("p", { class: "sentence" }, first.sentence) : null);
}

// ---- one event: the evidence --------------------------------------------------------------

async function eventView(eventId) {
  const detail = await getJSON(`/events/${encodeURIComponent(eventId)}`);
  const event = detail.event;
  const facts = h("dl", { class: "facts" },
    h("dt", {}, "type"), h("dd", {}, `${event.event_type}${event.mode ? ` (${event.mode})` : ""}${event.negated ? ", negated" : ""}${event.modality && event.modality !== "asserted" ? `, ${event.modality}` : ""}`),
    h("dt", {}, "who"), h("dd", {}, actorNames(event.source)),
    h("dt", {}, "to whom"), h("dd", {}, actorNames(event.target)),
    h("dt", {}, "when"), h("dd", {}, `${dateText(event.date)}${event.date_defaulted ? " (publication day: no date in the text)" : ""}`),
    h("dt", {}, "where"), h("dd", {}, event.location ? `${event.location.name}${event.location.country ? `, ${event.location.country}` : ""}${event.location_defaulted ? " (from the dateline)" : ""}` : "—"),
    h("dt", {}, "reports"), h("dd", {}, `${event.mention_count} sentences in ${event.article_count} articles from ${event.source_count} independent sources`));
  const articles = new Map();
  for (const mention of detail.mentions) if (mention.article) articles.set(mention.article.id, mention.article);
  main.replaceChildren(
    h("h1", {}, `${event.event_type}: ${actorNames(event.source)} → ${actorNames(event.target)}`),
    facts,
    h("div", { class: "legend" }, ["source", "target", "trigger", "date", "place"].map((role) => h("mark", { class: role }, role))),
    h("h2", {}, "The sentences behind it"),
    h("div", { class: "mentions" }, detail.mentions.map(mentionBlock)),
    h("h2", {}, "Sources"),
    h("ul", { class: "sources" }, [...articles.values()].map(sourceItem)),
    h("h2", {}, "Why these sentences are one event"),
    event.merges && event.merges.length
      ? h("ul", { class: "merges" }, event.merges.map((reason) => h("li", {}, reason)))
      : h("p", { class: "muted" }, "One sentence: nothing was merged."));
}

function mentionBlock(mention) {
  const sentence = h("p", { class: "sentence" });
  let at = 0;
  for (const mark of mention.highlights) {
    if (mark.start > at) sentence.append(mention.sentence.slice(at, mark.start));
    sentence.append(h("mark", { class: mark.role, title: `${mark.role}: ${mark.label}${mark.reason ? ` — ${mark.reason}` : ""}`, "data-role": mark.role },
      mention.sentence.slice(mark.start, mark.end)));
    at = mark.end;
  }
  sentence.append(mention.sentence.slice(at));
  const article = mention.article;
  return h("div", { class: "mention", "data-mention": mention.mention_id },
    sentence,
    h("div", { class: "where" },
      `${mention.section || ""} · ${mention.event_type}${mention.negated ? " (negated)" : ""}${mention.confidence !== null ? ` · confidence ${mention.confidence}` : ""}`,
      article ? ` · ${article.source || "unknown outlet"}, ${article.published}: ` : "",
      article ? article.title : ""));
}

function sourceItem(article) {
  const safeUrl = /^https?:\/\//i.test(article.url || "") ? article.url : null;
  return h("li", {},
    `${article.published} · ${article.source || "unknown outlet"} · `,
    safeUrl ? h("a", { href: safeUrl, rel: "noopener noreferrer", target: "_blank" }, article.title || safeUrl) : (article.title || article.id));
}

// ---- search -----------------------------------------------------------------------------

async function searchView(params) {
  const q = params.get("q") || "";
  const input = h("input", { name: "q", value: q, placeholder: "defense minister", size: 30, "aria-label": "words to find" });
  const form = h("form", { class: "filters", role: "search" }, input, h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/search?${new URLSearchParams({ q: input.value })}`;
  });
  const results = h("div", {});
  main.replaceChildren(h("h1", {}, "Search the sentences"), form, results);
  if (!q.trim()) return;
  const hits = await getJSON("/search", new URLSearchParams({ q, limit: "50" }));
  if (!hits.data.length) {
    results.append(h("p", { class: "muted" }, `No sentence has every word of “${q}”.`));
    return;
  }
  results.append(h("ol", { class: "hits" }, hits.data.map((hit) => h("li", {},
    h("p", { class: "sentence" }, hit.sentence),
    h("div", { class: "muted" }, `${hit.published} · ${hit.title} `,
      hit.event_id ? h("a", { href: `#/event/${encodeURIComponent(hit.event_id)}` }, "the event →") : null)))));
}

// ---- router -----------------------------------------------------------------------------

async function show() {
  const { parts, params } = route();
  const view = parts[0] || "timeline";
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("here", link.dataset.view === view);
  try {
    if (view === "event" && parts[1]) await eventView(parts[1]);
    else if (view === "network") await networkView(params);
    else if (view === "map") await mapView(params);
    else if (view === "events") await eventsView(params);
    else if (view === "search") await searchView(params);
    else await timelineView(params);
    document.body.dataset.ready = location.hash || "#/";
  } catch (error) {
    failed(error);
    document.body.dataset.ready = location.hash || "#/";
  }
}

window.addEventListener("hashchange", () => { delete document.body.dataset.ready; show(); });
show();
