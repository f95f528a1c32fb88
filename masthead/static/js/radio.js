// Listen Live: without JavaScript the link opens /radio/, a page with the player. With it, a
// press starts the stream at once (in the press itself, as Safari asks) and loads the player
// (radio-player.js), which keeps the audio playing while the reader moves between pages.
// This file is all that every page loads for the radio.
(() => {
  "use strict";
  const link = document.querySelector("[data-listen-live]");
  if (!link || !window.fetch || !window.DOMParser || !window.history.pushState) return;
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (window.mastheadRadio) {
      window.mastheadRadio.open(link);
      return;
    }
    const audio = new Audio(link.dataset.stream);
    audio.preload = "none";
    audio.play().catch(() => {}); // the player shows its controls; a refused start is retried there
    window.mastheadRadioAudio = audio;
    const script = document.createElement("script");
    script.src = link.dataset.playerScript;
    script.onload = () => window.mastheadRadio && window.mastheadRadio.open(link);
    script.onerror = () => { audio.pause(); window.location.href = link.href; };
    document.body.append(script);
  });
})();
