// The article's discussion as a logged-in member sees it, checked by axe-core, saved for vnu.
// Usage: AUDIT_MEMBER_EMAIL=… AUDIT_MEMBER_PASSWORD=… node member.mjs BASE_URL OUT.json HTML_DIR
//        SCREENSHOT_DIR ARTICLE_PATH
//
// Logs the member in through the site's log-in form, then at each width, with JavaScript as a
// reader has it: the comment form (with the community standards link), a comment the malware
// check rejects (explained, the text kept), one the capitals check questions (confirm) and,
// posted anyway, awaiting moderation (the author's notice), and a reply form opened under a
// comment. Each state: axe-core, a screenshot, and (desktop) the page's DOM as HTML_DIR/<state>.html.
// Then without JavaScript, the pages as served for the same states: HTML_DIR/<state>--served.html.
// Writes {state: {viewport: [violations]}} to OUT.json. The audit's blocklist lists
// malware.example (bench/audit.sh), so the rejection is the site's own, not a mock.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

import {
  VIEWPORTS, axeViolations, browserLaunch, contextOptions, scrollThrough,
} from "./browser.mjs";

const [base, outFile, htmlDir, shotDir, articlePath] = process.argv.slice(2);
const { AUDIT_MEMBER_EMAIL: email, AUDIT_MEMBER_PASSWORD: password } = process.env;
const REJECTED = "The full survey report is at http://malware.example/report.exe if you want it.";
const SHOUTED = {
  mobile: "PLEASE PUBLISH THE FULL DATASET SOON BECAUSE OUR LOCAL GROUP NEEDS IT FOR THE SPRING COUNT",
  desktop: "WE COUNTED ON OUR LAKE TOO AND THE NUMBERS WERE LOWER THAN EVER BEFORE THIS AUTUMN",
};
const WAIT = { timeout: 60_000 }; // the first comment of a worker loads the moderation models

mkdirSync(htmlDir, { recursive: true });
mkdirSync(shotDir, { recursive: true });
const results = {};
const fail = (message) => { throw new Error(`audit (member pages): ${message}`); };

async function logIn(browser) {
  const context = await browser.newContext(contextOptions("desktop"));
  const page = await context.newPage();
  await page.goto(`${base}/account/login/`);
  await page.fill("input[name=login]", email);
  await page.fill("input[name=password]", password);
  await Promise.all([
    page.waitForNavigation(),
    page.click("form[action='/account/login/'] button[type=submit]"),
  ]);
  const state = await context.storageState();
  if (!state.cookies.some((cookie) => cookie.name.endsWith("sessionid"))) {
    fail(`the log-in of ${email} opened no session (now at ${page.url()})`);
  }
  await context.close();
  return state;
}

async function record(page, state, label) {
  if (label === "desktop") writeFileSync(join(htmlDir, `${state}.html`), await page.content());
  await page.screenshot({ path: join(shotDir, `${state}-${label}.png`), fullPage: true });
  results[state] ??= {};
  results[state][label] = await axeViolations(page);
}

async function post(page, text) {
  const form = page.locator("[data-comment-form]").first();
  await form.locator("textarea").fill(text);
  await form.locator("[data-submit]").click();
  return form;
}

async function withScript(browser, storageState, label) {
  const context = await browser.newContext(contextOptions(label, { storageState }));
  const page = await context.newPage();
  await page.goto(base + articlePath, { waitUntil: "load" });
  await scrollThrough(page);
  await page.locator("[data-thread] .thread").waitFor(WAIT);
  if (!(await page.locator("[data-comment-form] a[href*='standards']").count())) {
    fail("the member's comment form has no link to the community standards");
  }
  await record(page, "member-form", label);

  const rejected = await post(page, REJECTED);
  await rejected.locator("[data-feedback] .comment-feedback--rejected").waitFor(WAIT);
  if ((await rejected.locator("textarea").inputValue()) !== REJECTED) {
    fail("the rejected comment's text was not kept in the form");
  }
  await record(page, "member-rejected", label);

  const questioned = await post(page, SHOUTED[label]);
  const anyway = questioned.locator("[data-post-anyway]");
  const held = page.locator(".comment--held", { hasText: SHOUTED[label] });
  await anyway.or(held).first().waitFor(WAIT);
  if (await anyway.count()) {
    await record(page, "member-confirm", label);
    await anyway.click();
  }
  await held.waitFor(WAIT);
  await record(page, "member-held", label);

  const reply = page.locator("[data-thread] [data-reply]").first();
  if (!(await reply.count())) fail("the article's thread has no comment to reply to");
  await reply.click();
  await page.locator("[data-inline-reply] textarea").waitFor(WAIT);
  await record(page, "member-reply", label);
  await context.close();
}

async function withoutScript(browser, storageState) {
  const context = await browser.newContext(
    contextOptions("desktop", { storageState, javaScriptEnabled: false }),
  );
  const page = await context.newPage();
  const save = async (state, response) => {
    if (!response || response.status() >= 500) fail(`${state}: the page answered ${response?.status()}`);
    writeFileSync(join(htmlDir, `${state}--served.html`), await response.text());
  };
  await save("member-form", await page.goto(base + articlePath));
  const discussion = await page.locator(".comments__read a").getAttribute("href");
  await save("member-held", await page.goto(base + discussion));
  const reply = await page.locator("[data-thread] [data-reply]").first().getAttribute("href");
  await page.locator("[data-comment-form] textarea").first().fill(REJECTED);
  const [answer] = await Promise.all([
    page.waitForNavigation(),
    page.locator("[data-comment-form] [data-submit]").first().click(),
  ]);
  if (!(await page.locator(".comment-feedback--rejected").count())) {
    fail("the page without JavaScript did not explain the rejection");
  }
  await save("member-rejected", answer);
  await save("member-reply", await page.goto(base + reply));
  await context.close();
}

const browser = await browserLaunch();
try {
  const storageState = await logIn(browser);
  for (const label of Object.keys(VIEWPORTS)) await withScript(browser, storageState, label);
  await withoutScript(browser, storageState);
} finally {
  await browser.close();
}
writeFileSync(outFile, JSON.stringify(results, null, 2));
