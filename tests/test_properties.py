"""Property-based tests (Hypothesis): no input crashes, hangs, injects or goes unreported.

Generated front matter (valid, malformed, hostile, huge), file names, bibliography entries, post
bodies and whole pages (non-UTF-8 too). For every example: no traceback, an end, a located warning
with a documented subtype when the input is wrong and none when it is right (so a strict build
fails exactly then), every other page written, and no injected markup in the output.

The number of examples is Hypothesis's profile: ``ci`` (the default, within `make test`'s few
minutes) or ``nightly`` (``HYPOTHESIS_PROFILE=nightly make test``: 20 times as many).
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pybtex.database.input.bibtex import Parser
from sphinx.testing.util import SphinxTestApp

from almanac.cli.jekyll import SAFE_DIRECTIVES, PostError, parse_post
from almanac.core.files import read_kept, write_kept
from almanac.core.frontmatter import FrontMatterError, parse_front_matter
from almanac.core.kinds import ENTITY_KINDS, read_record
from almanac.core import searchparts
from almanac.core.problems import Problem
from almanac.sphinxext.bibliography import check_entries
from almanac.sphinxext.builder import JSONSearchIndex
from conftest import ROOTS, SEARCH_PART, warning_lines

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("nightly", max_examples=1200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
#: Whole builds are a thousand times slower than reading one page: fewer of them.
#: Shrinking a failing build could take many minutes: report the example as it was generated.
BUILDS = settings(max_examples=max(4, settings().max_examples // 6), deadline=None,
                  phases=[Phase.explicit, Phase.reuse, Phase.generate],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SUBTYPES = {problem.value for problem in Problem}
KEYS = sorted({key for entry in ENTITY_KINDS.values() for key in entry.schema["properties"]})
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "</script><!--", "{{ 7*7 }}",
           "javascript:alert(3)", "\u202e", "\x00", "&amp;&lt;", "]]>", "'\"", "{raw}`<b>x</b>`"]

texts = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE), st.integers(20_001, 30_000).map(lambda n: "x" * n))
scalars = st.one_of(texts, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
                    st.sampled_from(["1965-03-18", "1965-02-30", "1965", "1965-13", "alexei-leonov", "TODO: x"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
front_matters = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values, max_size=8)


def dumped(front_matter: dict) -> str:
    return "---\n" + yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False) + "---\n"


def hostile_yaml(depth: int, aliases: bool) -> str:
    if aliases:
        lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(depth % 8)]
        return "---\n" + "\n".join(lines) + "\n---\n"
    return "---\ntitle: " + "[" * depth + "]" * depth + "\n---\n"


@given(st.text(max_size=300))
def test_any_text_parses_or_says_where_it_is_wrong(text):
    try:
        front_matter = parse_front_matter(text)
    except FrontMatterError as error:
        assert 1 <= error.line <= max(1, text.count("\n") + 2) and error.problem.value in SUBTYPES
    else:
        assert front_matter is None or isinstance(front_matter.values, dict)


@given(front_matters, st.sampled_from(sorted(ENTITY_KINDS)), st.text(max_size=60))
def test_any_front_matter_becomes_a_record_or_located_findings(front_matter, kind, body):
    text = dumped(front_matter) + body
    try:
        parsed = parse_front_matter(text)
    except FrontMatterError as error:
        assert error.problem in (Problem.FRONT_MATTER_LIMIT, Problem.YAML_SYNTAX)
        return
    stem = "1965-03-18-first-spacewalk" if kind == "event" else "alexei-leonov"
    record, findings = read_record(kind, f"{ENTITY_KINDS[kind].directory}/{stem}", parsed, parsed.body(text))
    lines = text.count("\n") + 1
    for finding in findings:
        assert finding.problem.value in SUBTYPES and 1 <= finding.line <= lines, finding
    assert (record is None) <= bool(findings)  # no record without saying why


@given(st.integers(min_value=1, max_value=5000), st.booleans())
@settings(deadline=2000)  # milliseconds: an expanding alias or deep nesting would take far longer
def test_hostile_yaml_is_refused_quickly(depth, aliases):
    text = hostile_yaml(depth, aliases)
    try:
        parse_front_matter(text)
    except FrontMatterError as error:
        assert error.problem is Problem.FRONT_MATTER_LIMIT or (not aliases and depth <= 8)
    else:
        assert not aliases and depth <= 8


@given(st.text(max_size=40))
def test_any_file_name_is_read_or_reported(stem):
    stem = stem.replace("/", "-") or "x"
    text = "---\ntitle: T\ndate: 1965-03-18\nsummary: {event: E.}\n---\n"
    record, findings = read_record("event", f"events/{stem}", parse_front_matter(text), "")
    valid = re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?-[a-z][a-z0-9]*(-[a-z0-9]+)*", stem) is not None
    assert any(f.problem in (Problem.INVALID_SLUG, Problem.DATE_MISMATCH) for f in findings) or valid


bib_fields = st.dictionaries(st.sampled_from(["author", "title", "journal", "year", "publisher", "url", "note"]),
                             st.text(alphabet=st.characters(blacklist_characters="{}\\", blacklist_categories=("Cs",)),
                                     max_size=20), max_size=6)


@given(st.lists(st.tuples(st.sampled_from(["article", "book", "misc", "string", "comment"]),
                          st.sampled_from(["a2000", "b2001", "c-2", "dup"]), bib_fields,
                          st.sampled_from(["", "{", "}", "@", ",,"])), max_size=6))
def test_any_bibliography_is_checked_without_a_traceback(entries):
    text = "".join(f"@{kind}{{{key},\n" + "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
                   + f"{junk}}}\n\n" for kind, key, fields, junk in entries)
    findings, kept = check_entries(text, "plain")
    lines = text.count("\n") + 1
    assert all(f.problem is Problem.BIB_ENTRY and 1 <= f.line <= lines for f in findings)
    Parser().parse_string(kept)  # what is kept reads


post_bodies = st.lists(st.one_of(
    st.text(max_size=40), st.sampled_from(HOSTILE),
    st.sampled_from(sorted(SAFE_DIRECTIVES) + ["raw", "include", "literalinclude", "eval-rst", "csv-table"]).map(
        lambda name: f"```{{{name}}} /etc/passwd\n<script>alert(4)</script>\n```"),
    st.just("{download}`pw <../../../etc/passwd>`")), max_size=6)


@given(st.recursive(st.none() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_what_a_build_kept_is_read_back_under_its_tag_only(tmp_path, kept):
    path = tmp_path / "kept.pickle"
    write_kept(path, "html", kept)
    assert read_kept(path, "html") == kept
    assert read_kept(path, "dirhtml") is None and read_kept(tmp_path / "missing", "html") is None


@pytest.mark.parametrize("raw", [b"", b"not a pickle", b"\x80\x05", pickle.dumps(("html", 1, 2)), pickle.dumps(["html", 1])])
def test_a_kept_file_no_build_wrote_reads_as_none(tmp_path, raw):
    (tmp_path / "kept.pickle").write_bytes(raw)
    assert read_kept(tmp_path / "kept.pickle", "html") is None


@given(st.text(max_size=30), post_bodies)
def test_any_post_imports_or_fails_with_a_reason(title, blocks):
    text = (f'---\ntitle: "Soviet Union – {title.replace(chr(34), "")}"\ndate: 2025-03-18 17:04:49 +01:00\n'
            "categories: history 1965\n---\n" + "\n\n".join(blocks) + "\n")
    try:
        post = parse_post(text, "2025-03-18-post.md")
    except PostError as error:
        assert error.reason
        return
    outside_code = re.sub(r"```\{(?:code-block|code|sourcecode|math)\}.*?```", "", post.story, flags=re.DOTALL)
    assert "<script" not in outside_code.lower() and "onerror" not in outside_code.lower()
    assert "{download}" not in post.story  # its file is not copied: the text is kept
    assert not [name for name in re.findall(r"(?:`{3,}|:{3,})\{([^}]+)\}", post.story) if name not in SAFE_DIRECTIVES]


# -- whole builds ------------------------------------------------------------------------------------

#: Warnings that Sphinx, docutils or MyST give in their own words (docutils' markup errors have
#: no type); any other must be Almanac's, with a documented subtype.
FOREIGN = re.compile(r"\[(?:myst\.[\w-]+|docutils|toc\.[\w-]+|ref\.[\w-]+|image\.[\w-]+|misc\.[\w-]+|bibtex\.[\w-]+)\]$"
                     r"|[^\]]$")
OTHER_PAGES = ("index", "people/alexei-leonov", "people/pavel-belyayev", "missions/voskhod-2", "events/1957-10-04-sputnik")
pages = st.one_of(
    front_matters.map(lambda fm: (dumped(fm) + "## Story\n\nText {footcite:p}`siddiqi2000challenge`.\n").encode("utf-8")),
    st.tuples(st.integers(1, 3000), st.booleans()).map(lambda args: hostile_yaml(*args).encode("utf-8")),
    st.sampled_from(HOSTILE).map(lambda h: f"---\ntitle: {yaml.safe_dump(h).splitlines()[0]}\ndate: 1965-03-18\n"
                                           f"summary: {{event: x}}\n---\n{h}\n".encode("utf-8")),
    st.binary(max_size=200).map(lambda raw: b"---\ntitle: T\n---\n" + raw),
)


@BUILDS
@given(pages)
@example(b'---\ntitle: "\\0"\ndate: 1965-03-18\nsummary: {event: x}\n---\n\x00\n')  # found: NUL in a feed
@example(b"---\ntitle: <img src=x onerror=alert(2)>\ndate: 1965-03-18\nsummary: {event: x}\n---\n<img src=x onerror=alert(2)>\n")
def test_any_page_builds_reports_and_injects_nothing(page):
    with tempfile.TemporaryDirectory(prefix="almanac-property-") as temporary:
        srcdir = Path(temporary) / "site"
        shutil.copytree(ROOTS / "_shared", srcdir)
        (srcdir / "events" / "1965-03-18-first-spacewalk.md").write_bytes(page)
        app = SphinxTestApp("html", srcdir=srcdir)
        try:
            app.build()
        finally:
            app.cleanup()
        warnings = warning_lines(app)
        for line in warnings:
            assert re.match(r"<srcdir>/[^:]+(:\d+)?: (WARNING|ERROR): ", line), line
            subtype = re.search(r"\[almanac\.([\w-]+)\]$", line)
            assert (subtype and subtype[1] in SUBTYPES) or FOREIGN.search(line), line
        for name in OTHER_PAGES:
            assert (app.outdir / f"{name}.html").is_file(), name
        for html in app.outdir.rglob("*.html"):
            text = html.read_text(encoding="utf-8", errors="replace")
            assert injected(text) == [], html


def injected(html: str) -> list[str]:
    """The scripts and event handlers a generated value put into *html* as markup (the escaped
    text of a title, "&lt;img onerror=…&gt;", is what it should become, and is not counted)."""
    soup = BeautifulSoup(html, "html.parser")
    found = [script.get_text() for script in soup.find_all("script")
             if script.get("type", "text/javascript") in ("text/javascript", "module") and "alert" in script.get_text()]
    found += [f"{tag.name} {name}" for tag in soup.find_all(True) for name, value in tag.attrs.items()
              if name.lower().startswith("on") and "alert" in str(value)]
    return found


#: What Sphinx's search index holds: words, titles and names mapped to numbers and lists.
search_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20)


@given(search_data)
def test_the_search_index_reads_back_what_was_written_and_is_plain_ascii(data):
    index = JSONSearchIndex()
    text = index.dumps(data)
    # ASCII only: no character (U+2028 included) can end the script's string early or be misread.
    assert text.isascii() and text.startswith("Search.setIndex(JSON.parse(\"") and text.endswith("\"))")
    assert index.loads(text) == data
    # A build directory written by Sphinx's own format is read too.
    assert index.loads("Search.setIndex(" + json.dumps(data) + ")") == data


#: Sphinx's frozen search index, in the shape searchparts cuts: terms to pages, titles to places.
page_number = st.integers(min_value=0, max_value=700)
pages = page_number | st.lists(page_number, min_size=1, max_size=5)
words_text = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=30)
frozen_index = st.integers(min_value=0, max_value=700).flatmap(lambda count: st.fixed_dictionaries({
    "docnames": st.just([f"page-{number}" for number in range(count)]),
    "filenames": st.lists(st.sampled_from([".md", ".rst", ".ipynb", "", "/other.md"]), min_size=count,
                          max_size=count).map(lambda suffixes: [f"page-{n}{suffix}" for n, suffix in enumerate(suffixes)]),
    "titles": st.lists(words_text, min_size=count, max_size=count),
    "terms": st.dictionaries(words_text, pages, max_size=20),
    "titleterms": st.dictionaries(words_text, pages, max_size=10),
    "alltitles": st.dictionaries(words_text, st.lists(st.tuples(page_number, st.none() | words_text).map(list),
                                                      min_size=1, max_size=3), max_size=10),
    "indexentries": st.dictionaries(words_text, st.lists(st.tuples(page_number, st.just(""), st.booleans()).map(list),
                                                         min_size=1, max_size=3), max_size=10),
    "objects": st.dictionaries(st.just("") | words_text, st.lists(st.tuples(
        page_number, st.integers(0, 3), st.integers(-1, 2), st.just(""), words_text).map(list), max_size=5), max_size=3),
    "objnames": st.just({"0": ["almanac", "event", "event"]}),
    "objtypes": st.just({"0": "almanac:event"}),
}))


def groups_in(parts: dict, kind: str, key: str) -> dict:
    """The group *key* of *kind* as the search page finds it: in its bucket, or in the part its bucket names."""
    group = parts[f"{kind}-{searchparts.bucket(key)}"]["groups"][key]
    return parts[group]["group"] if isinstance(group, str) else group


@given(frozen_index)
@example({"docnames": ["a"], "filenames": ["a.md"], "titles": ["A"], "alltitles": {}, "indexentries": {},
          "titleterms": {}, "objects": {}, "objnames": {}, "objtypes": {},
          "terms": {f"word{number}": list(range(20)) for number in range(400)}})  # a group of its own
def test_the_search_index_parts_hold_all_of_it_where_the_page_looks(index):
    parts = {name: json.loads(text) for name, text in searchparts.split(index).items()}
    # Every term is in the terms part of its first two letters, and nowhere else.
    for field in ("terms", "titleterms"):
        for term, found in index[field].items():
            key = searchparts.group_key(term)
            assert groups_in(parts, "terms", key)[field][term] == found
            assert all(term not in part.get("group", {}).get(field, {}) for name, part in parts.items()
                       if name.startswith("terms-x") and parts[f"terms-{searchparts.bucket(key)}"]["groups"][key] != name)
    # Every title, entry and object is under each of its words.
    for field in ("alltitles", "indexentries"):
        for title, found in index[field].items():
            for key in {searchparts.group_key(word) for word in searchparts.words(title)}:
                assert groups_in(parts, "titles", key)[field][title] == found
    for prefix, rows in index["objects"].items():
        for position, row in enumerate(rows):
            for word in searchparts.words(f"{prefix}.{row[4]}" if prefix else row[4]):
                assert [*row, position] in groups_in(parts, "objects", searchparts.group_key(word))[prefix]
    # No bucket holds a large group itself.
    assert all(len(json.dumps(group, separators=(",", ":"))) <= searchparts.OWN_PART
               for name, part in parts.items() for group in part.get("groups", {}).values() if not isinstance(group, str))
    # The pages, in order, a part at a time.
    docs = sorted((part for name, part in parts.items() if name.startswith("docs-")), key=lambda part: part["start"])
    for field in ("docnames", "titles"):
        assert [value for part in docs for value in part[field]] == index[field]
    assert [part["filenames"].get(str(offset), name + part["suffix"])
            for part in docs for offset, name in enumerate(part["docnames"])] == index["filenames"]
    # And all of them in one part.
    every = parts[searchparts.ALL_PAGES]
    assert (every["start"], every["docnames"], every["titles"]) == (0, index["docnames"], index["titles"])
    assert [every["filenames"].get(str(offset), name + every["suffix"])
            for offset, name in enumerate(every["docnames"])] == index["filenames"]
    # Each part a script of ASCII that gives the data back; every part the same stamp.
    stamps = set()
    for name, script in searchparts.scripts(index):
        match = SEARCH_PART.fullmatch(script)
        assert script.isascii() and match, script[:200]
        assert json.loads(json.loads(match[3])) == parts[json.loads(match[1])] and name == json.loads(match[1]) + ".js"
        stamps.add(match[2])
    assert len(stamps) == 1
