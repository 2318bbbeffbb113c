"""The PDF book, built as `make pdf` builds it, read back with pdftotext and pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import copy_project
from test_corpus import EVENTS


def require(tool: str) -> None:
    """Skip without *tool* on a developer's machine; never in CI, where `make test` installs it."""
    if shutil.which(tool) is None:
        if __import__("os").environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing: make test installs it (scripts/need-debian-packages)")
        pytest.skip(f"{tool} is not installed (make test installs it)")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    for tool in ("latexmk", "xelatex", "pdftotext"):
        require(tool)
    root = tmp_path_factory.mktemp("pdf")
    site = copy_project(root / "site")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-M", "latexpdf", str(site), str(root / "out"),
                             "-W", "--keep-going", "-n"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "out" / "latex" / "almanac.pdf"


@pytest.fixture(scope="module")
def raw_text(pdf) -> str:
    """The PDF's text as pdftotext gives it: lines as printed, pages separated by form feeds."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pages(raw_text) -> list[str]:
    """The text of each page."""
    return raw_text.split("\f")


@pytest.fixture(scope="module")
def text(raw_text) -> str:
    """The PDF's text, with line-end hyphenation and line breaks undone."""
    return plain(re.sub(r"-\n(?=[a-z])", "", raw_text))


def plain(text: str) -> str:
    """Spaces folded, and the typographic quotes that the build puts in titles made straight."""
    return re.sub(r"\s+", " ", text).replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')


def outline_titles(reader: PdfReader) -> list[str]:
    """The bookmarks' titles, without the numbers of parts ("I The 1950s")."""
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield plain(re.sub(r"^[IVX]+ ", "", item.title))
    return list(walk(reader.outline))


def test_every_event_is_in_the_text_and_every_feature_in_the_bookmarks(pdf, text):
    bookmarks = outline_titles(PdfReader(pdf))
    folded = plain(text)
    for _, event, _ in EVENTS:
        assert plain(event.title) in folded, event.title
        # Brief entries are set compactly, under their year's chapter: not sections of their own.
        assert (plain(event.title) in bookmarks) is event.feature, event.title


def test_the_book_has_its_parts_reference_chapters_bibliography_and_index(pdf, text):
    bookmarks = outline_titles(PdfReader(pdf))
    for title in ("The 1920s", "The 1950s", "The 1960s", "The 1970s", "The 2020s", "Reference", "People", "Missions",
                  "Bibliography", "Index"):
        assert title in bookmarks, title
    assert "Bibliography" in text and "Index" in text


def test_names_in_other_scripts_print(text):
    assert "Алексей Архипович Леонов" in text
    assert "钱学森" in text  # Chinese, through the CJK font


def test_the_index_lists_people_missions_and_places(text):
    for entry in ("Leonov, Alexei", "Gagarin, Yuri", "Voskhod 2", "Apollo 11", "Hammaguir launch base, Algerian Sahara"):
        assert re.search(re.escape(entry) + r", \d+", text), entry  # the entry and its page number


def test_web_only_parts_stay_out(text):
    assert "Today in history" not in text
    assert "Next event" not in text
    assert "On this day" not in text


def test_internal_links_lead_somewhere(pdf):
    reader = PdfReader(pdf)
    destinations = set(reader.named_destinations)
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Subtype") == "/Link" and action is not None and action.get("/S") == "/GoTo":
                links.append(str(action["/D"]))
    assert len(links) > 300
    assert sorted({link for link in links if link not in destinations}) == []


def test_the_title_page_gives_the_title_subject_and_period(pages):
    years = sorted(path.stem[:4] for path, _, _ in EVENTS)
    assert plain(pages[0]).strip() == (
        f"Almanac The history of rocketry and spaceflight, day by day {years[0]}–{years[-1]} The Almanac authors")


def test_running_heads_give_the_year_not_the_release(pages, text):
    from almanac import __version__

    assert f"Release {__version__}" not in text
    luna_2 = next(page for page in pages if "Luna 2 becomes the first spacecraft to reach the Moon\n" in page
                  and "Date" in page)
    assert luna_2.strip().splitlines()[0] == "1959"


def test_adjacent_citations_print_as_separate_marks(raw_text):
    # Pages cite two sources side by side ("the usual account", Goddard's page): their marks print
    # as "3,4", never as the number "34". pdftotext gives the raised marks right after the word.
    separated = re.findall(r"(?<=[a-z.)])\d{1,3},\d{1,3}(?=[\s.,;:)])", raw_text)
    assert len(separated) >= 50, separated


def test_the_maps_and_the_charts_are_drawn_in_the_book(pdf, pages, tmp_path):
    from PIL import Image

    assert any("Events per year, by nation" in page for page in pages)
    map_page = next(index for index, page in enumerate(pages, start=1) if "Map of Earth:" in page)
    subprocess.run(["pdftoppm", "-f", str(map_page), "-l", str(map_page), "-r", "100", "-png", str(pdf),
                    str(tmp_path / "map")], check=True)
    image = Image.open(next(tmp_path.glob("map*.png"))).convert("RGB")
    # The markers are drawn in the map's red (#c0392b), the land in grey: both must be on the page.
    colours = image.getcolors(maxcolors=1 << 20)
    red = sum(count for count, (r, g, b) in colours if r > 150 and g < 90 and b < 80)
    grey = sum(count for count, (r, g, b) in colours if r == g == b and 200 <= r <= 220)
    assert red > 50 and grey > 10_000, (red, grey)
