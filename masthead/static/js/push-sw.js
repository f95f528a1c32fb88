/* Masthead's service worker (served as /sw.js): shows each push and reports its click.
   The payload is the JSON the fan-out encrypts (masthead/push/services.py): title, body,
   image, url, tag (one per alert, so a repeated push replaces rather than duplicates the
   notification), click (the signed address that counts the click) and settings with its
   label (the edition's notification settings page, offered as the notification's action,
   where the reader unfollows or turns notifications off in one click). */
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
  event.waitUntil(self.registration.showNotification(data.title || "", options));
});

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
