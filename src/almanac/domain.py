"""The Almanac domain: the one store of cross-document data, and the resolver of entity references.

Per-document records (what each page says about itself) are written while pages are read, cleared
per document and merged from parallel readers. Derived data (slug lookup, backlinks, year lists) is
rebuilt from scratch after every read, because any page may have changed; the pages whose derived
content changed are returned so that Sphinx rewrites them, which keeps incremental builds right.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field, replace
from typing import Any, cast

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from .diagnostics import Problem, warn
from .model import KINDS, Entity, Event, Kind, Mission, Person, SlugRef
from .nodes import DependencyKey
from .roles import DOMAIN_NAME, EntityRole


@dataclass(frozen=True)
class Citation:
    """One citation key used on a page."""

    key: str
    docname: str
    #: Line of the first use on the page.
    line: int


#: How many events the "latest added" list shows.
LATEST_COUNT = 5
#: Keys whose listing is a group of pages computed from the records (see ``Derived.groups``).
GROUP_KINDS = ("events-of", "missions-of", "year", "day", "category")


@dataclass(frozen=True)
class Derived:
    """Everything computed from all records together; rebuilt after each read, never edited."""

    #: kind -> slug -> docname. Events are found by slug (``first-spacewalk``) and by file stem.
    by_slug: Mapping[Kind, Mapping[str, str]] = field(default_factory=dict)
    #: (duplicate record, the record that keeps the slug), for warnings.
    duplicates: tuple[tuple[Entity, Entity], ...] = ()
    #: Every event, oldest first.
    chronology: tuple[str, ...] = ()
    #: docname -> its index in ``chronology`` (for the previous and next events).
    position: Mapping[str, int] = field(default_factory=dict)
    #: Pages grouped under a key, in display order: ``("events-of", person or mission docname)``
    #: (chronological), ``("missions-of", person docname)`` (by launch), ``("year", "1965")``,
    #: ``("day", "03-18")`` and ``("category", "soviet-union")`` (chronological).
    groups: Mapping[DependencyKey, tuple[str, ...]] = field(default_factory=dict)
    #: docname -> the page whose toctree first leads to it, going down from the root page.
    toctree_parents: Mapping[str, str] = field(default_factory=dict)
    #: citation key -> the events citing it, chronologically.
    cited_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: docname -> what the page shows of other pages; a change means the page must be rewritten.
    fingerprints: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)


class AlmanacDomain(Domain):
    """Events, people and missions, their references and their citations."""

    name = DOMAIN_NAME
    label = "Almanac"
    object_types = {kind: ObjType(kind, kind) for kind in KINDS}
    roles = {kind: EntityRole(kind) for kind in KINDS}
    initial_data: dict[str, Any] = {
        "records": {},
        "citations": {},
        "dependencies": {},
        "derived": Derived(),
    }
    data_version = 2

    # -- per-document data, written while reading -------------------------------------------

    @property
    def records(self) -> dict[str, Entity]:
        """docname -> the event, person or mission the page describes."""
        return self.data["records"]

    @property
    def citations(self) -> dict[str, dict[str, Citation]]:
        """docname -> key -> where the page first cites it."""
        return self.data["citations"]

    @property
    def dependencies(self) -> dict[str, frozenset[DependencyKey]]:
        """docname -> the cross-document data the page shows (see :mod:`almanac.nodes`)."""
        return self.data["dependencies"]

    @property
    def derived(self) -> Derived:
        return self.data["derived"]

    def note_record(self, record: Entity) -> None:
        self.records[record.docname] = record

    def note_citation(self, docname: str, key: str, line: int) -> None:
        self.citations.setdefault(docname, {}).setdefault(key, Citation(key, docname, line))

    def note_dependencies(self, docname: str, keys: Iterable[DependencyKey]) -> None:
        self.dependencies[docname] = frozenset(keys)

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.citations.pop(docname, None)
        self.dependencies.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for store in ("records", "citations", "dependencies"):
            for docname, value in otherdata[store].items():
                if docname in docnames:
                    self.data[store][docname] = value

    # -- typed views --------------------------------------------------------------------------

    def of_kind(self, kind: Kind) -> Iterator[Entity]:
        return (record for record in self.records.values() if record.kind == kind)

    def event(self, docname: str) -> Event:
        return cast(Event, self.records[docname])

    def lookup(self, kind: Kind, slug: str) -> Entity | None:
        docname = self.derived.by_slug.get(kind, {}).get(slug)
        return self.records.get(docname) if docname else None

    # -- derived data, rebuilt after reading -------------------------------------------------

    def rebuild_derived(self) -> set[str]:
        """Recompute all derived data from the records; return the pages that must be rewritten."""
        by_slug: dict[Kind, dict[str, str]] = {kind: {} for kind in KINDS}
        duplicates: list[tuple[Entity, Entity]] = []
        for docname in sorted(self.records):
            record = self.records[docname]
            slugs = by_slug[record.kind]
            if record.slug in slugs:
                duplicates.append((record, self.records[slugs[record.slug]]))
            else:
                slugs[record.slug] = docname
            if isinstance(record, Event):
                slugs.setdefault(docname.rsplit("/", 1)[-1], docname)

        groups: dict[DependencyKey, list[str]] = defaultdict(list)
        events = sorted((r for r in self.records.values() if isinstance(r, Event)), key=lambda e: e.sort_key)
        for event in events:
            keys = [("year", str(event.date.year))]
            if event.date.is_calendar_day:
                keys.append(("day", event.date.iso()[5:]))
            keys += [("category", category) for category in event.categories]
            for kind, refs in (("person", event.people), ("mission", event.missions)):
                keys += [("events-of", target) for target in _resolved(by_slug[kind], refs)]
            for key in dict.fromkeys(keys):
                groups[key].append(event.docname)
        missions = sorted((r for r in self.records.values() if isinstance(r, Mission)), key=lambda m: m.sort_key)
        for mission in missions:
            for target in _resolved(by_slug["person"], mission.crew):
                groups[("missions-of", target)].append(mission.docname)
        cited_by: dict[str, list[str]] = defaultdict(list)
        for event in events:
            for key in sorted(self.citations.get(event.docname, {})):
                cited_by[key].append(event.docname)

        derived = Derived(
            by_slug=by_slug,
            duplicates=tuple(duplicates),
            chronology=tuple(event.docname for event in events),
            position={event.docname: index for index, event in enumerate(events)},
            groups={key: tuple(value) for key, value in groups.items()},
            cited_by={key: tuple(value) for key, value in cited_by.items()},
            toctree_parents=self._toctree_parents(),
        )
        old = self.derived.fingerprints
        self.data["derived"] = derived  # what _rendered reads
        fingerprints = {
            docname: tuple(sorted((key, self._rendered(key)) for key in keys))
            for docname, keys in self.dependencies.items()
        }
        self.data["derived"] = replace(derived, fingerprints=fingerprints)
        return {docname for docname, fingerprint in fingerprints.items() if old.get(docname) != fingerprint}

    def _toctree_parents(self) -> dict[str, str]:
        """Breadth-first from the root page, so pages outside the site's tree (the PDF's) are skipped."""
        includes = self.env.toctree_includes
        parents: dict[str, str] = {}
        queue = deque([self.env.config.root_doc])
        while queue:
            parent = queue.popleft()
            for child in includes.get(parent, ()):
                if child not in parents and child != self.env.config.root_doc:
                    parents[child] = parent
                    queue.append(child)
        return parents

    def listing(self, key: DependencyKey) -> tuple[str, ...]:
        """The docnames a list placeholder shows for *key*, in display order."""
        kind, target = key
        derived = self.derived
        if kind in GROUP_KINDS:
            return derived.groups.get(key, ())
        if kind == "timeline":
            return derived.chronology
        if kind == "neighbours":
            return tuple(docname for docname in self.neighbours(target) if docname)
        if kind == "latest":
            events = sorted((self.event(d) for d in derived.chronology),
                            key=lambda e: ((e.added or e.date).sort_key, e.date.sort_key), reverse=True)
            return tuple(event.docname for event in events[:LATEST_COUNT])
        if kind == "index":
            return tuple(r.docname for r in sorted(self.of_kind(cast(Kind, target)), key=lambda r: r.sort_key))
        raise ValueError(f"unknown list {key!r}")

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """The events just before and just after *docname* in time (None at either end)."""
        chronology, index = self.derived.chronology, self.derived.position.get(docname)
        if index is None:
            return (None, None)
        return (chronology[index - 1] if index > 0 else None,
                chronology[index + 1] if index + 1 < len(chronology) else None)

    def categories(self) -> dict[str, int]:
        """category slug -> number of events, alphabetically."""
        return {target: len(docs) for (kind, target), docs in sorted(self.derived.groups.items()) if kind == "category"}

    def _rendered(self, key: DependencyKey) -> tuple[Any, ...]:
        """What a page shows for *key*: enough to notice any change that would alter the page."""
        kind, target = key
        if kind in KINDS:
            docname = self.derived.by_slug.get(cast(Kind, kind), {}).get(target)
            return (docname, _caption(self.records[docname])) if docname else ()
        if kind == "categories":
            return tuple(self.categories().items())
        if kind == "calendar":
            return tuple((day, len(docs)) for (group, day), docs in sorted(self.derived.groups.items()) if group == "day")
        if kind == "cited-by":
            return tuple((k, tuple((d, _caption(self.records[d])) for d in docs))
                         for k, docs in sorted(self.derived.cited_by.items()))
        groups = self.derived.groups
        return tuple((docname, _caption(self.records[docname]), len(groups.get(("events-of", docname), ())))
                     for docname in self.listing(key))

    def check_consistency(self) -> None:
        for duplicate, first in self.derived.duplicates:
            warn(Problem.DUPLICATE_SLUG,
                 f"{duplicate.kind} slug '{duplicate.slug}' is already used by {first.docname}; rename one of them",
                 (duplicate.docname, duplicate.line))

    # -- references ---------------------------------------------------------------------------

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: Element) -> nodes.reference | None:
        record = self.lookup(cast(Kind, typ), target) if typ in KINDS else None
        if record is None:
            return None
        if not node.get("refexplicit"):
            contnode = contnode.__class__("", record.display_name, classes=contnode["classes"])
        return make_refnode(builder, fromdocname, record.docname, "", contnode, record.display_name)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                         node: pending_xref, contnode: Element) -> list[tuple[str, nodes.reference]]:
        results = []
        for kind in KINDS:
            reference = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if reference is not None:
                results.append((f"{self.name}:{kind}", reference))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for record in self.records.values():
            yield (record.slug, record.display_name, record.kind, record.docname, "", 1)


def _resolved(slugs: Mapping[str, str], refs: Iterable[SlugRef]) -> list[str]:
    """The docnames of the known targets of *refs*, each once, in order."""
    return [docname for docname in dict.fromkeys(slugs.get(ref.slug) for ref in refs) if docname]


def _caption(record: Entity) -> tuple[Any, ...]:
    """The parts of a record that other pages display: its name and dates."""
    if isinstance(record, Event):
        return (record.title, record.date, record.summary.event, record.categories)
    if isinstance(record, Person):
        return (record.name, record.born, record.died)
    return (record.name, record.launch)
