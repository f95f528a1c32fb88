// axe-core in Debian's Chromium through playwright-core: every page at a phone and a desktop width.
// Usage: node axe.mjs BASE_URL OUT.json SCREENSHOT_DIR name=path [name=path ...]
// Writes {page: {viewport: [violations]}} to OUT.json and a full-page screenshot per page and width.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

import {
  VIEWPORTS, axeViolations, browserLaunch, contextOptions, scrollThrough,
} from "./browser.mjs";

const [base, outFile, shotDir, ...pageArgs] = process.argv.slice(2);

mkdirSync(shotDir, { recursive: true });
const browser = await browserLaunch();
const results = {};
try {
  for (const arg of pageArgs) {
    const [name, path] = arg.split(/=(.*)/s);
    results[name] = {};
    for (const label of Object.keys(VIEWPORTS)) {
      const context = await browser.newContext(contextOptions(label));
      const page = await context.newPage();
      await page.goto(base + path, { waitUntil: "load" });
      await scrollThrough(page);
      await page.screenshot({ path: join(shotDir, `${name}-${label}.png`), fullPage: true });
      results[name][label] = await axeViolations(page);
      await context.close();
    }
  }
} finally {
  await browser.close();
}
writeFileSync(outFile, JSON.stringify(results, null, 2));
