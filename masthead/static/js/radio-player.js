// The Listen Live player (loaded by radio.js on the first press): a bar at the bottom of the
// window with the stream's <audio> (the browser's own controls, keyboard included), "now on
// air" from the schedule (/radio/now.json) and a Stop button. While it plays, following a
// link of the site or searching fetches the next page and swaps the page's main region, the
// section bar and the edition links in place (history, title, focus and scroll handled), so
// the audio element lives on; anything else (another edition, the account pages, the admin,
// a file, an error) is an ordinary page load. Media Session metadata gives the lock screen
// and the keyboard's media keys the programme and the station.
(() => {
  "use strict";
  const REGIONS = [".page", ".site-nav", "nav.languages"];
  const FULL_LOAD = /^\/(?:[a-z]{2}(?:-[a-z]+)?\/)?(?:admin|account|documents|media|static|push|radio\/now\.json)(?:\/|$)|\.(?:xml|json|txt|pdf|zip|csv)$/i;
  // The page shell's scripts (base.html marks them data-shell) run once and stay; every other
  // script belongs to the page it came with and runs again for each page swapped in, even
  // when the previous page had the same one (article.js from one article to the next).
  const isShell = (script) => script.hasAttribute("data-shell");
  let link = null;
  let bar = null;
  let audio = null;
  let onAirText = null;
  let announcer = null;
  let onAirTimer = null;
  let active = false;
  let loading = null;
  let pushed = false;

  const label = (name) => (link && link.dataset[name]) || "";

  const build = () => {
    bar = document.createElement("section");
    bar.className = "radio-player";
    bar.setAttribute("aria-label", label("labelPlayer"));
    const station = document.createElement("p");
    station.className = "radio-player__station";
    station.textContent = link.dataset.station || document.title.split(" | ").pop();
    onAirText = document.createElement("p");
    onAirText.className = "radio-player__on-air";
    onAirText.setAttribute("aria-live", "polite");
    audio = window.mastheadRadioAudio || new Audio(link.dataset.stream);
    audio.controls = true;
    audio.setAttribute("aria-label", `${label("labelPlayer")}: ${station.textContent}`);
    const stop = document.createElement("button");
    stop.type = "button";
    stop.className = "radio-player__stop";
    stop.textContent = label("labelStopShort");
    stop.setAttribute("aria-label", label("labelStop"));
    stop.addEventListener("click", close);
    announcer = document.createElement("p");
    announcer.className = "visually-hidden";
    announcer.setAttribute("aria-live", "polite");
    bar.append(station, audio, onAirText, stop, announcer);
    document.body.append(bar);
    if ("mediaSession" in navigator) {
      navigator.mediaSession.setActionHandler("play", () => audio.play());
      navigator.mediaSession.setActionHandler("pause", () => audio.pause());
      navigator.mediaSession.setActionHandler("stop", close);
    }
  };

  const onAirRefresh = async () => {
    window.clearTimeout(onAirTimer);
    let next = 5 * 60 * 1000;
    try {
      const response = await fetch(link.dataset.nowUrl, { credentials: "same-origin" });
      const now = await response.json();
      const station = now.station || link.dataset.station || "";
      const programme = now.on_air;
      onAirText.textContent = programme
        ? `${label("labelOnAir")}: ${programme.title}${programme.host ? ` (${programme.host})` : ""}`
        : "";
      if ("mediaSession" in navigator && window.MediaMetadata) {
        navigator.mediaSession.metadata = new MediaMetadata({
          title: programme ? programme.title : station,
          artist: programme && programme.host ? programme.host : station,
          album: station,
        });
      }
      if (programme && programme.until) {
        next = Math.min(next, Math.max(5000, Date.parse(programme.until) - Date.now() + 2000));
      }
    } catch {
      // The schedule is a nicety: the stream plays without it.
    }
    if (active) onAirTimer = window.setTimeout(onAirRefresh, next);
  };

  const open = (fromLink) => {
    link = fromLink;
    if (!bar) build();
    bar.hidden = false;
    document.body.classList.add("has-radio-player");
    if (!audio.getAttribute("src")) audio.src = link.dataset.stream;
    if (audio.paused) audio.play().catch(() => {});
    active = true;
    onAirRefresh();
    audio.focus();
  };

  function close() {
    active = false;
    window.clearTimeout(onAirTimer);
    audio.pause();
    audio.removeAttribute("src"); // stop downloading the stream, not just the sound
    audio.load();
    bar.hidden = true;
    document.body.classList.remove("has-radio-player");
    if ("mediaSession" in navigator) navigator.mediaSession.metadata = null;
    if (link) link.focus();
  }

  const swappable = (url) =>
    url.origin === window.location.origin && !FULL_LOAD.test(url.pathname);

  const runScripts = (doc) => {
    document.querySelectorAll("script[data-radio-page-script]").forEach((script) => script.remove());
    const seen = new Set();
    doc.querySelectorAll("body script[src]").forEach((old) => {
      const src = new URL(old.getAttribute("src"), window.location.href).href;
      if (isShell(old) || src.includes("/js/radio-player.") || seen.has(src)) return;
      seen.add(src);
      const script = document.createElement("script");
      script.src = src;
      script.dataset.radioPageScript = "";
      document.body.append(script);
    });
  };

  const navigate = async (url, { push }) => {
    if (loading) loading.abort();
    loading = new AbortController();
    let response;
    try {
      response = await fetch(url.href, { credentials: "same-origin", signal: loading.signal });
    } catch (error) {
      if (error.name !== "AbortError") window.location.assign(url.href);
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    const landed = new URL(response.url || url.href);
    if (!type.startsWith("text/html") || response.status >= 500 || !swappable(landed)) {
      window.location.assign(url.href);
      return;
    }
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    if (doc.documentElement.lang !== document.documentElement.lang || !doc.querySelector(".page")) {
      window.location.assign(url.href);
      return;
    }
    REGIONS.forEach((selector) => {
      const now = document.querySelector(selector);
      const next = doc.querySelector(selector);
      if (now && next) now.replaceWith(document.adoptNode(next));
      else if (now) now.remove();
    });
    document.title = doc.title;
    landed.hash = url.hash;
    if (push) {
      window.history.pushState({ mastheadRadio: true }, "", landed.href);
      pushed = true;
    }
    runScripts(doc);
    const target = url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)));
    if (target) target.scrollIntoView();
    else window.scrollTo(0, 0);
    const main = document.getElementById("main");
    if (main) main.focus({ preventScroll: true });
    announcer.textContent = `${label("labelLoaded")} ${doc.title}`;
  };

  document.addEventListener("click", (event) => {
    if (!active || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target.closest("a[href]");
    if (!anchor || anchor.hasAttribute("download") || (anchor.target && anchor.target !== "_self")) return;
    if (anchor.matches("[data-listen-live]") || anchor.closest(".radio-player")) return;
    const url = new URL(anchor.href, window.location.href);
    if (!swappable(url)) return;
    const here = new URL(window.location.href);
    if (url.hash && url.pathname === here.pathname && url.search === here.search) return;
    event.preventDefault();
    navigate(url, { push: true });
  });

  document.addEventListener("submit", (event) => {
    if (!active || event.defaultPrevented) return;
    const form = event.target;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "get") return;
    const url = new URL(form.action || window.location.href, window.location.href);
    if (!swappable(url)) return;
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form, event.submitter)).toString();
    navigate(url, { push: true });
  });

  window.addEventListener("popstate", () => {
    if (active) navigate(new URL(window.location.href), { push: false });
    else if (pushed) window.location.reload(); // the radio stopped: back to ordinary pages
  });

  window.mastheadRadio = { open, close };
})();
