"""Parallel and incremental builds give the same pages as a fresh serial build."""

from __future__ import annotations

import filecmp
import gc
import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from almanac.sphinxext.lists import shown_and_read
from conftest import copy_project, search_index, search_parts, warning_lines

EVENT = "events/1965-03-18-first-spacewalk"


def html_files(outdir: Path) -> list[Path]:
    return sorted(p.relative_to(outdir) for p in outdir.rglob("*.html"))


def events_listed(page: Path) -> str:
    """The text of a person's or mission's generated "Events" section."""
    section = BeautifulSoup(page.read_text(), "html.parser").select_one("section#events")
    return section.find(["ul", "p"]).get_text(" ", strip=True)


def basic_site(rootdir: Path, destination: Path) -> Path:
    """A copy of the ``basic`` test root to change and build again."""
    return Path(shutil.copytree(rootdir / "test-basic", destination))


def edit_summary(srcdir: Path) -> None:
    """Begin the spacewalk's summary with "Edited. ", as an author editing it would."""
    event = srcdir / f"{EVENT}.md"
    event.write_text(event.read_text().replace("event: ", "event: Edited. ", 1))


def test_parallel_build_writes_the_same_html_as_a_serial_one(make_app, rootdir, tmp_path):
    serial = make_app("html", srcdir=basic_site(rootdir, tmp_path / "serial"))
    serial.build()
    serial.cleanup()
    parallel = make_app("html", srcdir=basic_site(rootdir, tmp_path / "parallel"), parallel=2)
    parallel.build()
    assert warning_lines(serial) == warning_lines(parallel) == []
    pages = html_files(serial.outdir)
    assert pages == html_files(parallel.outdir)
    assert len(pages) >= 9
    _, mismatch, errors = filecmp.cmpfiles(serial.outdir, parallel.outdir, [str(p) for p in pages], shallow=False)
    assert mismatch == errors == []


def counted_tasks(monkeypatch) -> list[tuple[int, str, Any]]:
    """Each task the builder hands to processes, as (processes allowed, task, its argument)."""
    from almanac.sphinxext import builder

    tasks = []

    class CountedTasks(builder.ParallelTasks):
        def add_task(self, task_func, arg=None, result_func=None):
            tasks.append((self.nproc, task_func.__name__, arg))
            super().add_task(task_func, arg, result_func)

    monkeypatch.setattr(builder, "ParallelTasks", CountedTasks)
    return tasks


def test_a_parallel_build_writes_pages_in_as_many_processes_as_j_allows(make_app, rootdir, tmp_path, monkeypatch):
    """Sphinx writes with ``-j`` - 1 processes; Almanac's builder with ``-j`` (see its docstring)."""
    tasks = counted_tasks(monkeypatch)
    app = make_app("html", srcdir=basic_site(rootdir, tmp_path / "parallel"), parallel=2)
    app.build()
    assert {nproc for nproc, task, _ in tasks if task == "write_chunk"} == {2}
    assert warning_lines(app) == []
    assert all((app.outdir / f"{docname}.html").is_file() for docname in app.env.found_docs)


def test_a_parallel_build_reads_pages_in_one_share_per_process(make_app, rootdir, tmp_path, monkeypatch):
    """Sphinx reads in many chunks, each sending back all that was merged before it (see the builder)."""
    tasks = counted_tasks(monkeypatch)
    app = make_app("html", srcdir=basic_site(rootdir, tmp_path / "parallel"), parallel=2)
    app.build()
    shares = [share for _, task, share in tasks if task == "read_share"]
    assert len(shares) == 2
    assert sorted(docname for share in shares for docname in share) == sorted(app.env.found_docs)
    assert abs(len(shares[0]) - len(shares[1])) <= 1
    assert warning_lines(app) == []


