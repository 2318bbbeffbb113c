"""Places and figures: place pages, links to them from events and missions, the maps, the charts,
their text equivalents and their cache, in the site and in the book."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from almanac.core.figures import Bar, MapPoint, bar_chart, map_figure
from conftest import PROJECT, search_index

MAP_DATA = str(PROJECT / "map-data" / "node_modules" / "world-atlas" / "countries-110m.json")
pytestmark = [pytest.mark.sphinx("html", testroot="places", confoverrides={"almanac_map_data": MAP_DATA}),
              pytest.mark.test_params(shared_result="html-places")]


@pytest.fixture
def site(app):
    app.build()
    assert app.warning.getvalue() == ""

    def page(name: str) -> BeautifulSoup:
        return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")

    return page


def card(soup: BeautifulSoup, kind: str) -> dict[str, str]:
    fields = soup.select_one(f".almanac-{kind}-card dl")
    return {dt.get_text(strip=True).rstrip(":"): dd.get_text(" ", strip=True)
            for dt, dd in zip(fields.select("dt"), fields.select("dd"))}


def test_a_place_page_has_its_card_locator_events_missions_and_sources(site):
    page = site("places/baikonur")
    assert card(page, "place") == {
        "Name": "Baikonur Cosmodrome", "Native name": "Космодром «Байконур»",
        "Also known as": "Tyuratam; NIIP-5", "Kind": "launch site",
        "World": "Earth", "Coordinates": "45.9650° N, 63.3050° E [ 1 ] [ 2 ]", "Country": "Kazakhstan"}
    locator = page.select_one("article .almanac-figure svg.almanac-map")
    assert locator["aria-label"] == "Map of Earth: Baikonur Cosmodrome"
    assert locator.select("circle.almanac-map-mark") and locator.select_one("path.almanac-map-land")
    assert "coordinates are given above" in page.select_one(".almanac-figure-caption").get_text()
    sections = {s.select_one("h2").get_text(strip=True).strip("#"): s for s in page.select("article section section")}
    assert [a.get_text(strip=True) for a in sections["Events"].select("li a")] == ["The first spacewalk"]
    assert [a.get_text(strip=True) for a in sections["Missions"].select("li a")] == ["Voskhod 2"]
    assert len(sections["Sources"].select("aside.footnote, div.footnote, .footnote")) >= 2


def test_events_and_missions_link_their_places(site):
    event = card(site("events/1965-03-18-first-spacewalk"), "event")
    assert event["Place"] == "Baikonur Cosmodrome ( Baikonur Cosmodrome )"
    brief = site("events/1969-07-20-first-landing")
    assert [a["href"] for a in brief.select(".almanac-event-card a[href*='places/']")] == ["../places/tranquility-base.html"]
    mission = site("missions/voskhod-2")
    assert card(mission, "mission")["Launch site"] == "Baikonur Cosmodrome"
    assert mission.select_one(".almanac-mission-card a[href='../places/baikonur.html']")


def test_the_places_index_has_a_map_per_world_with_a_linked_marker_per_place(site):
    index = site("places/index")
    maps = index.select("article svg.almanac-map")
    assert [svg["aria-label"] for svg in maps] == ["Map of Earth", "Map of Moon"]
    earth, moon = maps
    assert [(a["href"], a["aria-label"]) for a in earth.select("a")] == [("baikonur.html", "Baikonur Cosmodrome")]
    assert [(a["href"], a["aria-label"]) for a in moon.select("a")] == [("tranquility-base.html", "Tranquility Base")]
    assert earth.select_one("desc").get_text() == "1 place marked: Baikonur Cosmodrome."
    # The text equivalent: the index lists every place with its kind and where it is.
    assert [li.get_text(" ", strip=True) for li in index.select("article ul.almanac-list li")] == [
        "Baikonur Cosmodrome (launch site, Kazakhstan) — 1 event",
        "Tranquility Base (landing site, Moon) — 1 event",
    ]


def test_the_timeline_chart_has_a_bar_per_year_each_linking_its_page(site):
    chart = site("timeline").select_one("article svg.almanac-chart")
    bars = {a["href"]: a["aria-label"] for a in chart.select("a")}
    assert bars == {"years/1957.html": "1957: 1 events", "years/1965.html": "1965: 1 events",
                    "years/1969.html": "1969: 1 events"}
    assert len(chart.select("title")) == 1 + (1969 - 1957 + 1)  # the chart's, then one per year, empty ones too


def test_a_year_page_shows_its_months(site):
    chart = site("years/1965").select_one("article svg.almanac-chart")
    assert chart["aria-label"] == "Events per month"
    assert [t.get_text() for t in chart.select("title")][1:4] == ["Jan: 0", "Feb: 0", "Mar: 1"]


def test_json_ld_and_events_json_know_the_places(app, site):
    page = site("places/baikonur")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Place"
    assert data["alternateName"] == ["Космодром «Байконур»", "Tyuratam", "NIIP-5"]
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 45.965, "longitude": 63.305}
    events = json.loads((app.outdir / "events.json").read_text(encoding="utf-8"))["events"]
    spacewalk = next(e for e in events if e["title"] == "The first spacewalk")
    assert [p["slug"] for p in spacewalk["places"]] == ["baikonur"]


def test_search_finds_a_place_by_another_of_its_names(app, site):
    index = json.dumps(search_index(app.outdir), ensure_ascii=False).lower()
    assert '"tyuratam"' in index and '"niip-5"' in index


def test_an_unchanged_figure_is_not_drawn_again(app, site):
    cache = app.doctreedir / "almanac-figures"
    before = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert len(before) >= 5  # two maps, a locator per place, the timeline, a chart per year
    (app.srcdir / "people" / "alexei-leonov.md").write_text(
        (app.srcdir / "people" / "alexei-leonov.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    app.build()
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == before


def test_figures_escape_every_name_and_link():
    svg = map_figure("Earth", [MapPoint('<script>alert(1)</script> & "x"', 10, 20, 'a.html?x="><script>')])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    chart = bar_chart("<b>", [Bar("</svg>", (1,), None)], ["Events"])
    assert "<b>" not in chart and "</svg><" not in chart.replace("</svg>", "", 1)


def test_a_map_crossing_the_antimeridian_stays_inside_the_world():
    # Fiji straddles 180°: drawn naively, its ring would streak across the whole map.
    ring = [(179.0, -16.0), (-179.5, -16.5), (-179.0, -17.0), (178.5, -17.5)]
    svg = map_figure("Earth", [], [ring])
    xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", svg)]
    widths = [max(xs[i:i + 4]) - min(xs[i:i + 4]) for i in range(0, len(xs), 4)]
    assert widths and max(widths) < 10

