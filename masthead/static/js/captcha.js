// The anti-robot check (masthead/readers/captcha.py): ALTCHA's proof-of-work, solved with the
// browser's own crypto. Same algorithm as ALTCHA's widget and its libraries (PoW v2):
//   key = PBKDF2(password = nonce ‖ counter as a big-endian uint32, salt, cost, keyLength);
//   the answer is the first counter whose key, in hex, starts with keyPrefix.
// The payload sent in the hidden input is base64(JSON {challenge, solution}).
// Why our own 100 lines instead of ALTCHA's widget: the widget weighs over 80 kB and brings its
// own texts; this one speaks through the page's translated, screen-reader-announced status line.
(() => {
  if (window.mastheadCaptcha) return;
  window.mastheadCaptcha = true;

  const BATCH = 8; // derivations in flight at once: WebCrypto runs them off the main thread
  const HASHES = { "PBKDF2/SHA-256": "SHA-256", "PBKDF2/SHA-384": "SHA-384", "PBKDF2/SHA-512": "SHA-512" };

  const hexToBytes = (hex) => {
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    return bytes;
  };
  const bytesToHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

  async function derive(params, nonce, salt, counter) {
    const password = new Uint8Array(nonce.length + 4);
    password.set(nonce);
    new DataView(password.buffer).setUint32(nonce.length, counter, false);
    const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: HASHES[params.algorithm], salt, iterations: params.cost },
      key,
      params.keyLength * 8,
    );
    return bytesToHex(new Uint8Array(bits));
  }

  async function solve(challenge, isStale) {
    const params = challenge.parameters;
    if (!(params.algorithm in HASHES)) throw new Error(`unsupported algorithm ${params.algorithm}`);
    const nonce = hexToBytes(params.nonce);
    const salt = hexToBytes(params.salt);
    const prefix = params.keyPrefix.toLowerCase();
    const started = performance.now();
    for (let first = 0; first <= 0xffffffff; first += BATCH) {
      if (isStale()) return null;
      const counters = Array.from({ length: BATCH }, (_, i) => first + i);
      const keys = await Promise.all(counters.map((counter) => derive(params, nonce, salt, counter)));
      const found = keys.findIndex((key) => key.startsWith(prefix));
      if (found >= 0) {
        return { counter: counters[found], derivedKey: keys[found], time: Math.round(performance.now() - started) };
      }
    }
    return null;
  }

  function setUp(widget) {
    const form = widget.closest("form");
    const input = widget.querySelector("[data-captcha-input]");
    const status = widget.querySelector("[data-captcha-status]");
    const retry = widget.querySelector("[data-captcha-retry]");
    const say = (name) => { status.textContent = widget.dataset[`msg${name}`]; };
    let state = "idle";
    let run = 0;
    let pendingSubmitter = undefined; // set while a submit waits for the check

    if (!window.crypto || !crypto.subtle) {
      say("Unsupported"); // an insecure (plain HTTP) origin: the server will explain too
      return;
    }

    async function start() {
      run += 1;
      const mine = run;
      state = "working";
      input.value = "";
      retry.hidden = true;
      widget.setAttribute("aria-busy", "true");
      say("Working");
      try {
        const response = await fetch(widget.dataset.challengeUrl, {
          credentials: "same-origin",
          cache: "no-store",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) throw new Error(`challenge: HTTP ${response.status}`);
        const challenge = await response.json();
        const solution = await solve(challenge, () => mine !== run);
        if (mine !== run) return;
        if (!solution) throw new Error("no solution");
        input.value = btoa(JSON.stringify({ challenge, solution }));
        state = "done";
        widget.removeAttribute("aria-busy");
        say("Done");
        const expiresAt = challenge.parameters.expiresAt;
        if (expiresAt) {
          const refresh = Math.max(0, expiresAt * 1000 - Date.now() - 30000);
          setTimeout(() => { if (mine === run && state === "done") start(); }, refresh);
        }
        if (pendingSubmitter !== undefined && form) {
          const submitter = pendingSubmitter;
          pendingSubmitter = undefined;
          form.requestSubmit(submitter || undefined);
        }
      } catch (error) {
        if (mine !== run) return;
        state = "failed";
        pendingSubmitter = undefined;
        widget.removeAttribute("aria-busy");
        retry.hidden = false;
        say("Failed");
      }
    }

    retry.addEventListener("click", () => { start(); });
    if (form) {
      form.addEventListener("submit", (event) => {
        if (state === "done") return;
        event.preventDefault();
        if (state === "failed") {
          say("Failed");
          retry.focus();
          return;
        }
        pendingSubmitter = event.submitter || null;
        say("Waiting");
      });
    }
    // A page restored from the back-forward cache holds a spent solution: solve a new one.
    window.addEventListener("pageshow", (event) => { if (event.persisted) start(); });
    start();
  }

  const init = () => document.querySelectorAll("[data-captcha]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