def test_a_second_build_takes_the_compiled_templates_from_the_first(make_app, rootdir, tmp_path, monkeypatch):
    """The builder keeps Jinja's compiled templates beside the doctrees; an edited template is compiled anew."""
    from jinja2 import Environment

    compiled = []
    original = Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counted)
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = make_app("html", srcdir=srcdir)
    first.build()
    assert "page.html" in compiled and any((first.doctreedir / "jinja").iterdir())
    first.cleanup()
    compiled.clear()
    second = make_app("html", srcdir=srcdir, freshenv=False, confoverrides={"html_title": "Again"})
    second.build()  # a changed setting: Sphinx writes every page again
    assert "page.html" not in compiled and "layout.html" not in compiled
    assert "Again" in (second.outdir / "index.html").read_text(encoding="utf-8")
    second.cleanup()
    compiled.clear()
    templates = srcdir / "_templates"
    templates.mkdir(exist_ok=True)
    (templates / "page.html").write_text('{% extends "!page.html" %}{% block body %}EDITED{{ super() }}{% endblock %}')
    third = make_app("html", srcdir=srcdir, freshenv=False, confoverrides={"templates_path": ["_templates"]})
    third.build()
    assert "page.html" in compiled and "EDITED" in (third.outdir / "index.html").read_text(encoding="utf-8")


def rebuild(make_app, srcdir: Path, previous=None):
    """Build *srcdir* again with a new app, as a second ``sphinx-build`` run would."""
    if previous is not None:
        previous.cleanup()  # unregister its nodes and roles, as the end of a process would
    app = make_app("html", srcdir=srcdir, freshenv=False)
    app.build()
    return app


def test_dropping_a_person_from_an_event_removes_the_backlink_on_the_next_build(make_app, rootdir, tmp_path):
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    belyayev = first.outdir / "people" / "pavel-belyayev.html"
    assert events_listed(belyayev) == "18 March 1965 — The first spacewalk"

    event = srcdir / f"{EVENT}.md"
    event.write_text(event.read_text().replace("people: [alexei-leonov, pavel-belyayev]", "people: [alexei-leonov]"))
    second = rebuild(make_app, srcdir, first)
    assert warning_lines(second) == []
    assert events_listed(belyayev) == "No events yet."
    assert events_listed(second.outdir / "people" / "alexei-leonov.html") == "18 March 1965 — The first spacewalk"


def test_renaming_a_person_updates_the_pages_that_show_the_name(make_app, rootdir, tmp_path):
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    person = srcdir / "people" / "alexei-leonov.md"
    person.write_text(person.read_text().replace("name: Alexei Leonov", "name: Aleksei Leonov"))
    app = rebuild(make_app, srcdir, first)
    card = BeautifulSoup((app.outdir / f"{EVENT}.html").read_text(), "html.parser").select_one(".almanac-card")
    assert "Aleksei Leonov" in card.get_text() and "Alexei Leonov" not in card.get_text()


