// Push notifications in the page shell: the helpers the pages' scripts share
// (window.mastheadPush: push-follow.js on articles, push-settings.js on /notifications/) and
// the soft prompt (masthead/templates/push/_prompt.html). The prompt stays away for the first
// seconds of a first visit and never covers an article's first screen; Refuse is remembered in
// localStorage (no cookie: the page cache is unaffected) for the configured days; only Accept
// asks the browser for permission, then registers the service worker (/sw.js), subscribes with
// the site's VAPID key and stores the subscription (POST /push/subscribe/).
(() => {
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  const store = {
    get: (key) => { try { return localStorage.getItem(`masthead.push.${key}`); } catch { return null; } },
    set: (key, value) => { try { localStorage.setItem(`masthead.push.${key}`, value); } catch { /* private mode */ } },
  };
  const keyBytes = (base64url) => {
    const base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  };
  // The pages may come from the page cache, which holds no CSRF token: ask for one (and the key).
  let setupPromise = null;
  const setup = () => {
    setupPromise = setupPromise || fetch("/push/subscribe/", { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(`setup: ${response.status}`);
      return response.json();
    }).catch((error) => {
      setupPromise = null; // ask again next time: a network blip must not stick for the page
      throw error;
    });
    return setupPromise;
  };
  const post = async (url, body) => {
    const { csrfToken } = await setup();
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(body),
    });
  };

  // This browser's subscription, or null (no service worker registered yet: none).
  const current = async () => {
    if (!supported) return null;
    const registration = await navigator.serviceWorker.getRegistration("/");
    return registration ? registration.pushManager.getSubscription() : null;
  };

  // Ask for permission if need be, subscribe the browser and store it here with `topics`
  // (added to what it follows when `merge`). Resolves to the stored topics; rejects with
  // Error("blocked") when the reader or the browser refuses notifications.
  const subscribe = async (topics, { merge = false } = {}) => {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") throw new Error("blocked");
    const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    await navigator.serviceWorker.ready;
    const { publicKey } = await setup();
    const subscription = (await registration.pushManager.getSubscription())
      || await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
    const { endpoint, keys } = subscription.toJSON();
    const response = await post("/push/subscribe/", {
      endpoint, keys, language: document.documentElement.lang, topics, merge,
    });
    if (!response.ok) throw new Error(`subscribe: ${response.status}`);
    store.set("subscribed", "1");
    return (await response.json()).topics;
  };

  // What this browser follows after the change: {topics, stories}, or null if it has no
  // subscription here (never subscribed, or removed since).
  const topics = async ({ follow = [], unfollow = [] } = {}) => {
    const subscription = await current();
    if (!subscription) return null;
    const response = await post("/push/topics/", { endpoint: subscription.endpoint, follow, unfollow });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`topics: ${response.status}`);
    return response.json();
  };

  // Turn notifications off for this browser: here and at the push service.
  const unsubscribe = async () => {
    const subscription = await current();
    if (!subscription) return;
    const response = await post("/push/unsubscribe/", { endpoint: subscription.endpoint });
    if (!response.ok) throw new Error(`unsubscribe: ${response.status}`);
    await subscription.unsubscribe();
    store.set("subscribed", "0");
  };

  window.mastheadPush = {
    supported,
    blocked: () => !supported || Notification.permission === "denied",
    current,
    subscribe,
    topics,
    unsubscribe,
  };

  const prompt = document.querySelector("[data-push-prompt]");
  if (!prompt || !supported || Notification.permission === "denied") return;
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

  prompt.querySelector("[data-push-refuse]").addEventListener("click", () => {
    const days = Number(prompt.dataset.refuseDays || 30);
    store.set("refusedUntil", String(Date.now() + days * 86400000));
    prompt.hidden = true;
  });

  prompt.querySelector("[data-push-accept]").addEventListener("click", async () => {
    try {
      await subscribe(["breaking"], { merge: true });
      status.textContent = message("done");
      prompt.querySelectorAll("button").forEach((button) => { button.hidden = true; });
      setTimeout(() => { prompt.hidden = true; }, 4000);
    } catch (error) {
      status.textContent = message(error.message === "blocked" ? "blocked" : "failed");
    }
  });
})();
