"""Anniversaries: each day's data for "Today in history", calendars to subscribe to, today's feed.

- ``on-this-day/MM-DD.json`` for every day of the year (29 February too): the day's events,
  births, deaths and launches (the first few of each) and the next days that have entries, so the
  front page loads one small file whatever the size of the knowledge base; ``on-this-day/days.json``
  lists the days that have events, for a random pick.
- ``calendar.ics`` and ``categories/<slug>.ics`` (iCalendar, RFC 5545): a yearly all-day entry on
  every event's anniversary, with a UID that stays the same from build to build.
- ``on-this-day.xml``: an Atom feed of the anniversaries of the day the site was built
  (``SOURCE_DATE_EPOCH`` when set, else today in UTC); a daily rebuild keeps it current.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import icalendar
from sphinx.application import Sphinx

from ..core.files import write_if_changed
from ..core.model import Event, build_day, day_title
from .config import category_name
from .pagetext import page_docname
from .lists import DAYS, Link, Source, day_summary
from .nodes import domain_of
from .outputs import EPOCH, add_entry, is_html, new_feed, timestamp, write_feed_file


def _url(app: Sphinx, link: Link) -> str | None:
    return app.builder.get_target_uri(link.docname) if link.docname else None


def day_data(app: Sphinx, source: Source, day: str) -> dict[str, Any]:
    """What the front page shows for *day* (:func:`.lists.day_summary`), with the pages' addresses."""
    summary = day_summary(source, day)
    return {
        "day": day,
        "title": summary.title,
        "url": _url(app, summary.link),
        "sections": [{"heading": heading,
                      "entries": [{"year": row.when, "title": row.link.text, "url": _url(app, row.link), "line": row.summary}
                                  for row in entries],
                      "more": more} for heading, entries, more in summary.sections],
        "coming_up": [{"day": later.day, "title": later.title, "url": _url(app, later.link), "count": later.count,
                       "first": later.first} for later in summary.coming_up],
    }


def write_days(app: Sphinx, source: Source) -> None:
    folder = Path(app.outdir) / page_docname("day", "").rstrip("/")
    for day in DAYS:
        text = json.dumps(day_data(app, source, day), ensure_ascii=False, separators=(",", ":"))
        write_if_changed(folder / f"{day}.json", text + "\n")
    with_events = [day for day in DAYS if source.derived.group("day", day)]
    write_if_changed(folder / "days.json", json.dumps({"days": with_events}) + "\n")


def _vevent_fields(app: Sphinx, event: Event, host: str) -> tuple[str, ...]:
    """What *event*'s yearly all-day entry says: its UID, stamp, day, summary, description and URL."""
    start = datetime.date(event.date.year, event.date.month or 1, event.date.day or 1)
    # The page's name never changes (the URL is kept stable), so neither does the UID.
    return (f"{event.docname.replace('/', '.')}@{host}", timestamp(event.added or event.date).isoformat(),
            start.isoformat(), f"{event.title} ({event.date.year})", event.summary.event or "",
            urljoin(app.config.html_baseurl, app.builder.get_target_uri(event.docname)))


def _vevent(fields: tuple[str, ...]) -> str:
    """One entry (from :func:`_vevent_fields`), as iCalendar text."""
    uid, stamp, day, summary, description, url = fields
    start = datetime.date.fromisoformat(day)
    entry = icalendar.Event()
    entry.add("uid", uid)
    entry.add("dtstamp", datetime.datetime.fromisoformat(stamp))
    entry.add("dtstart", start)
    entry.add("dtend", start + datetime.timedelta(days=1))
    entry.add("rrule", {"freq": "yearly"})
    entry.add("summary", summary)
    if description:
        entry.add("description", description)
    entry.add("url", url)
    entry.add("transp", "TRANSPARENT")
    return entry.to_ical().decode("utf-8")


def _serialised_entries(app: Sphinx, events: Iterable[Event], host: str) -> dict[str, str]:
    """Each event's entry as iCalendar text, by docname.

    The library takes about a millisecond an entry, on every build: the texts are kept in the
    doctree folder with what they say, and an entry is serialised again only when that changes.
    """
    kept_at = Path(app.doctreedir) / "almanac-calendar.json"
    version = importlib.metadata.version("icalendar")
    try:
        kept = json.loads(kept_at.read_text(encoding="utf-8"))
        remembered = kept["entries"] if kept.get("icalendar") == version else {}
    except (OSError, ValueError, KeyError, TypeError):
        remembered = {}
    entries: dict[str, list[str]] = {}
    for event in events:
        fields = list(_vevent_fields(app, event, host))
        before = remembered.get(event.docname)
        entries[event.docname] = before if isinstance(before, list) and before[:-1] == fields else [*fields, _vevent(tuple(fields))]
    write_if_changed(kept_at, json.dumps({"icalendar": version, "entries": entries}, ensure_ascii=False, sort_keys=True))
    return {docname: kept_entry[-1] for docname, kept_entry in entries.items()}


def calendar_text(app: Sphinx, entries: Iterable[str], name: str) -> str:
    """An iCalendar holding *entries* (from :func:`_vevent`), named *name*."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{app.config.project}//Almanac//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    # Each entry is serialised once and goes into every calendar that lists it (the whole
    # knowledge base's and its categories'): the components of a calendar come before its end.
    text = cal.to_ical().decode("utf-8")
    end = "END:VCALENDAR\r\n"
    return text.removesuffix(end) + "".join(entries) + end


def write_calendars(app: Sphinx, source: Source) -> None:
    outdir = Path(app.outdir)
    host = urlsplit(app.config.html_baseurl).hostname or "almanac.invalid"
    events = [source.event(docname) for docname in source.derived.chronology]
    entries = _serialised_entries(app, (event for event in events if event.date.is_calendar_day), host)
    title = app.config.html_title or app.config.project
    write_if_changed(outdir / "calendar.ics", calendar_text(app, entries.values(), title))
    for slug in source.derived.categories:
        in_category = (entries[docname] for docname in source.derived.group("category", slug) if docname in entries)
        write_if_changed(outdir / f"{page_docname('category', slug)}.ics",
                         calendar_text(app, in_category, f"{title}: {category_name(app.config, slug)}"))


def write_anniversary_feed(app: Sphinx, source: Source) -> None:
    today = build_day()
    day = f"{today.month:02d}-{today.day:02d}"
    title = app.config.html_title or app.config.project
    feed = new_feed(app, "on-this-day.xml", f"{title}: on {day_title(day)}",
                    f"The anniversaries of {day_title(day)}, as of the site's last build.")
    midnight = datetime.datetime(today.year, today.month, today.day, tzinfo=datetime.timezone.utc)
    events = [source.event(docname) for docname in source.derived.group("day", day)]
    for event in sorted(events, key=lambda e: e.sort_key, reverse=True):  # the oldest ends up first
        add_entry(app, feed, event, midnight)
    write_feed_file(app, feed, "on-this-day.xml", midnight if events else EPOCH)


def write_anniversaries(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and is_html(app):
        source = domain_of(app.env).source()
        write_days(app, source)
        write_calendars(app, source)
        write_anniversary_feed(app, source)


def setup_anniversaries(app: Sphinx) -> None:
    app.connect("build-finished", write_anniversaries)

