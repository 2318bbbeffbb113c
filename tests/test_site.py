"""The real knowledge base, built exactly as `make html` builds it: strict, serial and parallel."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_build import build_site

pytest_plugins = ("site_build",)


@pytest.fixture(scope="module")
def built(site_html, tmp_path_factory) -> dict[str, Path]:
    """The real site built serially (the session's build) and with ``-j auto`` from its own copy."""
    return {"1": site_html, "auto": build_site(tmp_path_factory.mktemp("site-jauto"), "-j", "auto")}


def page(built, name: str) -> BeautifulSoup:
    return BeautifulSoup((built["1"] / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def test_serial_and_parallel_builds_write_the_same_pages(built):
    pages = sorted(str(p.relative_to(built["1"])) for p in built["1"].rglob("*.html"))
    assert pages == sorted(str(p.relative_to(built["auto"])) for p in built["auto"].rglob("*.html"))
    _, mismatch, errors = filecmp.cmpfiles(built["1"], built["auto"], pages, shallow=False)
    assert mismatch == errors == []


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
