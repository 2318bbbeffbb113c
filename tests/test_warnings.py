"""Every kind of bad input gives one exact, located ``almanac.<subtype>`` warning, and a
non-strict build still writes every other page."""

from __future__ import annotations

import pytest

from conftest import scenario, warning_lines

EVENT = "<srcdir>/events/1965-03-18-first-spacewalk.md"

SCENARIOS = {
    "missing-title": [
        "<srcdir>/events/1965-03-18-untitled.md:1: WARNING: event has no 'title', which is required [almanac.missing-field]",
    ],
    "missing-date": [
        "<srcdir>/events/1965-03-18-undated.md:1: WARNING: event has no 'date', which is required [almanac.missing-field]",
    ],
    "impossible-date": [
        "<srcdir>/events/1965-02-28-leap.md:3: WARNING: 'date': '1965-02-30' is not a real day: "
        "February 1965 has 28 days [almanac.invalid-date]",
    ],
    "date-mismatch": [
        f"{EVENT}:3: WARNING: 'date' is 1965-03-19 but the file name says 1965-03-18; "
        "rename the file or fix the date [almanac.date-mismatch]",
    ],
    "unknown-person": [
        f"{EVENT}:6: WARNING: unknown person 'no-such-person': there is no people/ page with that slug "
        "[almanac.unknown-person]",
    ],
    "unknown-role-target": [
        f"{EVENT}:6: WARNING: unknown mission 'voskhod-3': there is no missions/ page with that slug "
        "[almanac.unknown-mission]",
        # MyST gives roles the line of their paragraph, which starts on line 6.
        f"{EVENT}:6: WARNING: unknown event 'no-such-event': there is no events/ page with that slug "
        "[almanac.unknown-event]",
    ],
    "unknown-key": [
        f"{EVENT}:4: WARNING: unknown event key 'peoples' (did you mean 'people'?) [almanac.unknown-key]",
        f"{EVENT}:7: WARNING: unknown event key 'summary.impakt' (did you mean 'impact'?) [almanac.unknown-key]",
    ],
    "wrong-type": [
        f"{EVENT}:4: WARNING: 'people' must be a list of slugs, not a text [almanac.wrong-type]",
        f"{EVENT}:6: WARNING: 'summary' must be a mapping of keys to values, not a text [almanac.wrong-type]",
    ],
    "malformed-yaml": [
        f"{EVENT}:5: WARNING: malformed YAML: expected ',' or ']', but got ':' [almanac.yaml-syntax]",
    ],
    "no-citation": [
        f"{EVENT}:1: WARNING: event cites no source: cite at least one entry of references.bib with "
        "{footcite:p}`key` [almanac.no-citation]",
    ],
    "unknown-citation": [
        f"{EVENT}:8: WARNING: citation key 'siddiqi2000challeng' is not in the bibliography "
        "(did you mean 'siddiqi2000challenge'?) [almanac.unknown-citation]",
    ],
    "image-without-alt": [
        f"{EVENT}:4: WARNING: image '/_static/leonov.png' has no 'alt'; the image is left out until it "
        "has one [almanac.image-alt]",
    ],
    "person-without-name": [
        "<srcdir>/people/yuri-gagarin.md:1: WARNING: person has no 'name', which is required [almanac.missing-field]",
    ],
    "invalid-slug": [
        "<srcdir>/people/Yuri_Gagarin.md:1: WARNING: file name 'Yuri_Gagarin' is not a slug "
        "(lowercase ASCII words joined by hyphens) [almanac.invalid-slug]",
    ],
    "duplicate-slug": [
        "<srcdir>/events/1965-06-03-first-spacewalk.md:1: WARNING: event slug 'first-spacewalk' is already "
        "used by events/1965-03-18-first-spacewalk; rename one of them [almanac.duplicate-slug]",
    ],
    "not-utf8": [
        f"{EVENT}:7: WARNING: file is not UTF-8 (byte 0x92 on this line); it is left out of the build "
        "until it is saved as UTF-8 [almanac.encoding]",
    ],
    "todo": [
        f"{EVENT}:4: WARNING: 'place' is empty: fill it in or remove it [almanac.missing-field]",
        f"{EVENT}:7: WARNING: 'image.alt' still needs work: TODO: check this generated description: a "
        "cosmonaut floating above the Earth [almanac.todo]",
    ],
    "brief-without-summary": [
        "<srcdir>/events/1965-07-15-mariner-4.md:1: WARNING: a brief event (a page without a '## Story') needs "
        "'summary.event': the sentence that says what happened [almanac.missing-field]",
    ],
    "unknown-source": [
        "<srcdir>/events/1965-07-15-mariner-4.md:8: WARNING: citation key 'nssdca1964077a' is not in the "
        "bibliography [almanac.unknown-citation]",
    ],
    "old-style-mismatch": [
        "<srcdir>/people/sergei-korolev.md:4: WARNING: 'born_old_style' (1906-12-31) is not the Julian date of "
        "'born' (1907-01-12), which is 1906-12-30; 'born' is the Gregorian date [almanac.invalid-date]",
    ],
    "yaml-aliases": [
        f"{EVENT}:4: WARNING: YAML anchors and aliases (&name, *name) are not allowed in front matter: write the "
        "value out where it is needed [almanac.front-matter-limit]",
    ],
    "deep-nesting": [
        f"{EVENT}:4: WARNING: the front matter nests lists and mappings more than 8 deep [almanac.front-matter-limit]",
    ],
    "repeated-slug": [
        f"{EVENT}:6: WARNING: 'people' lists 'alexei-leonov' twice (lines 5 and 6); keep one [almanac.repeated-item]",
    ],
    "broken-bibliography": [
        "<srcdir>/references.bib:15: WARNING: entry 'unclosed2000' cannot be used, so it is left out: syntax error: "
        "premature end of file [almanac.bib-entry]",
        "<srcdir>/references.bib:22: WARNING: key 'siddiqi2000challenge' is given twice (lines 1 and 22); the first "
        "is kept [almanac.bib-entry]",
    ],
    "unsafe-markup": [
        f"{EVENT}:14: WARNING: the 'include' directive is not allowed: a page cannot copy another file into the site "
        "[almanac.unsafe-markup]",
        f"{EVENT}:8: WARNING: raw HTML was sanitised: scripts, event handlers and unsafe attributes are left out "
        "[almanac.unsafe-markup]",
        f"{EVENT}:10: WARNING: raw latex is not allowed (only HTML, which is sanitised); it is left out "
        "[almanac.unsafe-markup]",
        f"{EVENT}:17: WARNING: the image '../../../../../../etc/passwd' is outside the source folder: the build reads "
        "nothing else; it is left out [almanac.unsafe-markup]",
    ],
    "malformed-index": [
        "<srcdir>/index.md:2: WARNING: malformed YAML: expected ',' or ']', but got '<stream end>' [almanac.yaml-syntax]",
    ],
    "unknown-place": [
        f"{EVENT}:5: WARNING: unknown place 'no-such-place': there is no places/ page with that slug "
        "[almanac.unknown-place]",
        f"{EVENT}:9: WARNING: unknown place 'nowhere': there is no places/ page with that slug [almanac.unknown-place]",
    ],
    "bad-place": [
        "<srcdir>/places/baikonur.md:5: WARNING: 'coordinates.latitude' must be a latitude in degrees, -90 to 90 "
        "(south negative), not 95.5 [almanac.wrong-type]",
        "<srcdir>/places/baikonur.md:3: WARNING: 'kind' must be one of: launch site, landing site, impact site, "
        "recovery area, control centre, observatory, test site; not 'spaceport' [almanac.wrong-type]",
    ],
    "map-data": [
        "<srcdir>/places/baikonur.md:1: WARNING: maps are drawn without Earth's outlines: "
        "map-data/node_modules/world-atlas/countries-110m.json is missing; `make html` installs them "
        "(npm ci in map-data/) [almanac.map-data]",
        "<srcdir>/places/index.md:1: WARNING: maps are drawn without Earth's outlines: "
        "map-data/node_modules/world-atlas/countries-110m.json is missing; `make html` installs them "
        "(npm ci in map-data/) [almanac.map-data]",
    ],
    "generated-conflict": [
        "<srcdir>/years/1965.md:1: WARNING: 1965.md was not written by Almanac, so it is kept; move it "
        "out of years/ to get the generated page [almanac.generated-conflict]",
        f"{EVENT}: WARNING: document isn't included in any toctree [toc.not_included]",
    ],
}