def sphinx_build(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sphinx", "--no-color", *map(str, args)], capture_output=True, text=True)


def test_an_unchanged_rebuild_reads_and_writes_nothing(rootdir, tmp_path):
    # Separate processes, as users run it: in one process the theme keeps state between apps.
    srcdir = basic_site(rootdir, tmp_path / "site")
    assert sphinx_build("-b", "html", srcdir, tmp_path / "out").returncode == 0
    again = sphinx_build("-b", "html", srcdir, tmp_path / "out")
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert "no targets are out of date." in again.stdout


def file_stamps(out: Path) -> dict[str, int]:
    return {path.relative_to(out).as_posix(): path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}


def test_an_unchanged_rebuild_writes_no_file(rootdir, tmp_path):
    srcdir = basic_site(rootdir, tmp_path / "site")
    out = tmp_path / "out"
    assert sphinx_build("-b", "html", srcdir, out).returncode == 0
    before = file_stamps(out)
    again = sphinx_build("-b", "html", srcdir, out)
    assert "nothing changed: the indices, search index and static files are left as they are" in again.stdout
    assert file_stamps(out) == before


def test_a_changed_build_still_writes_the_themes_light_and_dark_highlighting(rootdir, tmp_path):
    # pydata-sphinx-theme's stylesheet replaces Sphinx's single-style pygments.css at the end of a build
    # that wrote something: the handler that skips it when nothing changed must not skip it then.
    srcdir = basic_site(rootdir, tmp_path / "site")
    out = tmp_path / "out"
    assert sphinx_build("-b", "html", srcdir, out).returncode == 0
    stylesheet = out / "_static" / "pygments.css"
    first = stylesheet.read_text()
    assert 'html[data-theme="light"] .highlight' in first and 'html[data-theme="dark"] .highlight' in first
    (srcdir / "colophon.md").write_text("---\norphan: true\n---\n# Colophon\n\nSet in type.\n")
    again = sphinx_build("-b", "html", srcdir, out)
    assert "nothing changed" not in again.stdout, again.stdout
    assert stylesheet.read_text() == first


def test_a_rebuild_still_copies_a_changed_static_file_and_forgets_a_removed_page(rootdir, tmp_path):
    # Neither rewrites a page, and both must still reach the site.
    srcdir = basic_site(rootdir, tmp_path / "site")
    (srcdir / "_static").mkdir()
    (srcdir / "_static" / "site.css").write_text("body { color: black; }\n")
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + '\nhtml_static_path = ["_static"]\n')
    (srcdir / "colophon.md").write_text("---\norphan: true\n---\n# Colophon\n\nSet in quixotically chosen type.\n")
    out = tmp_path / "out"
    assert sphinx_build("-b", "html", srcdir, out).returncode == 0
    assert search_index(out)["terms"]["quixot"]

    (srcdir / "_static" / "site.css").write_text("body { color: navy; }\n")
    assert "nothing changed" not in (again := sphinx_build("-b", "html", srcdir, out)).stdout, again.stdout
    assert (out / "_static" / "site.css").read_text() == "body { color: navy; }\n"

    (srcdir / "colophon.md").unlink()
    assert "1 removed" in (again := sphinx_build("-b", "html", srcdir, out)).stdout, again.stdout
    index = search_index(out)
    assert "quixot" not in index["terms"] and "colophon" not in index["docnames"]  # Sphinx kept the word, with no page
    # The parts the search page loads say the same, and all come from this build.
    parts = search_parts(out)
    assert len({stamp for stamp, _ in parts.values()}) == 1
    docs = sorted((part for name, (_, part) in parts.items() if name.startswith("docs-")), key=lambda part: part["start"])
    assert [name for part in docs for name in part["docnames"]] == index["docnames"] == parts["pages"][1]["docnames"]
    assert not any(part["groups"].get("qu", {}).get("terms", {}).get("quixot") for _, part in parts.values()
                   if "groups" in part)


def test_a_build_writes_files_anyone_may_read(rootdir, tmp_path):
    """Almanac's own outputs (feeds, events.json, sitemap, the search index's parts) are written to a
    temporary file first; they must end up as readable as Sphinx's pages, for a web server."""
    srcdir = basic_site(rootdir, tmp_path / "site")
    out = tmp_path / "out"
    built = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", srcdir, out],
                           capture_output=True, text=True, preexec_fn=lambda: os.umask(0o022))
    assert built.returncode == 0, built.stderr
    # Without -d Sphinx keeps its caches in .doctrees inside the output. They are not served, and
    # Jinja's compiled templates there are private to the user who builds (0600).
    modes = {path.relative_to(out).as_posix(): stat.S_IMODE(path.stat().st_mode) for path in out.rglob("*")
             if path.is_file() and ".doctrees" not in path.relative_to(out).parts}
    assert {"events.json", "feed.xml", "searchindex/docs-0.js"} <= modes.keys()
    assert {name: oct(mode) for name, mode in modes.items() if mode != 0o644} == {}


def test_adding_an_event_in_a_new_year_creates_and_removing_it_deletes_the_year_page(make_app, rootdir, tmp_path):
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    new_event = srcdir / "events" / "1966-01-14-later.md"
    new_event.write_text("---\ntitle: Later\ndate: 1966-01-14\npeople: [alexei-leonov]\nsummary: {event: Later.}\n---\n\n"
                         "Text {footcite:p}`siddiqi2000challenge`.\n")
    app = rebuild(make_app, srcdir, first)
    assert warning_lines(app) == []
    assert "Later" in (app.outdir / "years" / "1966.html").read_text()
    assert "Later" in events_listed(app.outdir / "people" / "alexei-leonov.html")
    new_event.unlink()
    app = rebuild(make_app, srcdir, app)
    assert not (srcdir / "years" / "1966.md").exists()
    assert "Later" not in events_listed(app.outdir / "people" / "alexei-leonov.html")


