"""The real knowledge base, built exactly as `make html` builds it: strict, serial and parallel."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project

STRICT = ("-W", "--keep-going", "-n", "-b", "html")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The real site built serially and with ``-j auto``, each from its own fresh copy."""
    outputs = {}
    for jobs in ("1", "auto"):
        root = tmp_path_factory.mktemp(f"site-j{jobs}")
        site = copy_project(root / "site")
        result = subprocess.run([sys.executable, "-m", "sphinx", *STRICT, "-j", jobs, str(site), str(root / "html")],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        outputs[jobs] = root / "html"
    return outputs


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
