"""The real knowledge base, built exactly as `make html` builds it: strict, serial and parallel."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_build import build_site, sphinx_build

pytest_plugins = ("site_build",)


@pytest.fixture(scope="module")
def built(site_html, tmp_path_factory) -> dict[str, Path]:
    """The real site built serially (the session's build) and with ``-j auto`` from its own copy."""
    return {"1": site_html, "auto": build_site(tmp_path_factory.mktemp("site-jauto"), "-j", "auto")}


def page(built, name: str) -> BeautifulSoup:
    return BeautifulSoup((built["1"] / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def outputs(html: Path) -> list[str]:
    """Every file a build wrote, but its doctrees (pickles, which hold the source folder's path)."""
    return sorted(str(p.relative_to(html)) for p in html.rglob("*") if p.is_file() and ".doctrees" not in p.parts)


def test_two_clean_builds_serial_and_parallel_are_byte_identical(built):
    """Two clean builds of the same sources, from two copies, one serial and one with -j auto."""
    files = outputs(built["1"])
    assert files == outputs(built["auto"])
    assert {"feed.xml", "events.json", "sitemap.xml", "calendar.ics", "on-this-day.xml", "on-this-day/12-01.json"} <= set(files)
    _, mismatch, errors = filecmp.cmpfiles(built["1"], built["auto"], files, shallow=False)
    assert mismatch == errors == []


def test_the_site_has_no_copies_of_its_sources(built):
    """Nothing links them (``html_copy_source = False`` in conf.py), so none is written."""
    assert not any(name.startswith("_sources/") for name in outputs(built["1"]))
    assert (built["1"] / "events" / "1965-03-18-first-spacewalk.html").is_file()


def test_a_no_op_rebuild_writes_no_file(built):
    html = built["auto"]
    before = {name: (html / name).stat().st_mtime_ns for name in outputs(html)}
    result = sphinx_build(html.parent / "site", html, "-j", "auto")
    assert result.returncode == 0, result.stderr
    assert "no targets are out of date." in result.stdout
    rewritten = {name for name, mtime in before.items() if (html / name).stat().st_mtime_ns != mtime}
    assert rewritten == set()


def test_the_first_spacewalk_links_its_people_mission_and_sources(built):
    event = page(built, "events/1965-03-18-first-spacewalk")
    card_links = {a["href"] for a in event.select(".almanac-card a")}
    assert {"../people/alexei-leonov.html", "../people/pavel-belyayev.html", "../missions/voskhod-2.html"} <= card_links
    sources = event.select_one("section#sources").get_text()
    assert "Challenge to Apollo" in sources and "Two Sides of the Moon" in sources


@pytest.mark.parametrize("name", ["people/alexei-leonov", "people/pavel-belyayev", "missions/voskhod-2"])
def test_people_and_missions_link_back_to_the_event(built, name):
    events = page(built, name).select_one("section#events ul")
    assert "../events/1965-03-18-first-spacewalk.html" in {a["href"] for a in events.select("a")}
