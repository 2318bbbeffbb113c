"""Step 5 of the flow: what is known only from all records together, computed in one pass.

Nothing here is edited after it is made: the Sphinx domain makes a new :class:`Derived` from the
records after every read (any page may have changed), and the pages compare what they show of
it to decide whether they must be written again.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .model import Entity, Event, Kind, Mission, Person, SlugRef

#: What a page shows of other pages: ``("events-of", docname)``, ``("year", "1965")``, ...
DependencyKey = tuple[str, str]
#: The sections of a day's page, each a group of pages under ``(section, "MM-DD")``.
DAY_SECTIONS = ("day", "born", "died", "launched")


@dataclass(frozen=True)
class Derived:
    """Everything computed from all records together."""

    #: kind -> slug -> docname. Events are found by slug (``first-spacewalk``) and by file stem.
    by_slug: Mapping[Kind, Mapping[str, str]] = field(default_factory=dict)
    #: (duplicate record, the record that keeps the slug), for warnings.
    duplicates: tuple[tuple[Entity, Entity], ...] = ()
    #: Every event, oldest first.
    chronology: tuple[str, ...] = ()
    #: docname -> its index in ``chronology`` (for the previous and next events).
    position: Mapping[str, int] = field(default_factory=dict)
    #: Every event, the most recently added first (ties: the most recent event first).
    latest: tuple[str, ...] = ()
    #: Pages grouped under a key, in display order: ``("events-of", person or mission docname)``
    #: (chronological), ``("missions-of", person docname)`` and ``("missions-at", place docname)``
    #: (by launch), ``("year", "1965")`` and
    #: ``("category", "soviet-union")`` (chronological), ``("day", "03-18")`` (features, then brief
    #: entries, each oldest first), ``("born", "03-18")``, ``("died", ...)`` (people, oldest
    #: first) and ``("launched", ...)`` (missions, oldest first).
    groups: Mapping[DependencyKey, tuple[str, ...]] = field(default_factory=dict)
    #: docname -> the page whose toctree first leads to it, going down from the root page.
    toctree_parents: Mapping[str, str] = field(default_factory=dict)
    #: citation key -> the events citing it, chronologically.
    cited_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def group(self, kind: str, target: str) -> tuple[str, ...]:
        return self.groups.get((kind, target), ())

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """The events just before and just after *docname* in time (None at either end)."""
        index = self.position.get(docname)
        if index is None:
            return (None, None)
        chronology = self.chronology
        return (chronology[index - 1] if index > 0 else None,
                chronology[index + 1] if index + 1 < len(chronology) else None)

    @cached_property
    def categories(self) -> dict[str, int]:
        """category slug -> number of events, alphabetically (computed once: every day's and
        category's list asks)."""
        return {target: len(docs) for (kind, target), docs in sorted(self.groups.items()) if kind == "category"}

    @cached_property
    def days(self) -> dict[str, int]:
        """``MM-DD`` -> number of entries (events, births, deaths, launches) on that day of the year,
        for the days that have any."""
        counts: dict[str, int] = {}
        for (kind, target), docs in sorted(self.groups.items()):
            if kind in DAY_SECTIONS:
                counts[target] = counts.get(target, 0) + len(docs)
        return dict(sorted(counts.items()))


def derive(records: Mapping[str, Entity], citations: Mapping[str, Iterable[str]],
           toctree_includes: Mapping[str, Sequence[str]], root_doc: str) -> Derived:
    """Compute :class:`Derived` from *records* (by docname), the citation keys of each page and
    the toctrees (page -> the pages its toctrees include), in one pass over each."""
    by_slug: dict[Kind, dict[str, str]] = defaultdict(dict)
    duplicates: list[tuple[Entity, Entity]] = []
    for docname in sorted(records):
        record = records[docname]
        slugs = by_slug[record.kind]
        if record.slug in slugs:
            duplicates.append((record, records[slugs[record.slug]]))
        else:
            slugs[record.slug] = docname
        if isinstance(record, Event):
            slugs.setdefault(docname.rsplit("/", 1)[-1], docname)

    groups: dict[DependencyKey, list[str]] = defaultdict(list)
    events = sorted((r for r in records.values() if isinstance(r, Event)), key=lambda e: e.sort_key)
    for event in sorted(events, key=lambda e: not e.feature):  # stable: oldest first within each
        if event.date.day_key is not None:
            groups[("day", event.date.day_key)].append(event.docname)
    for event in events:
        keys = [("year", str(event.date.year))]
        keys += [("category", category) for category in event.categories]
        for kind, refs in event.references:
            keys += [("events-of", target) for target in _resolved(by_slug[kind], refs)]
        for key in dict.fromkeys(keys):
            groups[key].append(event.docname)
    missions = sorted((r for r in records.values() if isinstance(r, Mission)), key=lambda m: m.sort_key)
    for mission in missions:
        for target in _resolved(by_slug["person"], mission.crew):
            groups[("missions-of", target)].append(mission.docname)
        for target in _resolved(by_slug["place"], mission.sites):
            groups[("missions-at", target)].append(mission.docname)
        if mission.launch is not None and mission.launch.day_key is not None:
            groups[("launched", mission.launch.day_key)].append(mission.docname)
    for section, date_of in (("born", lambda p: p.born), ("died", lambda p: p.died)):
        people = [p for p in records.values() if isinstance(p, Person) and date_of(p) is not None]
        for person in sorted(people, key=lambda p: (date_of(p).sort_key, p.docname)):
            if date_of(person).day_key is not None:
                groups[(section, date_of(person).day_key)].append(person.docname)
    cited_by: dict[str, list[str]] = defaultdict(list)
    for event in events:
        for key in sorted(citations.get(event.docname, ())):
            cited_by[key].append(event.docname)
    latest = sorted(events, key=lambda e: ((e.added or e.date).sort_key, e.date.sort_key, e.docname), reverse=True)

    return Derived(
        by_slug={kind: dict(slugs) for kind, slugs in by_slug.items()},
        duplicates=tuple(duplicates),
        chronology=tuple(event.docname for event in events),
        position={event.docname: index for index, event in enumerate(events)},
        latest=tuple(event.docname for event in latest),
        groups={key: tuple(value) for key, value in groups.items()},
        cited_by={key: tuple(value) for key, value in cited_by.items()},
        toctree_parents=_toctree_parents(toctree_includes, root_doc),
    )


def _resolved(slugs: Mapping[str, str], refs: Iterable[SlugRef]) -> list[str]:
    """The docnames of the known targets of *refs*, each once, in order."""
    return [docname for docname in dict.fromkeys(slugs.get(ref.slug) for ref in refs) if docname]


def _toctree_parents(includes: Mapping[str, Sequence[str]], root_doc: str) -> dict[str, str]:
    """Breadth-first from the root page, so pages outside the site's tree (the PDF's) are skipped."""
    parents: dict[str, str] = {}
    queue = deque([root_doc])
    while queue:
        parent = queue.popleft()
        for child in includes.get(parent, ()):
            if child not in parents and child != root_doc:
                parents[child] = parent
                queue.append(child)
    return parents