def test_strict_build_of_the_real_event_fails_on_an_unknown_person(tmp_path):
    site = copy_project(tmp_path / "site")
    event = next((site / "events").glob("1965-03-18-*.md"))
    text = event.read_text()
    event.write_text(text.replace("  - pavel-belyayev\n", "  - pavel-belyayev\n  - no-such-person\n", 1))
    line = event.read_text().splitlines().index("  - no-such-person") + 1
    result = sphinx_build("-W", "-q", "-b", "html", site, tmp_path / "out")
    assert result.returncode != 0
    expected = (f"{event}:{line}: WARNING: unknown person 'no-such-person': there is no people/ page with "
                "that slug [almanac.unknown-person]")
    assert expected in result.stderr.splitlines()


def test_events_json_computes_again_the_entries_of_changed_events_only_and_follows_a_renamed_person(make_app, rootdir, tmp_path, monkeypatch):
    from almanac.sphinxext import outputs

    computed: list[str] = []
    event_data = outputs.event_data
    monkeypatch.setattr(outputs, "event_data", lambda app, event: computed.append(event.docname) or event_data(app, event))
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    events = len(computed)
    assert events > 1
    computed.clear()
    edit_summary(srcdir)
    second = rebuild(make_app, srcdir, first)
    assert computed == [EVENT]
    computed.clear()
    leonov = srcdir / "people" / "alexei-leonov.md"
    leonov.write_text(leonov.read_text().replace("name: Alexei Leonov", "name: Aleksei Leonov", 1))
    third = rebuild(make_app, srcdir, second)
    assert len(computed) == events
    data = json.loads((third.outdir / "events.json").read_text())
    assert "Aleksei Leonov" in [person["name"] for entry in data["events"] for person in entry["people"]]
    # A dirhtml build from the same doctrees gives its own addresses.
    third.cleanup()
    directories = make_app("dirhtml", srcdir=srcdir, freshenv=False)
    directories.build()
    urls = [entry["url"] for entry in json.loads((directories.outdir / "events.json").read_text())["events"]]
    assert f"{EVENT}/" in urls
    directories.cleanup()
    fresh = make_app("html", srcdir=srcdir, builddir=tmp_path / "fresh")
    fresh.build()
    assert (fresh.outdir / "events.json").read_bytes() == (third.outdir / "events.json").read_bytes()


def test_an_edited_summary_reaches_the_calendars_on_the_next_build(make_app, rootdir, tmp_path):
    # Entries are kept between builds (they are slow to serialise): an edited one must not be.
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    event = srcdir / f"{EVENT}.md"
    text = event.read_text()
    summary = text.split("event: ", 1)[1].split("\n", 1)[0].strip().strip("\"'")
    assert summary in (first.outdir / "calendar.ics").read_text().replace("\r\n ", "")
    event.write_text(text.replace("event: ", "event: Edited. ", 1))
    second = rebuild(make_app, srcdir, first)
    second.cleanup()
    calendar = (second.outdir / "calendar.ics").read_text()
    assert "DESCRIPTION:Edited. " in calendar
    fresh = make_app("html", srcdir=srcdir, builddir=tmp_path / "fresh")
    fresh.build()
    assert (fresh.outdir / "calendar.ics").read_bytes() == (second.outdir / "calendar.ics").read_bytes()


def html_stamps(out: Path) -> dict[str, int]:
    return {name: stamp for name, stamp in file_stamps(out).items() if name.endswith(".html")}


def same_pages_as_a_fresh_build(make_app, srcdir: Path, built, fresh_dir: Path) -> None:
    """The pages and search index of the app *built* (a rebuild, then ended) equal a fresh build's."""
    built.cleanup()  # unregister its nodes and roles, as the end of a process would
    out = built.outdir
    fresh = make_app("html", srcdir=srcdir, builddir=fresh_dir)
    fresh.build()
    pages = sorted(html_stamps(out))
    assert pages == sorted(html_stamps(fresh.outdir))
    _, mismatch, errors = filecmp.cmpfiles(out, fresh.outdir, pages, shallow=False)
    assert mismatch == errors == []
    # The pages left as they are keep their entries in the search index.
    assert search_index(out) == search_index(fresh.outdir)


