// Drives the browser lab in headless Chromium (Debian's package):
//   node lab.test.mjs LAB_DIR NATIVE_DIR OUT_DIR
// LAB_DIR: a folder written by `migrasim lab`; NATIVE_DIR: JSON files
// NAME.SEED.json written by `migrasim lab --series` (the native engine's
// numbers); OUT_DIR: where the screenshots go.
// Checks: the page loads and runs a scenario to its end; the engine in the
// browser records exactly the native engine's numbers; moving a slider
// reruns the scenario and changes the chart; the screenshot is a real page.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";

const [labDir, nativeDir, outDir] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-file-access-from-files"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
const url = "file://" + path.resolve(labDir, "index.html") + "?scenario=push-pull";
await page.goto(url);
await page.waitForFunction(() => window.lab && window.lab.state === "done", null, { timeout: 60000 });
const months = await page.evaluate(() => window.lab.months);
assert.equal(months, 120, "push-pull runs 120 months");
console.log("ok: the page loaded and ran push-pull to its end (120 months)");

// The same numbers as the native engine.
let compared = 0;
for (const f of fs.readdirSync(nativeDir).filter((f) => f.endsWith(".json"))) {
  const [name, seed] = f.replace(/\.json$/, "").split(".");
  const native = fs.readFileSync(path.join(nativeDir, f), "utf8").trim();
  const browserSeries = await page.evaluate(([n, s]) => window.lab.seriesOf(n, ["simulation.seed=" + s]), [name, seed]);
  assert.equal(browserSeries.length, native.length, `${name} seed ${seed}: lengths differ`);
  assert.ok(browserSeries === native, `${name} seed ${seed}: the browser's numbers differ from the native engine's`);
  compared += 1;
}
assert.ok(compared >= 3, "compared at least three runs");
console.log(`ok: ${compared} runs give byte-identical series in the browser and natively`);

// Moving a slider changes the chart.
await page.evaluate(() => window.lab.choose("push-pull"));
await page.waitForFunction(() => window.lab.state === "done");
await page.screenshot({ path: path.join(outDir, "lab-before.png") });
const before = await page.evaluate(() => document.getElementById("chart-abroad").toDataURL());
const runs = await page.evaluate(() => window.lab.runs);
const slider = page.locator('#sliders input[data-key="country.TJK.unemployment"]');
await slider.fill("0.05");
await slider.dispatchEvent("change");
await page.waitForFunction((r) => window.lab.runs > r && window.lab.state === "done", runs);
const after = await page.evaluate(() => document.getElementById("chart-abroad").toDataURL());
const sets = await page.evaluate(() => window.lab.overrides);
assert.ok(sets.some((x) => x.startsWith("country.TJK.unemployment=0.05")), "the slider's value reached the engine: " + sets);
assert.notEqual(after, before, "the chart changed after the slider moved");
console.log("ok: moving the unemployment slider reran the scenario and changed the chart");

// The sheet is shown beside the charts, in both languages.
assert.ok((await page.textContent("#sheet-text")).includes("What to try"));
await page.click('.tabs button[data-lang="az"]');
assert.ok((await page.textContent("#sheet-text")).includes("Nəyi sınayın"));
await page.click('.tabs button[data-lang="en"]');

const shot = path.join(outDir, "lab.png");
await page.screenshot({ path: shot });
const png = fs.readFileSync(shot);
assert.ok(png.subarray(1, 4).toString() === "PNG" && png.length > 30000, "a real screenshot");
// The charts are drawn: the canvas has many non-white pixels.
const inked = await page.evaluate(() => {
  const c = document.getElementById("chart-abroad"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
  return n;
});
assert.ok(inked > 2000, "the chart has ink: " + inked);
assert.deepEqual(errors, [], "no errors on the page");
console.log(`ok: screenshot ${shot} (${png.length} bytes), ${inked} inked pixels in the chart`);
await browser.close();
