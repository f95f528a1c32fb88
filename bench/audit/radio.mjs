// Listen Live as a reader meets it, at each width: the home page loads only radio.js (not the
// player) until the press; the press opens the player bar (axe-core on the page with it); a
// link of the section bar swaps the page with the player still there (axe-core again); and no
// request leaves the site's own origin.
// Usage: node radio.mjs BASE_URL OUT.json SCREENSHOT_DIR
// Writes {state: {viewport: [violations]}} to OUT.json, with a violation of its own
// ("listen-live") for a broken expectation.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

import { VIEWPORTS, axeViolations, browserLaunch, contextOptions } from "./browser.mjs";

const [base, outFile, shotDir] = process.argv.slice(2);
const origin = new URL(base).origin;
mkdirSync(shotDir, { recursive: true });
const results = { "radio player": {}, "radio, next page": {} };
const broken = (help) => ({ id: "listen-live", impact: "serious", help, nodes: [] });

const browser = await browserLaunch();
try {
  for (const label of Object.keys(VIEWPORTS)) {
    const context = await browser.newContext(contextOptions(label));
    const page = await context.newPage();
    const requested = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(`${base}/`, { waitUntil: "networkidle" });
    const problems = [];
    if (requested.some((url) => url.includes("/js/radio-player."))) {
      problems.push(broken("The player's script loaded before Listen Live was pressed"));
    }
    if (!requested.some((url) => url.includes("/js/radio."))) {
      problems.push(broken("The page did not load radio.js"));
    }
    await page.getByRole("link", { name: "Listen Live" }).click();
    await page.getByRole("region", { name: "Radio player" }).waitFor();
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: join(shotDir, `radio-player-${label}.png`), fullPage: false });
    results["radio player"][label] = [...problems, ...(await axeViolations(page))];

    const before = page.url();
    const section = page.locator(".site-nav a").first();
    const target = await section.getAttribute("href");
    if (label === "mobile") await section.scrollIntoViewIfNeeded();
    await section.click();
    await page.waitForURL((url) => url.href !== before && url.pathname === target);
    await page.waitForLoadState("networkidle");
    const after = [];
    if (!(await page.locator(".radio-player:not([hidden]) audio").count())) {
      after.push(broken("The player was gone after a link of the section bar"));
    }
    const foreign = requested.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin);
    if (foreign.length) after.push(broken(`Requests left the site: ${foreign.slice(0, 3).join(", ")}`));
    await page.screenshot({ path: join(shotDir, `radio-next-page-${label}.png`), fullPage: false });
    results["radio, next page"][label] = [...after, ...(await axeViolations(page))];
    await context.close();
  }
} finally {
  await browser.close();
}
writeFileSync(outFile, JSON.stringify(results, null, 2));