def test_an_edited_summary_rewrites_the_pages_that_show_it_and_not_those_whose_toctrees_hold_them(make_app, rootdir, tmp_path):
    # The year page shows the summary, and the timeline's and the book part's toctrees hold the
    # year page: they show its title, which did not change (Sphinx would rewrite them).
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    before = html_stamps(first.outdir)
    edit_summary(srcdir)
    second = rebuild(make_app, srcdir, first)
    rewritten = {name for name, stamp in html_stamps(second.outdir).items() if before.get(name) != stamp}
    assert {f"{EVENT}.html", "years/1965.html", "on-this-day/03-18.html"} <= rewritten
    assert not rewritten & {"timeline.html", "book/1960s.html", "on-this-day/index.html", "index.html"}
    assert "Edited. " in (second.outdir / "years" / "1965.html").read_text()
    same_pages_as_a_fresh_build(make_app, srcdir, second, tmp_path / "fresh")


def test_an_edited_summary_computes_again_only_what_the_edited_event_is_shown_in(make_app, rootdir, tmp_path, monkeypatch):
    from almanac.sphinxext import domain

    computed: list[tuple[str, str]] = []
    monkeypatch.setattr(domain, "shown_and_read", lambda source, key: computed.append(key) or shown_and_read(source, key))
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    keys = len(computed)
    computed.clear()
    edit_summary(srcdir)
    second = rebuild(make_app, srcdir, first)
    assert {("year", "1965"), ("day", "03-18"), ("category", "soviet-union")} <= set(computed)
    # Its own previous/next links show the events before and after it, not itself.
    assert ("year", "1957") not in computed and ("neighbours", EVENT) not in computed
    assert len(computed) < keys / 2
    same_pages_as_a_fresh_build(make_app, srcdir, second, tmp_path / "fresh")


def test_a_build_on_another_day_shows_that_day_with_no_page_changed(make_app, rootdir, tmp_path, monkeypatch):
    # What every list is made from includes the day of the build ("Today in history"). The words
    # of the first day's list leave the search index too ("All" of 18 March: Sphinx kept them).
    srcdir = basic_site(rootdir, tmp_path / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "-151156800")  # noon, 18 March 1965
    first = rebuild(make_app, srcdir)
    assert "almanac-today-03-18" in (first.outdir / "index.html").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "-88171200")  # noon, 17 March 1967
    second = rebuild(make_app, srcdir, first)
    assert "almanac-today-03-17" in (second.outdir / "index.html").read_text()
    same_pages_as_a_fresh_build(make_app, srcdir, second, tmp_path / "fresh")


def test_an_edited_title_rewrites_the_pages_whose_toctrees_hold_the_page(make_app, rootdir, tmp_path):
    # The front page's toctree holds the timeline; nothing else on it shows the timeline's title.
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    before = html_stamps(first.outdir)
    timeline = srcdir / "timeline.md"
    timeline.write_text(timeline.read_text().replace("# Timeline", "# Timeline of events", 1))
    second = rebuild(make_app, srcdir, first)
    rewritten = {name for name, stamp in html_stamps(second.outdir).items() if before.get(name) != stamp}
    assert {"timeline.html", "index.html"} <= rewritten
    assert "Timeline of events" in (second.outdir / "index.html").read_text()
    same_pages_as_a_fresh_build(make_app, srcdir, second, tmp_path / "fresh")


def test_an_edited_event_title_rewrites_the_pages_whose_previous_and_next_links_name_it(make_app, rootdir, tmp_path):
    # The next page after Sputnik's, in the order of the toctrees, is the page of the next year,
    # which shows nothing else of Sputnik: only its "previous" link names it.
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    event = next((srcdir / "events").glob("1957-10-04-*.md"))
    event.write_text(event.read_text().replace("title: ", "title: Renamed ", 1))
    second = rebuild(make_app, srcdir, first)
    following = second.env.collect_relations()[f"events/{event.stem}"][2]
    assert "Renamed " in (second.outdir / f"{following}.html").read_text()
    same_pages_as_a_fresh_build(make_app, srcdir, second, tmp_path / "fresh")


