// The header's date and GMT time, kept to the minute. The server prints the time it rendered
// the page (the no-JavaScript fallback, as old as the cached copy); this corrects it at once
// and then every minute, in the page's language, always in GMT like every time on the site.
(() => {
  const clock = document.querySelector("[data-clock]");
  if (!clock) return;
  const language = document.documentElement.lang || undefined;
  const day = new Intl.DateTimeFormat(language, {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  });
  const pad = (number) => String(number).padStart(2, "0");
  const show = () => {
    const now = new Date();
    clock.dateTime = now.toISOString().replace(/\.\d+Z$/, "+00:00");
    // Weekday, day, month and year in that order, as the server prints them ("l j F Y").
    const parts = Object.fromEntries(day.formatToParts(now).map((part) => [part.type, part.value]));
    const date = `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
    clock.textContent = `${date}, ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())} GMT`;
  };
  show();
  setTimeout(() => { show(); setInterval(show, 60000); }, 60000 - (Date.now() % 60000));
})();
