"""Sphinx's search index cut into parts, so that a search loads only what its words need.

Sphinx's search page loads the whole index before it can answer: 5.5 MB (1.3 MB gzipped) at
10,000 events, most of it postings and titles that a given query never looks at. The parts hold the
same data, split three ways:

- **terms** parts: the full-text and title terms, grouped by their first two letters. Sphinx's
  query looks up each word's stem, and (for words of three letters or more) every term that
  contains it; from the parts it sees the terms that share the word's first two letters, so a
  partial match is one that keeps the word's start ("antenn" finds "antennae", "tenna" does not).
- **titles** parts: section titles and index entries, filed under the first two letters of each of
  their words. Sphinx matches them by containing the whole query; a title that contains a query of
  several words has a word that begins with each word after the first, so one of those words finds
  it (a one-word query finds titles with a word that begins with it).
- **objects** parts: the domain's objects (events, people, missions, places by name), filed the same
  way. Sphinx matches an object by containing one word of the query in its name and the others
  anywhere in its name, type or page title, so each word's objects are loaded.
- **docs** parts: the pages' names, titles and source files, by number, :data:`DOCS_PER_PART` at a
  time (a source file is its page's name and the part's usual suffix, unless listed): a search loads
  those of the pages it found. The same for every page is one more part, :data:`ALL_PAGES`.

Groups are hashed into :data:`BUCKETS` files of each kind, so a site has a fixed number of files
whatever its words; ``almanac-search.js`` applies the same hash. A group larger than
:data:`OWN_PART` (a word on every page) has a part of its own, which its bucket names, so that it
weighs only on the searches that need it, not on the other groups of its bucket. The search page
lists these parts too, so that a query loads them at once, with every page's name (its pages are
most of the site's), rather than after its buckets (:func:`own_part`); every page's name comes in
one part, not in every docs part: a browser fetches six files at a time from a host over HTTP/1.1,
and the docs parts (14 at 10,000 events) queued behind one another. Each part carries
a stamp of the list of pages: numbers mean the same page in every part with the same stamp, and a
page that finds parts of two builds falls back to the whole index.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

#: Files of each of the terms, titles and objects kinds.
BUCKETS = 64
#: Pages per docs part: at 10,000 events 14 parts of about 60 KB (7 KB gzipped).
DOCS_PER_PART = 1024
#: The part of every page's name, title and source file.
ALL_PAGES = "pages"
#: Characters of JSON above which a group has a part of its own.
OWN_PART = 16_384
#: The function the parts call, defined by almanac-search.js.
CALLBACK = "AlmanacSearch.addPart"
#: Words as Sphinx's searchtools.js splits them ("the same as ``\\W+`` in Python", its comment says).
_WORD_SEPARATORS = re.compile(r"\W+")
_OWN_PART_NAME = re.compile(r"(terms|titles|objects)-x[0-9a-f_]+$")


def group_key(word: str) -> str:
    """The group a term or a word of a title is filed under: its first two characters."""
    return word[:2]


def bucket(key: str) -> int:
    """The file that holds *key*'s group: a hash of its characters (code points), as in almanac-search.js."""
    value = 0
    for character in key:
        value = (value * 31 + ord(character)) % BUCKETS
    return value


def own_part(kind: str, key: str) -> str:
    """The name of the part of its own that a large group has: ``terms-x6d_69`` for the terms
    beginning "mi" (the key's code points, as almanac-search.js writes them)."""
    return f"{kind}-x" + "_".join(f"{ord(character):x}" for character in key)


def is_own_part(name: str) -> bool:
    return _OWN_PART_NAME.match(name) is not None


def words(text: str) -> list[str]:
    return [word for word in _WORD_SEPARATORS.split(text.lower()) if word]


def stamp(index: Mapping[str, Any]) -> str:
    """What identifies the numbering of pages: a digest of their names in order."""
    names = json.dumps(index["docnames"], separators=(",", ":"), ensure_ascii=True).encode()
    return hashlib.sha256(names).hexdigest()[:16]


