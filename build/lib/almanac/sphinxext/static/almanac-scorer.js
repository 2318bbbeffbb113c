// Almanac's search scorer (html_search_scorer): Sphinx's default weights, plus one rule.
// Index entries name the people and missions of each page, so searching "Voskhod 2" finds the
// mission's page and every event of that mission with the same top score. Among those, a page
// whose title contains what was searched (the mission itself, or an event named after it) comes
// first, ahead of the events that only list it.
var Scorer = {
  score: (result) => {
    const [, title, , , score, , kind] = result;
    const query = (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase();
    const named = kind === SearchResultKind.index && query && title.toLowerCase().includes(query);
    return named ? score + 1 : score;
  },
  // Sphinx's defaults (sphinx/themes/basic/static/searchtools.js), unchanged:
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
