"""HTML outputs for machines: events.json, the Atom feed of additions, JSON-LD and page descriptions.

All of it is made from the domain's records after (or while) pages are written, so it is as
current as the pages on every build, incremental or not.
"""

from __future__ import annotations

import datetime
import html
import json
import queue
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder

from ..core.files import read_kept, write_if_changed, write_kept
from ..core.model import Entity, Event, Kind, Mission, PartialDate, Person, Place
from .builder import wrote_nothing
from .config import category_name
from .nodes import domain_of


def is_html(app: Sphinx) -> bool:
    """True for the website's builders (not the EPUB, which is HTML too)."""
    return isinstance(app.builder, StandaloneHTMLBuilder) and not isinstance(app.builder, Epub3Builder)


def _url(app: Sphinx, docname: str) -> str:
    """The page's URL relative to the site root, as the builder writes it."""
    return app.builder.get_target_uri(docname)


def _absolute(app: Sphinx, docname: str) -> str:
    return urljoin(app.config.html_baseurl, _url(app, docname))


def _names(app: Sphinx, kind: Kind, slugs: Iterable[str]) -> list[dict[str, str]]:
    domain = domain_of(app.env)
    result = []
    for slug in slugs:
        record = domain.lookup(kind, slug)
        if record is not None:
            result.append({"slug": slug, "name": record.display_name, "url": _url(app, record.docname)})
    return result


def event_data(app: Sphinx, event: Event) -> dict[str, Any]:
    """One event as events.json gives it."""
    return {
        "date": event.date.iso(),
        "end": event.end.iso() if event.end else None,
        "day": event.date.day_key,
        "title": event.title,
        "url": _url(app, event.docname),
        "place": event.place,
        "people": _names(app, "person", (ref.slug for ref in event.people)),
        "missions": _names(app, "mission", (ref.slug for ref in event.missions)),
        "places": _names(app, "place", (ref.slug for ref in event.places)),
        "categories": [{"slug": slug, "name": category_name(app.config, slug)} for slug in event.categories],
        "summary": dict(event.summary.items()),
        "added": event.added.iso() if event.added else None,
    }


def _events(app: Sphinx) -> list[Event]:
    domain = domain_of(app.env)
    return [domain.event(docname) for docname in domain.derived.chronology]


#: Each event's entry of events.json, by docname, as the last build wrote it, with its builder's
#: name (the doctrees may serve the html and dirhtml builders, whose addresses differ).
KEPT_EVENTS = "almanac-events.pickle"


def write_events_json(app: Sphinx) -> None:
    """Each event as JSON; the last build's text of an event kept when only other events changed
    (an entry shows its event and the names of the people, missions and places it links)."""
    domain = domain_of(app.env)
    kept_at = Path(app.doctreedir) / KEPT_EVENTS
    changed = domain.changed_records
    kept: dict[str, str] = {}
    if changed is not None and all(isinstance(domain.records.get(docname), Event) for docname in changed):
        found = read_kept(kept_at, app.builder.name)
        kept = {docname: text for docname, text in found.items() if docname not in changed} if isinstance(found, dict) else {}
    entries = {event.docname: kept.get(event.docname) or json.dumps(event_data(app, event), ensure_ascii=False, separators=(",", ":"))
               for event in _events(app)}
    write_kept(kept_at, app.builder.name, entries)
    # As json.dumps writes the whole with the same separators.
    write_if_changed(Path(app.outdir) / "events.json", '{"generator":"Almanac","events":[' + ",".join(entries.values()) + "]}\n")


def timestamp(date: PartialDate) -> datetime.datetime:
    """Midnight UTC at the start of *date* (its first month or day when those are unknown)."""
    return datetime.datetime(date.year, date.month or 1, date.day or 1, tzinfo=datetime.timezone.utc)


#: What XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/FFFF): an author's NUL
#: in a title must not stop the feed, and every other output, from being written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def new_feed(app: Sphinx, name: str, title: str, subtitle: str) -> FeedGenerator:
    """An Atom feed of the site, to be written as *name* at the site's root."""
    feed = FeedGenerator()
    home = urljoin(app.config.html_baseurl, _url(app, app.config.root_doc))
    feed.id(urljoin(app.config.html_baseurl, name))
    feed.title(xml_text(title))
    if subtitle:
        feed.subtitle(xml_text(subtitle))
    feed.link(href=home, rel="alternate")
    feed.link(href=urljoin(app.config.html_baseurl, name), rel="self")
    feed.language(app.config.language or "en")
    return feed