SCENARIO_ROOTS = [scenario(name) for name in sorted(SCENARIOS)]


@pytest.mark.parametrize("name", SCENARIO_ROOTS)
def test_exact_warnings(app, name):
    app.build()
    assert warning_lines(app) == SCENARIOS[name]


@pytest.mark.parametrize("name", SCENARIO_ROOTS)
def test_non_strict_build_writes_every_other_page(app, name):
    app.build()
    for page in ("index", "people/alexei-leonov", "people/pavel-belyayev", "missions/voskhod-2",
                 "events/1957-10-04-sputnik", "years/1957"):
        assert (app.outdir / f"{page}.html").is_file(), page


@pytest.mark.sphinx("html", testroot="unknown-key", srcdir="unknown-key-suppressed",
                    confoverrides={"suppress_warnings": ["almanac.unknown-key"]})
def test_each_subtype_can_be_suppressed(app):
    app.build()
    assert warning_lines(app) == []


def test_every_problem_has_a_scenario():
    from almanac.core.problems import Problem

    reported = {line.rsplit("[almanac.", 1)[1].rstrip("]") for lines in SCENARIOS.values()
                for line in lines if "[almanac." in line}
    assert reported == {problem.value for problem in Problem}


@pytest.mark.parametrize("name", [scenario("generated-conflict")])
def test_the_author_s_file_in_the_years_folder_is_kept(app, name):
    app.build()
    assert (app.srcdir / "years" / "1965.md").read_text() == "# My own notes on 1965\n"


def test_readme_documents_every_subtype():
    from almanac.core.problems import Problem
    from conftest import PROJECT

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert [p.value for p in Problem if f"`almanac.{p.value}`" not in readme] == []


@pytest.mark.parametrize("name", [scenario("unsafe-markup")])
def test_no_script_of_a_page_reaches_its_html(app, name):
    app.build()
    html = (app.outdir / "events" / "1965-03-18-first-spacewalk.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "root:" not in html  # no script, no /etc/passwd
    assert "&lt;script&gt;" in html  # the title's markup shows as text, in the print header too
    assert not (app.outdir / "_images").exists()


@pytest.mark.sphinx("html", testroot="bibliography-fixed")
def test_a_bibliography_fixed_between_builds_builds_again(app):
    app.build()
    assert len(warning_lines(app)) == 2  # the two broken entries
    bib = app.srcdir / "references.bib"
    # The author fixes both entries; the next (incremental) build reads the whole file again.
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text[:text.index("@article{unclosed2000")], encoding="utf-8")
    app.warning.truncate(0)
    app.build()
    assert warning_lines(app) == []
