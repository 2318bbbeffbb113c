// Almanac: marks today in the calendar and, when the reader's day (in their time zone) is not the
// day the page was built with, fills the "Today in history" block from the day's own small file
// (on-this-day/MM-DD.json). When today has nothing, it shows the next days that do and a random
// event. Without JavaScript the page keeps the build day's events and its link to the calendar.
(() => {
  "use strict";
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  const day = `${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

  for (const cell of document.querySelectorAll(`.almanac-day-${day}`)) {
    cell.classList.add("almanac-is-today");
    cell.setAttribute("aria-current", "date");
  }

  // The blocks written with another day's events than the reader's.
  const blocks = [...document.querySelectorAll(".almanac-today")].filter(
    (block) => !block.querySelector(`.almanac-today-events.almanac-today-${day}`));
  if (blocks.length === 0) return;
  const root = document.documentElement.dataset.content_root ?? "";
  const getJSON = (path) => fetch(root + path).then((r) => (r.ok ? r.json() : Promise.reject(r.status)));

  // Every text comes from the site's data and goes in as text, never as markup.
  const link = (href, text) => {
    const anchor = document.createElement("a");
    anchor.href = root + href;
    anchor.textContent = text;
    return anchor;
  };
  const element = (tag, ...children) => {
    const node = document.createElement(tag);
    node.append(...children);
    return node;
  };

  const entryItem = (entry) => {
    const item = element("li", element("strong", entry.year), " — ");
    item.append(entry.url ? link(entry.url, entry.title) : entry.title);
    if (entry.line) item.append(`: ${entry.line}`);
    return item;
  };

  const randomLink = () => {
    const anchor = link("on-this-day/index.html", "A random event");
    anchor.className = "almanac-random";
    getJSON("on-this-day/days.json")
      .then((data) => getJSON(`on-this-day/${data.days[Math.floor(Math.random() * data.days.length)]}.json`))
      .then((data) => {
        const events = data.sections.find((section) => section.heading === "Events").entries;
        const event = events[Math.floor(Math.random() * events.length)];
        anchor.href = root + event.url;
        anchor.textContent = `A random event: ${event.title} (${event.year})`;
      })
      .catch(() => {}); // the link to the calendar stays
    return anchor;
  };

  const render = (block, data) => {
    const content = element("div");
    content.className = `almanac-today-events almanac-today-${data.day}`;
    if (data.sections.length > 0) {
      content.append(element("p", `On ${data.title}:`));
      for (const section of data.sections) {
        const list = element("ul", ...section.entries.map(entryItem));
        list.className = "almanac-list";
        const heading = element("p", section.heading);
        heading.className = "rubric";
        content.append(heading, list);
      }
      content.append(element("p", link(data.url, `All of ${data.title}`)));
    } else {
      content.append(element("p", `Nothing in the knowledge base happened on ${data.title} yet.`));
      if (data.coming_up.length > 0) {
        const list = element("ul", ...data.coming_up.map((later) =>
          element("li", element("strong", later.title), " — ", link(later.url, later.first),
                  later.count > 1 ? ` and ${later.count - 1} more` : "")));
        list.className = "almanac-list almanac-coming-up";
        content.append(element("p", "Coming up:"), list);
      }
      content.append(element("p", randomLink()));
    }
    const written = block.querySelector(".almanac-today-events");
    if (written) written.replaceWith(content);
    else block.append(content);
  };

  getJSON(`on-this-day/${day}.json`)
    .then((data) => { for (const block of blocks) render(block, data); })
    .catch(() => {}); // the plain link to the calendar stays
})();
