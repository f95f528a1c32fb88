// The soft prompt for push notifications (masthead/templates/push/_prompt.html). It stays away
// for the first seconds of a first visit and never covers an article's first screen; Refuse is
// remembered in localStorage (no cookie: the page cache is unaffected) for the configured days;
// only Accept asks the browser for permission, then registers the service worker (/sw.js),
// subscribes with the site's VAPID key and stores the subscription (POST /push/subscribe/).
(() => {
  const prompt = document.querySelector("[data-push-prompt]");
  if (!prompt || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  if (!("Notification" in window) || Notification.permission === "denied") return;
  const store = {
    get: (key) => { try { return localStorage.getItem(`masthead.push.${key}`); } catch { return null; } },
    set: (key, value) => { try { localStorage.setItem(`masthead.push.${key}`, value); } catch { /* private mode */ } },
  };
  const now = Date.now();
  if (store.get("subscribed") === "1" && Notification.permission === "granted") return;
  if (Number(store.get("refusedUntil") || 0) > now) return;
  const firstSeen = Number(store.get("firstSeen") || 0) || now;
  store.set("firstSeen", String(firstSeen));
  const delay = Math.max(0, Number(prompt.dataset.delaySeconds || 0) * 1000 - (now - firstSeen));
  const isArticle = Boolean(document.querySelector("main article.article"));
  const status = prompt.querySelector("[data-push-status]");
  const message = (name) => prompt.querySelector("[data-push-messages]").content.querySelector(`[data-${name}]`).textContent;

  const show = () => { prompt.hidden = false; };
  const whenAllowed = () => {
    if (!isArticle || window.scrollY > window.innerHeight) { show(); return; }
    const onScroll = () => {
      if (window.scrollY > window.innerHeight) { window.removeEventListener("scroll", onScroll); show(); }
    };
    window.addEventListener("scroll", onScroll, { passive: true });
  };
  setTimeout(whenAllowed, delay);

  const keyBytes = (base64url) => {
    const base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  };

  prompt.querySelector("[data-push-refuse]").addEventListener("click", () => {
    const days = Number(prompt.dataset.refuseDays || 30);
    store.set("refusedUntil", String(Date.now() + days * 86400000));
    prompt.hidden = true;
  });

  prompt.querySelector("[data-push-accept]").addEventListener("click", async () => {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      status.textContent = message("blocked");
      return;
    }
    try {
      const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      await navigator.serviceWorker.ready;
      const setup = await (await fetch("/push/subscribe/", { credentials: "same-origin" })).json();
      const subscription = (await registration.pushManager.getSubscription())
        || await registration.pushManager.subscribe({
          userVisibleOnly: true, applicationServerKey: keyBytes(setup.publicKey),
        });
      const { endpoint, keys } = subscription.toJSON();
      const response = await fetch("/push/subscribe/", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": setup.csrfToken },
        body: JSON.stringify({ endpoint, keys, language: document.documentElement.lang, topics: ["breaking"] }),
      });
      if (!response.ok) throw new Error(`subscribe: ${response.status}`);
      store.set("subscribed", "1");
      status.textContent = message("done");
      prompt.querySelectorAll("button").forEach((button) => { button.hidden = true; });
      setTimeout(() => { prompt.hidden = true; }, 4000);
    } catch (error) {
      status.textContent = message("failed");
    }
  });
})();
