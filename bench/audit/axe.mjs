// axe-core in Debian's Chromium through playwright-core: every page at a phone and a desktop width.
// Usage: node axe.mjs BASE_URL OUT.json SCREENSHOT_DIR name=path [name=path ...]
// Writes {page: {viewport: [violations]}} to OUT.json and a full-page screenshot per page and width.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [base, outFile, shotDir, ...pageArgs] = process.argv.slice(2);
const FLAGS = (process.env.CHROME_FLAGS || "").split(" ").filter(Boolean);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const VIEWPORTS = { mobile: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } };

mkdirSync(shotDir, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH, args: FLAGS });
const results = {};
try {
  for (const arg of pageArgs) {
    const [name, path] = arg.split(/=(.*)/s);
    results[name] = {};
    for (const [label, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport, isMobile: label === "mobile" });
      const page = await context.newPage();
      await page.goto(base + path, { waitUntil: "load" });
      // Scroll once through the page so lazy images are in the screenshot, then back to the top.
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += 600) {
          window.scrollTo(0, y);
          await new Promise((resolve) => setTimeout(resolve, 60));
        }
        window.scrollTo(0, 0);
      });
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: join(shotDir, `${name}-${label}.png`), fullPage: true });
      await page.addScriptTag({ content: axeSource });
      const report = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
        TAGS,
      );
      results[name][label] = report.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
      }));
      await context.close();
    }
  }
} finally {
  await browser.close();
}
writeFileSync(outFile, JSON.stringify(results, null, 2));
