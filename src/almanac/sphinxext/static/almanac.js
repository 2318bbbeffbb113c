// Almanac: marks today in the calendar and shows today's events, from events.json, in the
// reader's own time zone. Without JavaScript the page keeps its plain links to every day.
(() => {
  "use strict";
  const now = new Date();
  const day = `${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const dayName = now.toLocaleDateString("en-GB", { day: "numeric", month: "long" });

  for (const cell of document.querySelectorAll(`.almanac-day-${day}`)) {
    cell.classList.add("almanac-is-today");
    cell.setAttribute("aria-current", "date");
  }

  const blocks = document.querySelectorAll(".almanac-today");
  if (blocks.length === 0) return;
  const root = document.documentElement.dataset.content_root ?? "";

  const link = (href, text) => {
    const anchor = document.createElement("a");
    anchor.href = root + href;
    anchor.textContent = text;
    return anchor;
  };

  const render = (block, events) => {
    const content = document.createElement("div");
    content.className = "almanac-today-events";
    if (events.length === 0) {
      const empty = document.createElement("p");
      empty.append(`Nothing in Almanac happened on ${dayName} yet. `, link("on-this-day/index.html", "Browse the calendar"), ".");
      content.append(empty);
    } else {
      const list = document.createElement("ul");
      list.className = "almanac-list";
      for (const event of events) {
        const item = document.createElement("li");
        const year = document.createElement("strong");
        year.textContent = event.date.slice(0, 4);
        item.append(year, " — ", link(event.url, event.title));
        if (event.summary.event) item.append(`: ${event.summary.event}`);
        list.append(item);
      }
      const heading = document.createElement("p");
      heading.append(`On ${dayName}:`);
      content.append(heading, list, link(`on-this-day/${day}.html`, `All of ${dayName}`));
    }
    const fallback = block.querySelector("p:not(.rubric)");
    if (fallback) fallback.replaceWith(content);
    else block.append(content);
  };

  fetch(`${root}events.json`)
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((data) => {
      const today = data.events.filter((event) => event.day === day);
      for (const block of blocks) render(block, today);
    })
    .catch(() => {}); // the plain link to the calendar stays
})();
