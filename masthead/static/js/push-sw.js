/* Masthead's service worker (served as /sw.js): shows each push and reports its click.
   The payload is the JSON the fan-out encrypts (masthead/push/services.py): title, body,
   image, url, tag (one per alert, so a repeated push replaces rather than duplicates the
   notification), click (the signed address that counts the click) and settings with its
   label (the edition's notification settings page, offered as the notification's action,
   where the reader unfollows or turns notifications off in one click).
   A fan-out interrupted by a crash sends the pushes it had in flight again, so a browser may
   receive an alert twice: the tags of the last alerts shown are kept (Cache Storage, which
   a service worker keeps between its starts), and an alert shown before is not shown again. */
"use strict";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { title: event.data ? event.data.text() : "" };
  }
  const options = {
    body: data.body || "",
    tag: data.tag || undefined,
    data: { url: data.url || "/", click: data.click || "", settings: data.settings || "" },
  };
  if (data.settings && data.settingsLabel) {
    options.actions = [{ action: "settings", title: data.settingsLabel }];
  }
  if (data.image) {
    options.image = data.image;
  }
  event.waitUntil(
    firstTime(data.tag).then((first) =>
      first ? self.registration.showNotification(data.title || "", options) : undefined,
    ),
  );
});

const SHOWN = "masthead-push-shown";
const SHOWN_KEPT = 50;

/* Whether the alert with this tag is new to this browser (and remember it if so). */
async function firstTime(tag) {
  if (!tag || !self.caches) {
    return true;
  }
  try {
    const shown = await caches.open(SHOWN);
    const key = new Request(`/__push-shown/${encodeURIComponent(tag)}`);
    if (await shown.match(key)) {
      return false;
    }
    await shown.put(key, new Response(""));
    const keys = await shown.keys();
    await Promise.all(keys.slice(0, Math.max(0, keys.length - SHOWN_KEPT)).map((old) => shown.delete(old)));
    return true;
  } catch (error) {
    return true;
  }
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const { url, click, settings } = event.notification.data || {};
  if (event.action === "settings" && settings) {
    event.waitUntil(self.clients.openWindow(settings));
    return;
  }
  const report = click
    ? fetch(click, { method: "POST", credentials: "omit", keepalive: true }).catch(() => {})
    : Promise.resolve();
  event.waitUntil(Promise.all([report, self.clients.openWindow(url || "/")]));
});