def test_an_unchanged_rebuild_keeps_the_whole_sitemap_and_search_index(rootdir, tmp_path):
    # sphinx-sitemap lists only the pages a build writes, and Sphinx forgets the index entries of
    # the pages it does not rewrite: a no-op build must still publish the same two files.
    srcdir = basic_site(rootdir, tmp_path / "site")
    options = ("-D", "extensions=almanac,sphinx_sitemap", "-D", "html_baseurl=https://almanac.example/",
               "-D", "sitemap_url_scheme={link}")
    assert sphinx_build("-b", "html", *options, srcdir, tmp_path / "out").returncode == 0
    sitemap, index = (tmp_path / "out" / "sitemap.xml").read_bytes(), (tmp_path / "out" / "searchindex.js").read_bytes()
    assert b"https://almanac.example/events/1965-03-18-first-spacewalk.html" in sitemap
    entries = search_index(tmp_path / "out")["indexentries"]
    assert any("leonov" in entry.lower() for entry in entries)
    again = sphinx_build("-b", "html", *options, srcdir, tmp_path / "out")
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert (tmp_path / "out" / "sitemap.xml").read_bytes() == sitemap
    assert (tmp_path / "out" / "searchindex.js").read_bytes() == index


def test_a_rebuild_formats_only_the_bibliography_entries_that_changed(make_app, rootdir, tmp_path, monkeypatch):
    from pybtex.style.formatting import BaseStyle

    formatted: list[str] = []
    format_entry = BaseStyle.format_entry
    monkeypatch.setattr(BaseStyle, "format_entry", lambda self, label, entry, bib_data=None:
                        formatted.append(entry.key) or format_entry(self, label, entry, bib_data=bib_data))
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    assert {"siddiqi2000challenge", "scott2004twosides"} <= set(formatted)
    formatted.clear()
    edit_summary(srcdir)
    second = rebuild(make_app, srcdir, first)
    assert formatted == []
    bibliography = srcdir / "references.bib"
    bibliography.write_text(bibliography.read_text().replace("{Two Sides of the Moon}", "{Two Sides of the Moon: Our Story}"))
    third = rebuild(make_app, srcdir, second)
    assert set(formatted) == {"scott2004twosides"}  # by the check of the changed file, then by the build
    assert "Two Sides of the Moon: Our Story" in (third.outdir / f"{EVENT}.html").read_text()
    same_pages_as_a_fresh_build(make_app, srcdir, third, tmp_path / "fresh")


#: Not a pickle; entries in a form an earlier version kept; this form, of another version.
@pytest.mark.parametrize("kept", [b"not a pickle", pickle.dumps({b"key": 1}),
                                  pickle.dumps((0, {b"key": ("identity", "entry")}))])
def test_a_rebuild_formats_every_entry_again_when_the_kept_ones_are_not_this_version_s(make_app, rootdir, tmp_path, kept):
    from almanac.sphinxext.citations import FormattedEntries

    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    (Path(first.doctreedir) / FormattedEntries.FILE).write_bytes(kept)
    edit_summary(srcdir)
    second = rebuild(make_app, srcdir, first)
    assert warning_lines(second) == []
    same_pages_as_a_fresh_build(make_app, srcdir, second, tmp_path / "fresh")


def test_a_build_collects_garbage_in_larger_batches_and_leaves_the_collector_as_it_found_it(make_app, rootdir, tmp_path):
    from almanac.sphinxext.reading import BUILD_COLLECTOR_THRESHOLDS

    before = gc.get_threshold()
    assert before != BUILD_COLLECTOR_THRESHOLDS
    app = make_app("html", srcdir=basic_site(rootdir, tmp_path / "site"))
    during: list[tuple[tuple[int, int, int], int]] = []
    app.connect("html-page-context", lambda *args: during.append((gc.get_threshold(), gc.get_freeze_count())))
    app.build()
    assert warning_lines(app) == []
    # While the pages were written: the build's thresholds, and what reading left frozen.
    assert during and all(thresholds == BUILD_COLLECTOR_THRESHOLDS and frozen > 0 for thresholds, frozen in during)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_loading_the_saved_environment_runs_no_collection_and_leaves_it_out_of_the_later_ones(make_app, rootdir, tmp_path, monkeypatch):
    from almanac.sphinxext.reading import BUILD_COLLECTOR_THRESHOLDS

    before = gc.get_threshold()
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    first.cleanup()
    loading: dict[str, tuple[int, int, int]] = {}
    load = pickle.load
    monkeypatch.setattr(pickle, "load", lambda stream, **kwargs:
                        loading.setdefault(Path(stream.name).name, gc.get_threshold()) and load(stream, **kwargs))
    second = make_app("html", srcdir=srcdir, freshenv=False)
    assert loading["environment.pickle"] == (0, 0, 0)  # Sphinx loaded it with automatic collection off
    # From the builder on, the build's thresholds, the loaded environment frozen.
    assert gc.get_threshold() == BUILD_COLLECTOR_THRESHOLDS
    assert not any(tracked is second.env for tracked in gc.get_objects())  # frozen objects are not listed
    second.build()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_rebuild_of_few_pages_freezes_the_heap_without_collecting_it_first(make_app, rootdir, tmp_path, monkeypatch):
    from almanac.sphinxext import reading

    monkeypatch.setattr(reading, "FEW_PAGES", 5)  # the basic site has a few dozen pages
    collections: list[int] = []
    monkeypatch.setattr(reading.gc, "collect", lambda *args: collections.append(1) or 0)
    srcdir = basic_site(rootdir, tmp_path / "site")
    first = rebuild(make_app, srcdir)
    assert len(first.env.found_docs) > 5 and collections == [1]
    edit_summary(srcdir)
    second = rebuild(make_app, srcdir, first)
    assert collections == [1]
    assert "Edited. " in (second.outdir / f"{EVENT}.html").read_text()


