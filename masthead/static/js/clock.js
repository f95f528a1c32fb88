// The header's date and GMT time, kept to the minute. The server prints the time it rendered
// the page (the no-JavaScript fallback, as old as the cached copy); this corrects it at once
// and then every minute, in the page's language, always in GMT like every time on the site.
(() => {
  const clock = document.querySelector("[data-clock]");
  if (!clock) return;
  const language = document.documentElement.lang || undefined;
  const pad = (number) => String(number).padStart(2, "0");
  // The date as the server printed it, and for which day: reused while the day is the same.
  // Setting up Intl.DateTimeFormat is a long task on a phone (160 ms in Lighthouse's mobile
  // run), so it is made only when the day has changed since the page was rendered.
  const printed = clock.textContent.trim().match(/^(.*), \d\d:\d\d GMT$/);
  const printedDay = (clock.getAttribute("datetime") || "").slice(0, 10);
  let day = null;
  const dateOf = (now) => {
    if (printed && now.toISOString().slice(0, 10) === printedDay) return printed[1];
    day = day || new Intl.DateTimeFormat(language, {
      weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
      numberingSystem: "latn",
    });
    // Every edition but English prints the language's own full date, as Intl writes it
    // (news_tags.HEADER_DATE_FORMATS); English is the site's, day first with no comma.
    if (!/^en\b/.test(language || "en")) return day.format(now);
    const parts = Object.fromEntries(day.formatToParts(now).map((part) => [part.type, part.value]));
    return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
  };
  const show = () => {
    const now = new Date();
    clock.dateTime = now.toISOString().replace(/\.\d+Z$/, "+00:00");
    clock.textContent = `${dateOf(now)}, ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())} GMT`;
  };
  show();
  setTimeout(() => { show(); setInterval(show, 60000); }, 60000 - (Date.now() % 60000));
})();
