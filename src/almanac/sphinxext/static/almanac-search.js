// Almanac's search page loads the parts of the search index that the query needs, not the whole
// index (see almanac/core/searchparts.py for how the parts are cut): the terms of each word, the
// titles of one word, and the names and titles of the pages found. It puts them together in the
// shape of Sphinx's index and hands that to Sphinx (Search.setIndex), whose query, scoring and
// results are unchanged. If a part is missing, or parts of two builds meet (a cached page), it
// loads the whole index instead, as Sphinx's own search page does.
//
// The page loads this script early and without waiting for it (async), so that the parts the
// query's words need come while the rest of the page does (a large group's own part, which the
// page lists, and then every page's name, at the same time as the buckets). It starts putting them together once
// Sphinx's search scripts (its stemmer among them) have run: the page says so in
// window.almanacSearchScriptsRan and calls AlmanacSearch.start(), whichever of the two runs last.
"use strict";
const AlmanacSearch = (() => {
  const script = document.currentScript;
  const base = script.dataset.parts;
  const buckets = Number(script.dataset.buckets);
  const docsPerPart = Number(script.dataset.docsPerPart);
  const allPages = script.dataset.allPages;
  // The large groups' parts of their own (searchparts.own_part), which their buckets name too.
  const ownParts = new Set((script.dataset.ownParts || "").split(" ").filter((name) => name));
  const loaded = new Map(); // part name -> promise of its data
  const waiting = new Map(); // part name -> resolve, until the part's script calls addPart
  let version = null;
  let fellBack = false;

  // searchparts.bucket: a hash of the key's code points.
  const bucket = (key) => {
    let value = 0;
    for (const character of key) value = (value * 31 + character.codePointAt(0)) % buckets;
    return value;
  };
  const groupKey = (word) => Array.from(word).slice(0, 2).join("");

  const addScript = (src) => {
    const element = document.createElement("script");
    element.src = src;
    return document.head.appendChild(element);
  };

  const load = (name) => {
    if (!loaded.has(name)) {
      loaded.set(name, new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        addScript(`${base}${name}.js`).onerror = () => reject(new Error(`${name}: not found`));
      }));
    }
    return loaded.get(name);
  };

  const addPart = (name, stamp, data) => {
    if (version === null) version = stamp;
    const resolve = waiting.get(name);
    waiting.delete(name);
    if (resolve) resolve(stamp === version ? data : null);
  };

  const fallBack = () => {
    if (fellBack) return;
    fellBack = true;
    addScript(script.dataset.index);
  };

  // The words of the query as Sphinx's _parseQuery and _performSearch see them.
  const queryWords = (query) => {
    const stemmer = new Stemmer();
    const stems = new Set();
    for (const word of splitQuery(query.trim())) {
      const lower = word.toLowerCase();
      if (stopwords.has(lower) || lower.match(/^\d+$/)) continue;
      const stem = stemmer.stemWord(lower);
      stems.add(stem[0] === "-" ? stem.substr(1) : stem);
    }
    const objectTerms = splitQuery(query.toLowerCase().trim());
    return { stems: [...stems], objectTerms };
  };

  // The word whose titles part holds every title that contains the whole query: any word after
  // the first starts a word of such a title. One with a digit (a number, a designation such as
  // "STS-51") is likely the rarest, then the longest.
  const titleWord = (objectTerms) => {
    const later = objectTerms.slice(1);
    if (!later.length) return objectTerms[0];
    const rank = (word) => [/\d/.test(word) ? 1 : 0, word.length];
    return later.reduce((best, word) => {
      const [a, b] = [rank(word), rank(best)];
      return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? word : best;
    });
  };

  // The pages of an entry: a term's page or pages, or a title's [page, anchor, ...] rows.
  const pagesOf = (entry) =>
    (typeof entry === "number" ? [entry] : entry.map((item) => (Array.isArray(item) ? item[0] : item)));

  // Several parts, by name, once all have come (null for a part of another build).
  const loadAll = async (names) => {
    const unique = [...new Set(names)];
    const parts = await Promise.all(unique.map(load));
    if (parts.some((part) => part === null)) throw new Error("parts of two builds");
    return new Map(unique.map((name, position) => [name, parts[position]]));
  };

  const bucketOf = ([kind, key]) => `${kind}-${bucket(key)}`;
  const ownPartOf = ([kind, key]) =>
    `${kind}-x` + Array.from(key).map((character) => character.codePointAt(0).toString(16)).join("_");

  // The groups a query needs, as [kind, key]: the terms of its words' stems, the titles of one
  // word, the objects of each word.
  const groupsOf = (stems, objectTerms) => {
    const wanted = [...new Set(stems.map(groupKey))].map((key) => ["terms", key]);
    if (objectTerms.length) wanted.push(["titles", groupKey(titleWord(objectTerms))]);
    new Set(objectTerms.map(groupKey)).forEach((key) => wanted.push(["objects", key]));
    return wanted;
  };

  const assemble = async (query) => {
    const { stems, objectTerms } = queryWords(query);
    const wanted = groupsOf(stems, objectTerms);
    const buckets = await loadAll(wanted.map(bucketOf));
    // A large group has a part of its own, which its bucket names.
    const inBucket = wanted.map((group) => buckets.get(bucketOf(group)).groups[group[1]] || {});
    const own = await loadAll(inBucket.filter((group) => typeof group === "string"));
    const groups = inBucket.map((group) => (typeof group === "string" ? own.get(group).group : group));

    const index = {
      terms: {}, titleterms: {}, alltitles: {}, indexentries: {}, objects: {},
      objnames: {}, objtypes: {}, docnames: [], filenames: [], titles: [],
    };
    // Of each group, only what Sphinx's query can match (its own tests, or looser ones), so that
    // only the pages it can find are loaded.
    const queryLower = query.toLowerCase().trim();
    const termMayMatch = (term) => stems.some((stem) => term === stem || (stem.length > 2 && term.includes(stem)));
    const mayMatch = {
      terms: termMayMatch,
      titleterms: termMayMatch,
      alltitles: (title) => title.toLowerCase().trim().includes(queryLower) && queryLower.length >= title.length / 2,
      indexentries: (entry) => entry.includes(queryLower) && queryLower.length >= entry.length / 2,
    };
    const objectMayMatch = (prefix, row) => {
      const name = (prefix ? `${prefix}.${row[4]}` : row[4]).toLowerCase();
      return objectTerms.some((term) => name.includes(term));
    };
    const pages = new Set();
    // An object is filed under each of its words: one row per object, in Sphinx's order (the
    // row's last item is its place there).
    const objectRows = new Map(); // prefix -> Map(place -> row)
    wanted.forEach(([kind], position) => {
      const group = groups[position];
      const fields = { terms: ["terms", "titleterms"], titles: ["alltitles", "indexentries"] }[kind];
      if (fields) {
        for (const field of fields) {
          for (const [key, entry] of Object.entries(group[field] || {})) {
            if (!mayMatch[field](key)) continue;
            index[field][key] = entry;
            pagesOf(entry).forEach((page) => pages.add(page));
          }
        }
        return;
      }
      for (const [prefix, rows] of Object.entries(group)) {
        if (!objectRows.has(prefix)) objectRows.set(prefix, new Map());
        rows.filter((row) => objectMayMatch(prefix, row)).forEach((row) => objectRows.get(prefix).set(row[5], row));
      }
    });
    for (const [name, part] of buckets) {
      if (name.startsWith("objects-")) Object.assign(index, { objnames: part.objnames, objtypes: part.objtypes });
    }
    for (const [prefix, rows] of objectRows) {
      index.objects[prefix] = [...rows.values()].sort((a, b) => a[5] - b[5]);
      index.objects[prefix].forEach((row) => pages.add(row[0]));
    }
    // Every page's part when it was asked for with a large group's, else those of the pages found.
    const docs = await loadAll(loaded.has(allPages) ? [allPages]
      : [...pages].map((page) => `docs-${Math.floor(page / docsPerPart)}`));
    for (const part of docs.values()) {
      part.docnames.forEach((name, offset) => {
        const page = part.start + offset;
        index.docnames[page] = name;
        index.titles[page] = part.titles[offset];
        index.filenames[page] = part.filenames[offset] ?? name + part.suffix;
      });
    }
    return index;
  };

  // Words as Sphinx's splitQuery splits them (searchtools.js may not have run yet).
  const words = (text) => text.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((word) => word);
  const query = new URLSearchParams(window.location.search).get("q");
  const searching = Boolean(query && query.trim());
  if (searching) {  // the words stand for their stems, which keep their first two letters
    const lower = words(query.toLowerCase().trim());
    const groups = groupsOf(lower, lower);
    groups.map(bucketOf).forEach((name) => load(name).catch(() => null));
    // A large group's own part comes with its bucket, not after it; its pages are most of the
    // site's, so the names of all pages come at once too, in one part.
    const own = groups.map(ownPartOf).filter((name) => ownParts.has(name));
    own.forEach((name) => load(name).catch(() => null));
    if (own.length) load(allPages).catch(() => null);
  }
  let started = false;
  const start = () => {
    if (started || !searching) return;
    started = true;
    assemble(query).then((index) => Search.setIndex(index)).catch(fallBack);
  };
  if (window.almanacSearchScriptsRan) start();
  return { addPart, start };
})();
