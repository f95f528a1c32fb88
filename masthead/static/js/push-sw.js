/* Masthead's service worker (served as /sw.js): shows each push and reports its click.
   The payload is the JSON the fan-out encrypts (masthead/push/services.py): title, body,
   image, url, tag (one per alert, so a repeated push replaces rather than duplicates the
   notification) and click (the signed address that counts the click). */
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
    data: { url: data.url || "/", click: data.click || "" },
  };
  if (data.image) {
    options.image = data.image;
  }
  event.waitUntil(self.registration.showNotification(data.title || "", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const { url, click } = event.notification.data || {};
  const report = click
    ? fetch(click, { method: "POST", credentials: "omit", keepalive: true }).catch(() => {})
    : Promise.resolve();
  event.waitUntil(Promise.all([report, self.clients.openWindow(url || "/")]));
});
