"""The registry of list kinds: every list a page can show of the whole knowledge base, declared once.

A list kind has a name (``{almanac-list} year 1965``), says whether it takes a target, computes
its **rows** (plain, comparable data: exactly what the list shows) from the records and the
derived data, and **renders** nodes from those rows and nothing else. What a page shows of other
pages (:func:`shown`) is the rows of every list on it, so a page is rewritten exactly when
something it shows changes, and that cannot drift from the renderer.

Rows read the records only through ``source.records`` (or :meth:`Source.event` and
:meth:`Source.entity`, which do), so that the records each list read are known
(:func:`shown_and_read`): an incremental build computes again only the lists that read a changed
record, when nothing else they are made from changed.

To add a list kind, register it here with :func:`list_kind`; authors can then write
``{almanac-list} <name>`` in any page, and incremental builds keep it current.

Lists are placeholders (:class:`~.nodes.derived_list`) until the page is written; the
:class:`DerivedListTransform` replaces each with its rendered rows.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field, replace
from itertools import groupby, islice
from typing import Any, cast

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..core.derived import Derived, DependencyKey
from ..core.kinds import ENTITY_KINDS
from ..core.model import Entity, Event, Kind, Mission, PartialDate, Person, Place, build_day, day_title
from .config import category_name
from .pagetext import page_docname
from .nodes import builder_of, derived_list, domain_of

#: How many events the "latest added" list shows.
LATEST_COUNT = 5
#: Every day a calendar shows, 29 February included: a leap year's months.
_CALENDAR_YEAR = 2024


@dataclass(frozen=True)
class Link:
    """A link to a page by docname, or plain text when that page is not part of this build."""

    docname: str | None
    text: str


@dataclass(frozen=True)
class Source:
    """What lists are computed from: read-only views of the domain and of the build."""

    records: Mapping[str, Entity]
    derived: Derived
    #: The pages of this build, which a link may point to.
    docnames: frozenset[str] | Mapping[str, Any]
    config: Any
    #: Rows already computed from this source, by (kind, target): many pages show the same list
    #: (a year's, a person's backlinks), and the records do not change while a source is in use.
    computed: dict[tuple[str, str], Rows] = field(default_factory=dict, compare=False, repr=False)

    def link(self, docname: str, text: str) -> Link:
        return Link(docname if docname in self.docnames else None, text)

    def entity(self, docname: str) -> Link:
        return self.link(docname, self.records[docname].display_name)

    def page(self, kind: str, name: str, text: str) -> Link:
        """A link to a generated page: ``page("year", "1965", ...)`` links ``years/1965``."""
        return self.link(page_docname(kind, name), text)

    def event(self, docname: str) -> Event:
        return cast(Event, self.records[docname])


Rows = tuple[Any, ...]


# -- rendering -------------------------------------------------------------------------------------

@dataclass
class Renderer:
    """Turns rows into nodes for one page being written."""

    env: Any
    document: nodes.document
    builder: Any

    def link(self, link: Link) -> nodes.Node:
        """The link as Sphinx's ``doc`` role resolves it, made at once: a list is drawn while the
        page is written, when its targets are known to exist, and a list page holds hundreds of
        links that would otherwise each wait for the reference resolver (a sixth of the main
        process's time at 1,000 events)."""
        if link.docname is None:
            return nodes.inline(link.text, link.text)
        return make_refnode(self.builder, self.env.docname, link.docname, None,
                            nodes.inline(link.text, link.text, classes=["doc"]))


def _list(items: list[nodes.Node], empty: str) -> nodes.Node:
    if not items:
        return nodes.paragraph(empty, empty)
    return nodes.bullet_list("", *items, classes=["almanac-list"])


def _render_events(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    items = []
    for row in rows:
        paragraph = nodes.paragraph("", "", nodes.strong(row.when, row.when), nodes.Text(" — "), renderer.link(row.link))
        if row.summary:
            paragraph += nodes.Text(f": {row.summary}")
        items.append(nodes.list_item("", paragraph))
    return [_list(items, "No events yet.")]


@dataclass(frozen=True)
class ListKind:
    name: str
    #: What the target names (``a year, e.g. 1965``), or None for a list that takes none.
    target: str | None
    rows: Callable[[Source, str], Rows]
    render: Callable[[Rows, Renderer], list[nodes.Node]]
    #: False for lists placed by the page layout, not written by authors.
    public: bool = True


LIST_KINDS: dict[str, ListKind] = {}


def list_rows(source: Source, kind: str, target: str = "") -> Rows:
    """The rows of the list *kind* for *target*: what a page showing it shows."""
    key = (kind, target)
    if key not in source.computed:
        source.computed[key] = LIST_KINDS[kind].rows(source, target)
    return source.computed[key]


def list_kind(name: str, target: str | None = None, public: bool = True,
              render: Callable[[Rows, Renderer], list[nodes.Node]] | None = None) -> Callable[[Callable[[Source, str], Rows]], Callable[[Source, str], Rows]]:
    """Register the decorated rows function as list kind *name*, rendered by *render*."""

    def register(rows: Callable[[Source, str], Rows]) -> Callable[[Source, str], Rows]:
        LIST_KINDS[name] = ListKind(name, target, rows, render or _render_events, public)
        return rows

    return register


# -- what pages show of a referenced entity ---------------------------------------------------------

def entity_terms(record: Entity) -> tuple[str, ...]:
    """The search index entries that name *record* on the pages referring to it (and its own).

    Short entries (a family name, a mission name), because Sphinx's search matches an index entry
    only when the query is at least half of it, and ranks such matches first.
    """
    if isinstance(record, Event):
        return ()
    terms = [record.display_name]
    if isinstance(record, Person):
        terms.append(record.family_name)
        if record.native_name:
            terms += [record.native_name, record.native_name.rpartition(" ")[2]]
    elif isinstance(record, Place):
        terms += record.alternate_names
    return tuple(dict.fromkeys(terms))


def book_terms(record: Entity) -> tuple[str, ...]:
    """The back-of-book index entries for *record*, in the book convention: "Leonov, Alexei"."""
    if isinstance(record, Event):
        return ()
    if isinstance(record, Person):
        given = record.name.removesuffix(record.family_name).strip()
        return (f"{record.family_name}, {given}" if given else record.family_name,)
    return (record.name,)


#: The dependency of a page's index entries on an entity it names: ``("terms", "person:alexei-leonov")``.
TERMS = "terms"


def terms_key(kind: Kind, slug: str) -> DependencyKey:
    return (TERMS, f"{kind}:{slug}")


def _referenced(source: Source, kind: str, slug: str) -> Entity | None:
    docname = source.derived.by_slug.get(cast(Kind, kind), {}).get(slug)
    return source.records[docname] if docname is not None else None


def shown(source: Source, key: DependencyKey) -> Rows:
    """What a page with the dependency *key* shows of other pages.

    A reference (``("person", slug)``) shows the entity's name and link; an index entry
    (:func:`terms_key`) shows its :func:`entity_terms` and :func:`book_terms`; a list its rows.
    """
    kind, target = key
    if kind in ENTITY_KINDS:
        record = _referenced(source, kind, target)
        return (record.docname, record.display_name) if record is not None else ()
    if kind == TERMS:
        record = _referenced(source, *target.split(":", 1))
        return (entity_terms(record), book_terms(record)) if record is not None else ()
    return list_rows(source, kind, target)


class RecordReads(Mapping[str, Entity]):
    """The records, noting which of them a computation read: ``read`` is None once it went
    through all of them (a map of every place, an index)."""

    def __init__(self, records: Mapping[str, Entity]) -> None:
        self._records = records
        self.read: set[str] | None = set()

    def _note(self, docname: str) -> None:
        if self.read is not None:
            self.read.add(docname)

    def __getitem__(self, docname: str) -> Entity:
        self._note(docname)
        return self._records[docname]

    def __contains__(self, docname: object) -> bool:
        self._note(cast(str, docname))
        return docname in self._records

    def __iter__(self) -> Iterator[str]:
        self.read = None
        return iter(self._records)

    def __len__(self) -> int:
        self.read = None
        return len(self._records)

    # Mapping's own views would go through __getitem__ once per record.
    def keys(self) -> KeysView[str]:
        self.read = None
        return self._records.keys()

    def values(self) -> ValuesView[Entity]:
        self.read = None
        return self._records.values()

    def items(self) -> ItemsView[str, Entity]:
        self.read = None
        return self._records.items()


def shown_and_read(source: Source, key: DependencyKey) -> tuple[Rows, frozenset[str] | None]:
    """:func:`shown`, and the records it was computed from (None: all of them).

    Computed afresh, with the lists it shows in turn (today's list shows a day's), on a copy of
    *source* that notes what is read; the lists made go into *source* for the pages written.
    """
    reads = RecordReads(source.records)
    noting = replace(source, records=reads, computed={})
    rows = shown(noting, key)
    for computed, computed_rows in noting.computed.items():
        source.computed.setdefault(computed, computed_rows)
    return rows, None if reads.read is None else frozenset(reads.read)


# -- rows ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventRow:
    when: str
    link: Link
    summary: str | None


def _event_rows(source: Source, docnames: Iterable[str], summary: bool = True, year_only: bool = False) -> Rows:
    rows = []
    for docname in docnames:
        event = source.event(docname)
        when = str(event.date.year) if year_only else event.date.human()
        rows.append(EventRow(when, source.entity(docname), event.summary.event if summary else None))
    return tuple(rows)


@list_kind("events-of", "a person, mission or place page", public=False)
def _events_of(source: Source, target: str) -> Rows:
    return _event_rows(source, source.derived.group("events-of", target), summary=False)


@list_kind("year", "a year, e.g. 1965")
def _year(source: Source, target: str) -> Rows:
    return _event_rows(source, source.derived.group("year", target))


def _render_day(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    """A day's sections (events, births, deaths, launches), each only when it has entries."""
    sections: list[nodes.Node] = []
    for heading, entries in rows:
        if entries:
            section = nodes.section("", nodes.title(heading, heading), *_render_events(entries, renderer),
                                    ids=[f"almanac-{nodes.make_id(heading)}"], classes=["almanac-day-section"])
            sections.append(section)
    return sections or [nodes.paragraph("Nothing here yet.", "Nothing here yet.")]


def _about_person(person: Person, old_style: PartialDate | None) -> str:
    about = " ".join(filter(None, [person.nationality, ", ".join(person.roles)]))
    return f"{about} ({old_style.human()} old style)" if old_style else about


def _about_mission(mission: Mission) -> str:
    return ", ".join(filter(None, [mission.program if mission.program != mission.name else None, mission.agency]))


@list_kind("day", "a calendar day, MM-DD", render=_render_day)
def _day(source: Source, target: str) -> Rows:
    def people(section: str) -> Rows:
        rows = []
        for docname in source.derived.group(section, target):
            person = cast(Person, source.records[docname])
            date, old = (person.born, person.born_old_style) if section == "born" else (person.died, person.died_old_style)
            rows.append(EventRow(str(date.year), source.entity(docname), _about_person(person, old)))
        return tuple(rows)

    launched = tuple(EventRow(str(m.launch.year), source.entity(m.docname), _about_mission(m))
                     for m in (cast(Mission, source.records[d]) for d in source.derived.group("launched", target)))
    return (("Events", _event_rows(source, source.derived.group("day", target), year_only=True)),
            ("Born", people("born")), ("Died", people("died")), ("Launched", launched))


@list_kind("category", "a category slug")
def _category(source: Source, target: str) -> Rows:
    return _event_rows(source, source.derived.group("category", target))


#: How many entries of each section "Today in history" shows (the day's page has them all).
TODAY_SHOWN = 10
#: How many of the following days with entries it names when the day has none ("Coming up").
COMING_UP = 3
#: Every day of a leap year, in order.
DAYS = tuple(f"{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, calendar.monthrange(2024, month)[1] + 1))


@dataclass(frozen=True)
class ComingDay:
    day: str
    title: str
    link: Link
    count: int
    #: Its first entry, "1957: Sputnik 1".
    first: str


@dataclass(frozen=True)
class DaySummary:
    """What "Today in history" shows of a day: the first entries of each of its sections, and
    the next days that have entries."""

    day: str
    title: str
    link: Link
    #: (heading, its first entries, how many more), for the sections with entries.
    sections: tuple[tuple[str, Rows, int], ...]
    coming_up: tuple[ComingDay, ...]


def day_summary(source: Source, day: str) -> DaySummary:
    """The days coming up are named only for a day with nothing on it (so a day's summary changes
    only with what happened on that day, when it has entries)."""
    sections = tuple((heading, rows[:TODAY_SHOWN], max(0, len(rows) - TODAY_SHOWN))
                     for heading, rows in list_rows(source, "day", day) if rows)
    coming: tuple[ComingDay, ...] = ()
    if not sections:
        counts = source.derived.days
        following = (DAYS[(DAYS.index(day) + step) % len(DAYS)] for step in range(1, len(DAYS)))
        coming = tuple(ComingDay(later, day_title(later), source.page("day", later, day_title(later)), counts[later],
                                 _first_entry(source, later))
                       for later in islice((later for later in following if counts.get(later)), COMING_UP))
    return DaySummary(day, day_title(day), source.page("day", day, day_title(day)), sections, coming)


def _first_entry(source: Source, day: str) -> str:
    for _, rows in list_rows(source, "day", day):
        if rows:
            return f"{rows[0].when}: {rows[0].link.text}"
    return ""


def _render_today(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    """The day the site was built, as almanac.js shows a day: the reader's browser sees in the
    ``almanac-today-MM-DD`` class which day this is, and replaces it only when its own day differs
    (so nothing moves on the page for a reader on the day of the build)."""
    summary: DaySummary = rows[0]
    content = nodes.container(classes=["almanac-today-events", f"almanac-today-{summary.day}"])
    if summary.sections:
        content += nodes.paragraph("", f"On {summary.title}:")
        for heading, entries, _ in summary.sections:
            content += [nodes.rubric(heading, heading), *_render_events(entries, renderer)]
        content += nodes.paragraph("", "", renderer.link(Link(summary.link.docname, f"All of {summary.title}")))
    else:
        content += nodes.paragraph("", f"Nothing in the knowledge base happened on {summary.title} yet.")
        if summary.coming_up:
            items = []
            for later in summary.coming_up:
                paragraph = nodes.paragraph("", "", nodes.strong(later.title, later.title), nodes.Text(" — "),
                                            renderer.link(Link(later.link.docname, later.first)))
                if later.count > 1:
                    paragraph += nodes.Text(f" and {later.count - 1} more")
                items.append(nodes.list_item("", paragraph))
            content += [nodes.paragraph("", "Coming up:"),
                        nodes.bullet_list("", *items, classes=["almanac-list", "almanac-coming-up"])]
    return [content]


@list_kind("today", public=False, render=_render_today)
def _today(source: Source, target: str) -> Rows:
    today = build_day()
    return (day_summary(source, f"{today.month:02d}-{today.day:02d}"),)


@list_kind("latest")
def _latest(source: Source, target: str) -> Rows:
    return _event_rows(source, source.derived.latest[:LATEST_COUNT])


def _missions_renderer(empty: str) -> Callable[[Rows, Renderer], list[nodes.Node]]:
    def render(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
        items = []
        for link, launched in rows:
            paragraph = nodes.paragraph("", "", renderer.link(link))
            if launched:
                paragraph += nodes.Text(f" (launched {launched})")
            items.append(nodes.list_item("", paragraph))
        return [_list(items, empty)]

    return render


def _mission_rows(source: Source, group: str, target: str) -> Rows:
    missions = (cast(Mission, source.records[d]) for d in source.derived.group(group, target))
    return tuple((source.entity(m.docname), m.launch.human() if m.launch else None) for m in missions)


@list_kind("missions-of", "a person page", public=False, render=_missions_renderer("No missions flown."))
def _missions_of(source: Source, target: str) -> Rows:
    return _mission_rows(source, "missions-of", target)


@list_kind("missions-at", "a place page", public=False, render=_missions_renderer("No missions yet."))
def _missions_at(source: Source, target: str) -> Rows:
    """The missions launched from or landed at a place."""
    return _mission_rows(source, "missions-at", target)


def _render_neighbours(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    paragraph = nodes.paragraph(classes=["almanac-neighbours"])
    for label, link, when in rows:
        if len(paragraph):
            paragraph += nodes.Text(" · ")
        paragraph += [nodes.Text(f"{label}: "), renderer.link(link), nodes.Text(f" ({when})")]
    return [paragraph] if len(paragraph) else []


@list_kind("neighbours", "an event page", public=False, render=_render_neighbours)
def _neighbours(source: Source, target: str) -> Rows:
    return tuple((label, source.entity(docname), source.event(docname).date.human())
                 for docname, label in zip(source.derived.neighbours(target), ("Previous event", "Next event"))
                 if docname is not None)


def _render_timeline(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for decade, years in rows:
        result.append(nodes.rubric(decade, decade, classes=["almanac-decade"]))
        items = [nodes.list_item("", nodes.paragraph("", "", nodes.strong("", "", renderer.link(year))),
                                 *_render_events(events, renderer)) for year, events in years]
        result.append(nodes.bullet_list("", *items, classes=["almanac-timeline"]))
    return result or [nodes.paragraph("No events yet.", "No events yet.")]


@list_kind("timeline", render=_render_timeline)
def _timeline(source: Source, target: str) -> Rows:
    events = [source.event(d) for d in source.derived.chronology]
    decades = []
    for decade, in_decade in groupby(events, key=lambda e: e.date.year // 10 * 10):
        years = tuple((source.page("year", str(year), str(year)),
                       _event_rows(source, (e.docname for e in in_year), summary=False))
                      for year, in_year in groupby(in_decade, key=lambda e: e.date.year))
        decades.append((f"{decade}s", years))
    return tuple(decades)


def _lifespan(record: Entity) -> str:
    if isinstance(record, Person):
        born, died = record.born, record.died
        if born and died:
            return f"{born.year}–{died.year}"
        return f"born {born.year}" if born else ""
    if isinstance(record, Mission) and record.launch:
        return record.launch.human()
    if isinstance(record, Place):
        return ", ".join(filter(None, [record.place_kind, record.country or record.body]))
    return ""


def _event_count(count: int) -> str:
    return f" — {count} event{'s' if count != 1 else ''}"


def _render_counted(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    """Rows of (link, note, number of events): an index of people, missions or categories."""
    items = []
    for link, note, count in rows:
        paragraph = nodes.paragraph("", "", renderer.link(link), nodes.Text(f" ({note})" if note else ""),
                                    nodes.Text(_event_count(count)))
        items.append(nodes.list_item("", paragraph))
    return [_list(items, "None yet.")]


@list_kind("index", "person, mission or place", render=_render_counted)
def _index(source: Source, target: str) -> Rows:
    records = sorted((r for r in source.records.values() if r.kind == target), key=lambda r: r.sort_key)
    return tuple((source.entity(r.docname), _lifespan(r), len(source.derived.group("events-of", r.docname)))
                 for r in records)


@list_kind("categories", render=_render_counted)
def _categories(source: Source, target: str) -> Rows:
    return tuple((source.page("category", slug, category_name(source.config, slug)), "", count)
                 for slug, count in source.derived.categories.items())


def _render_calendar(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    months = []
    for name, days in rows:
        items = []
        for key, count, link in days:
            classes = ["almanac-day", f"almanac-day-{key}"] + (["almanac-has-events"] if count else [])
            cell = nodes.paragraph("", "", renderer.link(link))
            if count:
                entries = f" {'entry' if count == 1 else 'entries'}"
                cell += nodes.inline("", "", nodes.Text(str(count)), nodes.inline(entries, entries, classes=["almanac-sr"]),
                                     classes=["almanac-count"])
            items.append(nodes.list_item("", cell, classes=classes))
        months.append(nodes.container("", nodes.rubric(name, name), nodes.bullet_list("", *items),
                                      classes=["almanac-month"]))
    return [nodes.container("", *months, classes=["almanac-calendar"])]


@list_kind("calendar", render=_render_calendar)
def _calendar(source: Source, target: str) -> Rows:
    """The year as 12 months of days; days with events link to their page (leap day included)."""
    counts = source.derived.days
    months = []
    for month in range(1, 13):
        days = []
        for day in range(1, calendar.monthrange(_CALENDAR_YEAR, month)[1] + 1):
            key = f"{month:02d}-{day:02d}"
            count = counts.get(key, 0)
            link = source.page("day", key, str(day)) if count else Link(None, str(day))
            days.append((key, count, link))
        months.append((calendar.month_name[month], tuple(days)))
    return tuple(months)


def _render_cited_by(rows: Rows, renderer: Renderer) -> list[nodes.Node]:
    """Adds "Cited by" under every citation that sphinxcontrib-bibtex put on this page."""
    events_by_key = dict(rows)
    ids = {node_id: node for node in renderer.document.findall(nodes.citation) for node_id in node["ids"]}
    for citation in renderer.env.get_domain("cite").citations:  # type: ignore[attr-defined]
        node = ids.get(citation.citation_id)
        links = events_by_key.get(citation.key, ())
        if node is None or not links:
            continue
        line = nodes.paragraph("", "Cited by: ", classes=["almanac-cited-by"])
        for position, link in enumerate(links):
            line += [nodes.Text(", ")] if position else []
            line += renderer.link(link)
        node += line
    return []


@list_kind("cited-by", render=_render_cited_by)
def _cited_by(source: Source, target: str) -> Rows:
    return tuple((key, tuple(source.entity(d) for d in docs)) for key, docs in sorted(source.derived.cited_by.items()))


class DerivedListTransform(SphinxPostTransform):
    """Replaces every ``derived_list`` placeholder with its list, read from the domain."""

    # After sphinxcontrib-bibtex's BibliographyTransform (5), whose citations "cited-by" annotates;
    # before Sphinx's ReferencesResolver (10), which resolves the links these lists are made of.
    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        source = domain_of(self.env).source()
        renderer = Renderer(self.env, self.document, builder_of(self.env))
        for node in list(self.document.findall(derived_list)):
            kind, target = node.key
            list_kind_ = LIST_KINDS[kind]
            node.replace_self(list_kind_.render(list_rows(source, kind, target), renderer))