def add_entry(app: Sphinx, feed: FeedGenerator, event: Event, updated: datetime.datetime) -> None:
    """*event* as the feed's newest entry (feedgen puts each new entry first)."""
    entry = feed.add_entry()
    url = _absolute(app, event.docname)
    entry.id(url)
    entry.title(xml_text(f"{event.date.human()}: {event.title}"))
    entry.link(href=url, rel="alternate")
    entry.updated(updated)
    entry.published(updated)
    if event.summary.event:
        entry.summary(xml_text(event.summary.event))
    for slug in event.categories:
        entry.category(term=slug, label=xml_text(category_name(app.config, slug)))


def write_feed_file(app: Sphinx, feed: FeedGenerator, name: str, updated: datetime.datetime) -> None:
    # The feed's own date comes from its content: feedgen would put the time of the build.
    feed.updated(updated)
    write_if_changed(Path(app.outdir) / name, feed.atom_str(pretty=True).decode("utf-8"))


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


#: How many of the latest additions the feed holds. A reader polls it for what is new; with
#: every event it grew with the knowledge base (5.5 MB at 10,000 events, fetched again at each
#: poll). events.json holds them all.
FEED_LENGTH = 50


def write_feed(app: Sphinx) -> None:
    """An Atom feed of the latest additions (:data:`FEED_LENGTH`), the most recently added first."""
    feed = new_feed(app, "feed.xml", app.config.html_title or app.config.project, app.config.almanac_description)
    domain = domain_of(app.env)
    updated = EPOCH
    for event in (domain.event(docname) for docname in reversed(domain.derived.latest[:FEED_LENGTH])):
        added = timestamp(event.added or event.date)
        add_entry(app, feed, event, added)
        updated = max(updated, added)
    write_feed_file(app, feed, "feed.xml", updated)


def write_machine_readable(app: Sphinx, exception: Exception | None) -> None:
    # From the records and the configuration only: unchanged when the builder wrote nothing.
    if exception is None and is_html(app) and not wrote_nothing(app):
        write_events_json(app)
        write_feed(app)


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def list_every_page_in_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """sphinx-sitemap lists the pages written in this build only (its issue #13): an incremental
    build would publish a sitemap of the changed pages. Every page is offered to its own handler
    again here, before it writes the file, and each listed once. A build that wrote nothing leaves
    the sitemap as it was (sphinx-sitemap writes none when it was given no page)."""
    written = getattr(app, "sitemap_links", None)
    if exception is not None or not is_html(app) or written is None or wrote_nothing(app):
        return
    from sphinx_sitemap import add_html_link

    def drained(links: Any) -> list[tuple[str, str | None]]:
        items = []
        while not links.empty():
            items.append(links.get_nowait())
        return items

    listed = dict(drained(written))  # the pages written in this build, with their dates
    # The writers are done: the rest of the listing stays in this process. Its queue is a
    # multiprocessing manager's, shared with the parallel writers, and every call on it a round
    # trip to the manager's process (three a page, a tenth of a one-event rebuild at 1,000 events).
    app.sitemap_links = every_page = queue.Queue()  # type: ignore[attr-defined]
    for docname in sorted(app.env.all_docs):
        add_html_link(app, docname, None, {}, None)
    for link, last_updated in drained(every_page):
        listed.setdefault(link, last_updated)
    for item in listed.items():
        every_page.put(item)


def sort_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """sphinx-sitemap lists pages in the order parallel writers finished them: put them in order,
    so that two builds of the same sources give the same file."""
    path = Path(app.outdir) / "sitemap.xml"
    if exception is not None or not is_html(app) or not path.is_file() or wrote_nothing(app):
        return
    ElementTree.register_namespace("", SITEMAP_NS)
    tree = ElementTree.parse(path)
    root = tree.getroot()
    urls = sorted(root, key=lambda url: url.findtext(f"{{{SITEMAP_NS}}}loc") or "")
    root[:] = urls
    text = ElementTree.tostring(root, encoding="unicode", xml_declaration=True)
    write_if_changed(path, text)


