"""Every day of the year: day sections, the calendar, each day's data, the iCalendars, today's feed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from almanac.core.frontmatter import parse_front_matter
from almanac.core.model import PartialDate
from almanac.sphinxext.anniversaries import DAYS
from conftest import PROJECT

pytest_plugins = ("site_build",)
ATOM = "{http://www.w3.org/2005/Atom}"


def dated(folder: str, *keys: str) -> list[tuple[str, str, PartialDate]]:
    """(page, key, date) of every full date under *keys* in the real pages of *folder*."""
    result = []
    for path in sorted((PROJECT / folder).glob("*.md")):
        values = (parse_front_matter(path.read_text(encoding="utf-8")) or None)
        for key in keys:
            if values is not None and key in values.values:
                date = PartialDate.parse(str(values.values[key]))
                if date.day_key:
                    result.append((f"{folder}/{path.stem}", key, date))
    return result


def page(site_html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site_html / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def test_every_birth_death_and_launch_shows_on_its_day_and_the_calendar_links_the_day(site_html):
    calendar = page(site_html, "on-this-day/index")
    entries = dated("people", "born", "died") + dated("missions", "launch")
    assert len(entries) > 60
    missing = []
    for docname, key, date in entries:
        day = page(site_html, f"on-this-day/{date.day_key}")
        section = day.select_one({"born": "#almanac-born", "died": "#almanac-died", "launch": "#almanac-launched"}[key])
        link = f"../{docname}.html"
        if section is None or link not in {a["href"] for a in section.select("a[href]")}:
            missing.append(f"{docname} {key} {date.iso()}")
        cell = calendar.select_one(f"li.almanac-day-{date.day_key}")
        if cell.select_one(f"a[href='{date.day_key}.html']") is None:
            missing.append(f"calendar cell {date.day_key}")
    assert missing == []


def test_a_day_s_sections_are_oldest_first_with_the_year_and_one_line(site_html):
    day = page(site_html, "on-this-day/01-12")  # Korolev was born on 12 January 1907 (new style)
    born = day.select_one("#almanac-born").get_text(" ", strip=True)
    assert "1907 — Sergei Korolev" in born
    events = [li.get_text(" ", strip=True) for li in page(site_html, "on-this-day/03-18").select("#almanac-events li")]
    years = [int(text[:4]) for text in events]
    assert events and years == sorted(years)


def test_every_day_of_the_year_has_its_small_data_file(site_html):
    files = sorted(p.stem for p in (site_html / "on-this-day").glob("??-??.json"))
    assert files == list(DAYS) and len(files) == 366
    biggest = max((site_html / "on-this-day" / f"{day}.json").stat().st_size for day in DAYS)
    assert biggest < 16_000  # the first entries of each section only: it does not grow with the corpus
    data = json.loads((site_html / "on-this-day" / "03-18.json").read_text(encoding="utf-8"))
    assert data["title"] == "18 March" and data["sections"][0]["heading"] == "Events"
    assert any(entry["title"] == "Alexei Leonov makes the first spacewalk" for entry in data["sections"][0]["entries"])
    assert data["coming_up"] == []  # named only for a day with nothing on it:
    empty = json.loads((site_html / "on-this-day" / "02-29.json").read_text(encoding="utf-8"))
    assert empty["sections"] == [] and [day["day"] for day in empty["coming_up"]] == ["03-01", "03-02", "03-03"]
    days = json.loads((site_html / "on-this-day" / "days.json").read_text(encoding="utf-8"))["days"]
    assert "03-18" in days and days == sorted(days)


def test_calendar_ics_has_one_yearly_entry_per_dated_event_with_stable_uids(site_html):
    calendar = icalendar.Calendar.from_ical((site_html / "calendar.ics").read_bytes())
    entries = list(calendar.walk("VEVENT"))
    events = [path for path in (PROJECT / "events").glob("*.md") if len(path.stem) > 11 and path.stem[10] == "-"]
    assert len(entries) == len(events)
    uids = [str(entry["UID"]) for entry in entries]
    assert len(set(uids)) == len(uids)
    walk = next(entry for entry in entries if str(entry["UID"]).startswith("events.1965-03-18-first-spacewalk@"))
    assert walk["RRULE"]["FREQ"] == ["YEARLY"]
    assert walk.decoded("DTSTART").isoformat() == "1965-03-18"
    assert str(walk["SUMMARY"]) == "Alexei Leonov makes the first spacewalk (1965)"
    assert str(walk["URL"]).endswith("events/1965-03-18-first-spacewalk.html")
    category = icalendar.Calendar.from_ical((site_html / "categories" / "soviet-union.ics").read_bytes())
    assert 0 < len(list(category.walk("VEVENT"))) < len(entries)


def test_the_calendar_and_category_pages_link_the_subscriptions(site_html):
    assert "../calendar.ics" in {a["href"] for a in page(site_html, "on-this-day/index").select(".almanac-subscribe a")}
    assert "soviet-union.ics" in {a["href"] for a in page(site_html, "categories/soviet-union").select(".almanac-subscribe a")}


def test_today_s_feed_is_valid_atom(site_html):
    feed = ElementTree.parse(site_html / "on-this-day.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text.startswith("Almanac: on ")
