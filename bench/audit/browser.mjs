// What axe.mjs and member.mjs share: Debian's Chromium through playwright-core, the two widths,
// a scroll through the page (lazy images, the comments' thread) and one axe-core run.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
export const VIEWPORTS = {
  mobile: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
};

export async function browserLaunch() {
  const flags = (process.env.CHROME_FLAGS || "").split(" ").filter(Boolean);
  return chromium.launch({ executablePath: process.env.CHROME_PATH, args: flags });
}

// bypassCSP: axe-core goes in as an inline script, which the site's Content-Security-Policy
// (nonces, no 'unsafe-inline') refuses. Only the audit's own tool needs it; the site's pages
// are checked under their policy by masthead/core/tests/test_csp_browser.py.
export function contextOptions(label, extra = {}) {
  return { viewport: VIEWPORTS[label], isMobile: label === "mobile", bypassCSP: true, ...extra };
}

// Scroll once through the page so lazy parts load, then back to the top.
export async function scrollThrough(page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForLoadState("networkidle");
}

// axe-core on the page as it stands; the violations, each with up to its failing nodes.
// The script tag it adds is taken out again, so a later look at the page sees the site's own.
export async function axeViolations(page) {
  const script = await page.addScriptTag({ content: axeSource });
  const report = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    TAGS,
  );
  await script.evaluate((node) => node.remove());
  return report.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
}