def json_ld(app: Sphinx, record: Entity) -> dict[str, Any]:
    """schema.org data for an event, person, mission or place page."""
    data: dict[str, Any] = {"@context": "https://schema.org", "name": record.display_name,
                            "url": _absolute(app, record.docname)}
    if isinstance(record, Person):
        data["@type"] = "Person"
        optional = {"alternateName": record.native_name, "nationality": record.nationality,
                    "birthDate": record.born.iso() if record.born else None,
                    "deathDate": record.died.iso() if record.died else None,
                    "jobTitle": list(record.roles) or None,
                    "sameAs": f"https://www.wikidata.org/wiki/{record.wikidata}" if record.wikidata else None}
    elif isinstance(record, Place):
        data["@type"] = "Place"
        point = record.coordinates
        optional = {"alternateName": record.alternate_names or None,
                    # schema.org's coordinates are Earth's (WGS 84); elsewhere the name says where.
                    "geo": {"@type": "GeoCoordinates", "latitude": point.latitude, "longitude": point.longitude}
                    if point and record.body == "Earth" else None,
                    "containedInPlace": {"@type": "Country", "name": record.country} if record.country else None}
    elif isinstance(record, Mission):
        data["@type"] = "Event"
        optional = {"startDate": record.launch.iso() if record.launch else None,
                    "endDate": record.end.iso() if record.end else None,
                    "organizer": {"@type": "Organization", "name": record.agency} if record.agency else None,
                    "performer": [{"@type": "Person", "name": p["name"]} for p in
                                  _names(app, "person", (ref.slug for ref in record.crew))] or None}
    else:
        event = cast(Event, record)
        data["@type"] = "Event"
        optional = {"startDate": event.date.iso(), "endDate": event.end.iso() if event.end else None,
                    "location": {"@type": "Place", "name": event.place} if event.place else None,
                    "contentLocation": [{"@type": "Place", "name": p["name"], "url": urljoin(app.config.html_baseurl, p["url"])}
                                        for p in _names(app, "place", (ref.slug for ref in event.places))] or None,
                    "description": event.summary.event,
                    "performer": [{"@type": "Person", "name": p["name"]} for p in
                                  _names(app, "person", (ref.slug for ref in event.people))] or None,
                    "eventStatus": "https://schema.org/EventScheduled"}
    data.update({key: value for key, value in optional.items() if value})
    return data


def _description(record: Entity) -> str | None:
    if isinstance(record, Event):
        return record.summary.event
    if isinstance(record, Person):
        return " ".join(filter(None, [record.name, f"({record.native_name})" if record.native_name else None,
                                      ", ".join(record.roles) or None]))
    if isinstance(record, Place):
        return " ".join(filter(None, [record.name, f"({record.native_name})" if record.native_name else None,
                                      f"{record.place_kind}," if record.place_kind else None, record.country or record.body]))
    return " ".join(filter(None, [record.name, f"({record.program}, {record.agency})"
                                  if record.program and record.agency else None]))


def script_safe_json(data: Any) -> str:
    """*data* as JSON that cannot end or change the ``<script>`` element holding it.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (as JSON allows), so no ``</script>``,
    ``<!--`` or ``<![CDATA[`` can appear, whatever the content says.
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def add_page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: nodes.document | None) -> None:
    """JSON-LD, and the summary as the page description (also used by OpenGraph and Twitter)."""
    if pagename == "search" and is_html(app):  # generated by Sphinx: no page text to describe it
        title = html.escape(app.config.html_title or app.config.project)
        context["metatags"] = (context.get("metatags", "") + f'\n<meta name="description" content="Search {title}: '
                               'events, people, missions and places." />')
    record = domain_of(app.env).records.get(pagename)
    if record is None or not is_html(app):
        return
    description = _description(record)
    metatags = context.get("metatags", "")
    if description:
        metatags += f'\n<meta name="description" content="{html.escape(description)}" />'
        if context.get("meta") is not None:
            context["meta"]["og:description"] = description
    script = script_safe_json(json_ld(app, record))
    metatags += f'\n<script type="application/ld+json">{script}</script>'
    context["metatags"] = metatags


def setup_outputs(app: Sphinx) -> None:
    # Before sphinxext-opengraph (500), which keeps a description a page already has.
    app.connect("html-page-context", add_page_metadata, priority=400)
    app.connect("build-finished", write_machine_readable)
    app.connect("build-finished", list_every_page_in_sitemap, priority=400)  # before sphinx-sitemap writes it
    app.connect("build-finished", sort_sitemap, priority=900)  # after sphinx-sitemap writes it