def test_a_build_leaves_its_heap_out_of_the_collection_python_runs_at_exit(rootdir, tmp_path):
    # After the build the collector is as it was (the test above); what exits then is frozen, so
    # Python's last collection does not walk the environment and its pages.
    srcdir = basic_site(rootdir, tmp_path / "site")
    script = ("import atexit, gc, sys\n"
              "from sphinx.cmd.build import main\n"
              "assert main(['-q', '-b', 'html', sys.argv[1], sys.argv[2]]) == 0\n"
              "print(gc.get_freeze_count())\n"
              "atexit._run_exitfuncs()\n"  # what Python runs as it exits, before its last collection
              "print(gc.get_freeze_count())\n")
    result = subprocess.run([sys.executable, "-c", script, srcdir, tmp_path / "out"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    after_build, at_exit = map(int, result.stdout.split()[-2:])
    assert after_build == 0 and at_exit > 10_000


def test_the_feed_holds_the_latest_additions_newest_first(make_app, rootdir, tmp_path, monkeypatch):
    from xml.etree import ElementTree

    from almanac.sphinxext import outputs

    monkeypatch.setattr(outputs, "FEED_LENGTH", 1)
    app = make_app("html", srcdir=basic_site(rootdir, tmp_path / "site"))
    app.build()
    latest = app.env.domaindata["almanac"]["derived"].latest
    assert len(latest) > 1
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.parse(app.outdir / "feed.xml").getroot().findall(f"{atom}entry")
    assert [entry.find(f"{atom}link").get("href").rsplit("/", 1)[-1] for entry in entries] == [
        f"{latest[0].rsplit('/', 1)[-1]}.html"]


def test_the_titles_every_page_repeats_are_not_in_the_search_index(make_app, rootdir, tmp_path):
    app = make_app("html", srcdir=basic_site(rootdir, tmp_path / "site"))
    app.build()
    titles = set(search_index(app.outdir)["alltitles"])
    assert "The first spacewalk" in titles
    assert titles.isdisjoint({"Sources", "Events", "Missions", "Missions flown", "A question to reflect on"})
    assert "<h2 class=\"no-search\">Sources" in (app.outdir / f"{EVENT}.html").read_text(encoding="utf-8")


def test_citations_find_their_styles_without_scanning_the_installed_packages(make_app, rootdir, tmp_path, monkeypatch):
    # Each scan of every package's entry points costs milliseconds; per citation it was most of a build.
    import pybtex.plugin

    scans: list[dict[str, str]] = []
    scan = pybtex.plugin.entry_points
    monkeypatch.setattr(pybtex.plugin, "entry_points", lambda **query: scans.append(query) or scan(**query))
    app = make_app("html", srcdir=basic_site(rootdir, tmp_path / "site"))
    scans.clear()  # registering the plugins at setup scans once each
    app.build()
    assert "Challenge to Apollo" in (app.outdir / f"{EVENT}.html").read_text(encoding="utf-8")  # the citation is formatted
    assert [query for query in scans if query.get("group", "").startswith("pybtex.style.")] == []
