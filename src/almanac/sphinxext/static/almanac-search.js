// Almanac's search page loads the parts of the search index that the query needs, not the whole
// index (see almanac/core/searchparts.py for how the parts are cut): the terms of each word, the
// titles of one word, and the names and titles of the pages found. It puts them together in the
// shape of Sphinx's index and hands that to Sphinx (Search.setIndex), whose query, scoring and
// results are unchanged. If a part is missing, or parts of two builds meet (a cached page), it
// loads the whole index instead, as Sphinx's own search page does.
"use strict";
const AlmanacSearch = (() => {
  const script = document.currentScript;
  const base = script.dataset.parts;
  const buckets = Number(script.dataset.buckets);
  const docsPerPart = Number(script.dataset.docsPerPart);
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

  const load = (name) => {
    if (!loaded.has(name)) {
      loaded.set(name, new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const element = document.createElement("script");
        element.src = `${base}${name}.js`;
        element.onerror = () => reject(new Error(`${name}: not found`));
        document.head.appendChild(element);
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
    Search.loadIndex(script.dataset.index);
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
  // the first starts a word of such a title; the longest has the fewest titles.
  const titleWord = (objectTerms) => {
    const later = objectTerms.slice(1);
    if (!later.length) return objectTerms[0];
    return later.reduce((longest, word) => (word.length >= longest.length ? word : longest));
  };

  const pagesOf = (entry) => {
    if (typeof entry === "number") return [entry];
    if (Array.isArray(entry)) return entry.map((item) => (Array.isArray(item) ? item[0] : item));
    return [];
  };

  const assemble = async (query) => {
    const { stems, objectTerms } = queryWords(query);
    const termKeys = [...new Set(stems.map(groupKey))];
    const titleKey = objectTerms.length ? groupKey(titleWord(objectTerms)) : null;
    const objectKeys = [...new Set(objectTerms.map(groupKey))];
    const names = [...new Set([
      ...termKeys.map((key) => `terms-${bucket(key)}`),
      ...(titleKey === null ? [] : [`titles-${bucket(titleKey)}`]),
      ...objectKeys.map((key) => `objects-${bucket(key)}`),
    ])];
    const parts = await Promise.all(names.map(load));
    if (parts.some((part) => part === null)) throw new Error("parts of two builds");
    const index = {
      terms: {}, titleterms: {}, alltitles: {}, indexentries: {}, objects: {},
      objnames: {}, objtypes: {}, docnames: [], filenames: [], titles: [],
    };
    const pages = new Set();
    const take = (group, fields) => {
      for (const field of fields) {
        for (const [key, entry] of Object.entries(group[field] || {})) {
          index[field][key] = entry;
          pagesOf(entry).forEach((page) => pages.add(page));
        }
      }
    };
    // An object is filed under each of its words: one row per object, in Sphinx's order (the
    // row's last item is its place there).
    const objectRows = new Map(); // prefix -> Map(place -> row)
    names.forEach((name, position) => {
      const part = parts[position];
      const kind = name.slice(0, name.lastIndexOf("-"));
      const keysHere = (keys) => keys.filter((key) => name === `${kind}-${bucket(key)}`);
      if (kind === "terms") {
        keysHere(termKeys).forEach((key) => take(part.groups[key] || {}, ["terms", "titleterms"]));
      } else if (kind === "titles") {
        take(part.groups[titleKey] || {}, ["alltitles", "indexentries"]);
      } else {
        index.objnames = part.objnames;
        index.objtypes = part.objtypes;
        for (const key of keysHere(objectKeys)) {
          for (const [prefix, rows] of Object.entries(part.groups[key] || {})) {
            if (!objectRows.has(prefix)) objectRows.set(prefix, new Map());
            rows.forEach((row) => objectRows.get(prefix).set(row[5], row));
          }
        }
      }
    });
    for (const [prefix, rows] of objectRows) {
      index.objects[prefix] = [...rows.values()].sort((a, b) => a[5] - b[5]);
      index.objects[prefix].forEach((row) => pages.add(row[0]));
    }
    const docParts = [...new Set([...pages].map((page) => Math.floor(page / docsPerPart)))];
    const docs = await Promise.all(docParts.map((number) => load(`docs-${number}`)));
    if (docs.some((part) => part === null)) throw new Error("parts of two builds");
    for (const part of docs) {
      for (const field of ["docnames", "filenames", "titles"]) {
        part[field].forEach((value, offset) => (index[field][part.start + offset] = value));
      }
    }
    return index;
  };

  const query = new URLSearchParams(window.location.search).get("q");
  if (query && query.trim()) {
    assemble(query).then((index) => Search.setIndex(index)).catch(fallBack);
  }
  return { addPart };
})();