def _keys_of_words(text: str) -> list[str]:
    return list(dict.fromkeys(group_key(word) for word in words(text)))


def _json(value: Any) -> str:
    """Compact JSON with sorted keys, in ASCII (U+2028 and U+2029 escaped too)."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def _json_object(encoded: Mapping[str, str]) -> str:
    """The JSON of an object whose values are already JSON: what :func:`_json` gives for the values
    decoded, without encoding each group a second time (at 10,000 events half the cost)."""
    return "{" + ",".join(f"{_json(key)}:{encoded[key]}" for key in sorted(encoded)) + "}"


def split(index: Mapping[str, Any]) -> dict[str, str]:
    """The parts of Sphinx's frozen search *index*: file name (without ``.js``) to its JSON."""
    terms: defaultdict[str, dict[str, Any]] = defaultdict(dict)
    for part in ("terms", "titleterms"):
        for term, pages in index[part].items():
            terms[group_key(term)].setdefault(part, {})[term] = pages
    titles: defaultdict[str, dict[str, Any]] = defaultdict(dict)
    for part in ("alltitles", "indexentries"):
        for title, places in index[part].items():
            for key in _keys_of_words(title):
                titles[key].setdefault(part, {})[title] = places
    objects: defaultdict[str, dict[str, Any]] = defaultdict(dict)
    for prefix, rows in index["objects"].items():
        for position, row in enumerate(rows):
            # The row's place in Sphinx's list goes with it: the page restores Sphinx's order,
            # which decides between results of the same score and title.
            for key in _keys_of_words(f"{prefix}.{row[4]}" if prefix else row[4]):
                objects[key].setdefault(prefix, []).append([*row, position])
    parts: dict[str, str] = {}
    # What Sphinx's object results name, in every objects part.
    object_names = {"objnames": _json(index["objnames"]), "objtypes": _json(index["objtypes"])}
    for kind, groups in (("terms", terms), ("titles", titles), ("objects", objects)):
        files: list[dict[str, str]] = [{} for _ in range(BUCKETS)]
        for key, group in groups.items():
            encoded = _json(group)
            if len(encoded) > OWN_PART:
                own = own_part(kind, key)
                parts[own] = _json_object({"group": encoded})
                encoded = _json(own)
            files[bucket(key)][key] = encoded
        for number, encoded_groups in enumerate(files):
            parts[f"{kind}-{number}"] = _json_object(
                {"groups": _json_object(encoded_groups), **(object_names if kind == "objects" else {})})
    pages = len(index["docnames"])
    for number, start in enumerate(range(0, max(pages, 1), DOCS_PER_PART)):
        parts[f"docs-{number}"] = _docs_part(index, start, start + DOCS_PER_PART)
    parts[ALL_PAGES] = _docs_part(index, 0, pages)
    return parts


def _docs_part(index: Mapping[str, Any], start: int, stop: int) -> str:
    """The names, titles and source files of the pages numbered *start* to *stop*."""
    names, titles = (index[part][start:stop] for part in ("docnames", "titles"))
    files = index["filenames"][start:stop]
    suffixes = Counter(file[len(name):] for name, file in zip(names, files) if file.startswith(name))
    suffix = min(suffixes, key=lambda found: (-suffixes[found], found)) if suffixes else ""
    return _json({"start": start, "docnames": names, "titles": titles, "suffix": suffix,
                  "filenames": {str(offset): file for offset, (name, file) in enumerate(zip(names, files))
                                if file != name + suffix}})


def scripts(index: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """Each part as a script, ``AlmanacSearch.addPart("name", "stamp", JSON.parse("…"))``, by file name.

    Scripts rather than JSON files so that the search also works from a folder on disk, where a page
    may not fetch files but may load scripts (as Sphinx's own ``searchindex.js`` is loaded).
    """
    version = stamp(index)
    for name, text in sorted(split(index).items()):
        yield f"{name}.js", f"{CALLBACK}({json.dumps(name)},{json.dumps(version)},JSON.parse({json.dumps(text)}));\n"
