// Opens one page in Debian's chromium (never a downloaded browser) and reports what happened.
//
// Reads a plan as JSON on stdin:
//   {"url", "screenshot"?: path, "viewport"?: {width, height}, "steps"?: [...],
//    "evaluate"?: [js expression, ...], "timeout_ms"?: number}
// steps: {"click": sel} | {"click_line": sel} | {"fill": [sel, text]} | {"press": [sel, key]}
//        | {"wait_for": sel}
//        | {"drag": [sel, [x0, y0], [x1, y1]]} (a mouse drag between points given as fractions
//          of the element's box, e.g. a brush across a chart)
// click_line clicks an SVG <line> where it is visible, as a person would: its middle may lie
// under a node drawn above it.
// Prints one JSON object: every request the page made (none are let out beyond file: and
// data: URLs), console messages, page errors, the title, and each expression's value.
// tests/chromium.py is the Python side; `make browser` installs what this needs.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

async function drag(page, selector, from, to) {
  const box = await page.locator(selector).first().boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 8 });
  await page.mouse.up();
}

const plan = JSON.parse(readFileSync(0, "utf8"));
const timeout = plan.timeout_ms ?? 15000;
const profile = mkdtempSync(join(tmpdir(), "dateline-chromium-"));
const report = { requests: [], blocked: [], console: [], page_errors: [], results: [] };

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: plan.viewport ?? { width: 1280, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  const local = (url) => url.startsWith("file:") || url.startsWith("data:");
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (local(url) || (plan.allow_origin && url.startsWith(plan.allow_origin))) {
      return route.continue();
    }
    report.blocked.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(timeout);
  page.on("request", (request) =>
    report.requests.push({
      url: request.url(),
      method: request.method(),
      resource_type: request.resourceType(),
    }),
  );
  page.on("console", (message) =>
    report.console.push({ type: message.type(), text: message.text() }),
  );
  page.on("pageerror", (error) => report.page_errors.push(String(error)));
  await page.goto(plan.url, { waitUntil: "load" });
  for (const step of plan.steps ?? []) {
    if (step.click) await page.click(step.click);
    else if (step.click_line) await clickLine(page, step.click_line);
    else if (step.fill) await page.fill(step.fill[0], step.fill[1]);
    else if (step.press) await page.press(step.press[0], step.press[1]);
    else if (step.wait_for) await page.waitForSelector(step.wait_for);
    else if (step.drag) await drag(page, ...step.drag);
    else throw new Error(`unknown step ${JSON.stringify(step)}`);
  }
  for (const expression of plan.evaluate ?? []) {
    report.results.push(await page.evaluate(expression));
  }
  report.title = await page.title();
  if (plan.screenshot) await page.screenshot({ path: plan.screenshot, fullPage: true });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report));

async function clickLine(page, selector) {
  await page.waitForSelector(selector);
  const point = await page.evaluate((sel) => {
    const line = document.querySelector(sel);
    line.scrollIntoView({ block: "center" });
    const matrix = line.getScreenCTM();
    const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((a) => Number(line.getAttribute(a)));
    const seen = [];
    for (let step = 0; step <= 48; step++) {
      const t = 0.5 + (step % 2 ? 1 : -1) * Math.ceil(step / 2) * 0.01;  // from the middle out
      const p = new DOMPoint(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t).matrixTransform(matrix);
      const hit = document.elementFromPoint(p.x, p.y);
      if (hit === line || line.contains(hit)) return { x: p.x, y: p.y };
      seen.push(`${t.toFixed(2)}:${hit ? hit.outerHTML.slice(0, 60) : "nothing"}`);
    }
    return { seen };
  }, selector);
  if (point.seen) throw new Error(`no visible point of ${selector}: ${point.seen.join(" ")}`);
  await page.mouse.click(point.x, point.y);
}
