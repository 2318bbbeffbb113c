// Almanac's search scorer (html_search_scorer): Sphinx's default weights, plus one rule.
// Index entries name the people and missions of each page, so searching "Voskhod 2" finds the
// mission's page and every event of that mission with the same top score. Among those, a page
// whose title contains what was searched (the mission itself, or an event named after it) comes
// first, ahead of the events that only list it.
//
// The query is read from the address once per search, not once per result: at 10,000 events a
// common word matches every page, and parsing the address for each of them was a third of the search.
const _almanacQuery = { search: null, text: "" };
const _almanacSearchedText = () => {
  if (_almanacQuery.search !== window.location.search) {
    _almanacQuery.search = window.location.search;
    _almanacQuery.text = (new URLSearchParams(_almanacQuery.search).get("q") || "").trim().toLowerCase();
  }
  return _almanacQuery.text;
};
var Scorer = {
  score: (result) => {
    const [, title, , , score, , kind] = result;
    if (kind !== SearchResultKind.index) return score;
    const query = _almanacSearchedText();
    return query && title.toLowerCase().includes(query) ? score + 1 : score;
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
