"""The Almanac domain: the one store of cross-document data, and the resolver of entity references.

Per-document records (what each page says about itself) are written while pages are read, cleared
per document and merged from parallel readers. Derived data (:mod:`almanac.core.derived`) is
rebuilt from scratch after every read, because any page may have changed; the pages showing
something of other pages (:func:`.lists.shown`) that changed are returned, so that Sphinx rewrites
them, which keeps incremental builds right.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Iterable, Iterator, Set
from typing import Any, cast

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.util.nodes import make_refnode

from ..core.derived import DependencyKey, Derived, derive
from ..core.kinds import ENTITY_KINDS
from ..core.model import Entity, Event, Kind, build_day
from ..core.problems import Problem
from .diagnostics import warn
from .lists import Rows, Source, shown_and_read
from .nodes import DOMAIN_NAME
from .roles import EntityRole


def _digest(rows: Rows) -> bytes:
    """What a page shows of other pages, as a digest: kept between builds to compare with, where the
    rows themselves would be a quarter of the saved environment (and of its loading and saving).

    Rows are tuples, strings, numbers and frozen dataclasses, pickled without the pickler's memo
    (``fast``), so that equal rows give equal bytes whether or not they share objects. Pickled,
    not written out with ``repr``: the dataclasses' repr runs in Python, a quarter of the
    digests' time at 10,000 events.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(rows)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()


#: The process that started reading, and the pages read by this process if it is another one: one
#: of Sphinx's parallel readers, each a fork of that process (see :class:`DomainData`).
_reading_process: int | None = None
_read_here: set[str] = set()


def start_reading(app: object, env: BuildEnvironment, docnames: list[str]) -> None:
    global _reading_process
    _reading_process = os.getpid()
    _read_here.clear()


def note_read_here(docname: str) -> None:
    read = pages_read_here()
    if read is not None:
        read.add(docname)


def pages_read_here() -> set[str] | None:
    """The pages this process has read if it is a parallel reader; None in the process that reads
    (or builds) itself."""
    return _read_here if _reading_process is not None and os.getpid() != _reading_process else None


#: The stores kept per page (cleared per page, merged from parallel readers).
PER_DOCUMENT = ("records", "citations", "dependencies")

#: What a build kept of one dependency key (:func:`.lists.shown`): the digest of its rows and the
#: records they were made from (None: all of them).
Shown = tuple[bytes, "frozenset[str] | None"]


class DomainData(dict[str, Any]):
    """The domain's data; pickled by a parallel reader, only what that reader read.

    Each of Sphinx's parallel readers is a fork of the main process and sends its whole
    environment back to be merged, though only its own pages are merged from it
    (:meth:`AlmanacDomain.merge_domaindata`). Sent whole, every answer also carried every page
    read before that reader started, so the answers and their unpickling grew with the site, and
    the build's time with the site's size to the power 1.5.
    """

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        read = pages_read_here()
        if read is None:
            return DomainData, (dict(self),)
        own = {store: {docname: value for docname, value in self[store].items() if docname in read}
               for store in PER_DOCUMENT}
        # What is made again after reading is never merged.
        return DomainData, ({**self, **own, "derived": Derived(), "shown": {}, "cleared": {}},)


class AlmanacDomain(Domain):
    """Events, people and missions, their references and their citations."""

    name = DOMAIN_NAME
    label = "Almanac"
    object_types = {kind: ObjType(kind, kind) for kind in ENTITY_KINDS}
    roles = {kind: EntityRole(kind) for kind in ENTITY_KINDS}
    initial_data: dict[str, Any] = DomainData(
        records={},
        citations={},
        dependencies={},
        derived=Derived(),
        shown={},
        cleared={},
        basis=None,
    )
    data_version = 6

    # -- per-document data, written while reading -------------------------------------------

    @property
    def records(self) -> dict[str, Entity]:
        """docname -> the event, person or mission the page describes."""
        return self.data["records"]

    @property
    def citations(self) -> dict[str, set[str]]:
        """docname -> the citation keys the page uses."""
        return self.data["citations"]

    @property
    def dependencies(self) -> dict[str, frozenset[DependencyKey]]:
        """docname -> the cross-document data the page shows (see :mod:`.nodes`)."""
        return self.data["dependencies"]

    @property
    def derived(self) -> Derived:
        return self.data["derived"]

    def note_record(self, record: Entity) -> None:
        self.records[record.docname] = record

    def note_citation(self, docname: str, key: str) -> None:
        self.citations.setdefault(docname, set()).add(key)

    def note_dependencies(self, docname: str, keys: Iterable[DependencyKey]) -> None:
        self.dependencies[docname] = frozenset(keys)

    def clear_doc(self, docname: str) -> None:
        # The record as the last build had it, to tell after reading whether it changed.
        self.data["cleared"].setdefault(docname, self.records.get(docname))
        self.records.pop(docname, None)
        self.citations.pop(docname, None)
        self.dependencies.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for store in PER_DOCUMENT:
            for docname, value in otherdata[store].items():
                if docname in docnames:
                    self.data[store][docname] = value

    # -- views -----------------------------------------------------------------------------

    def event(self, docname: str) -> Event:
        return cast(Event, self.records[docname])

    def lookup(self, kind: Kind, slug: str) -> Entity | None:
        docname = self.derived.by_slug.get(kind, {}).get(slug)
        return self.records.get(docname) if docname else None

    #: The source of the current derived data (see :meth:`source`).
    _source: Source | None = None
    #: The records this build changed, once it has read them; None when anything may have changed
    #: what is made from them (the derived data, the pages, the configuration, the day).
    changed_records: set[str] | None = None

    def source(self) -> Source:
        """What lists are computed from: the same source until the derived data is made again,
        so the rows computed after reading to compare with the last build's serve again when the
        pages are written (in every writing process, which starts as a copy of this one)."""
        if self._source is None or self._source.derived is not self.derived:
            self._source = Source(self.records, self.derived, self.env.all_docs, self.env.config)
        return self._source

    # -- derived data, rebuilt after reading -------------------------------------------------

    def rebuild_derived(self) -> set[str]:
        """Recompute all derived data from the records; return the pages that must be rewritten:
        those showing a dependency key whose rows changed.

        A key's rows are made again only if a record they were made from changed, or if what every
        list is made from did: the derived data, the pages of the build, the day of the build, the
        configuration. The others are kept from the last build: at 10,000 events, computing every
        list was most of the time of an edit."""
        previous = self.derived
        self.data["derived"] = derive(self.records, self.citations, self.env.toctree_includes,
                                      self.env.config.root_doc)
        source = self.source()
        basis = (build_day(), _digest(tuple(sorted(self.env.all_docs))))
        same_basis = (basis == self.data["basis"] and self.env.config_status == CONFIG_OK
                      and self.derived == previous)
        changed = {docname for docname, before in self.data["cleared"].items() if self.records.get(docname) != before}
        old: dict[DependencyKey, Shown] = self.data["shown"]
        new: dict[DependencyKey, Shown] = {}
        for keys in self.dependencies.values():
            for key in keys:
                if key in new:
                    continue
                kept = old.get(key)
                if kept is not None and same_basis and (kept[1].isdisjoint(changed) if kept[1] is not None else not changed):
                    new[key] = kept
                else:
                    rows, read = shown_and_read(source, key)
                    new[key] = (_digest(rows), read)
        self.data.update(shown=new, cleared={}, basis=basis)
        self.changed_records = changed if same_basis else None
        different = {key for key, (digest, _) in new.items() if old.get(key, (None,))[0] != digest}
        return {docname for docname, keys in self.dependencies.items() if not keys.isdisjoint(different)}

    def check_consistency(self) -> None:
        for duplicate, first in self.derived.duplicates:
            warn(Problem.DUPLICATE_SLUG,
                 f"{duplicate.kind} slug '{duplicate.slug}' is already used by {first.docname}; rename one of them",
                 (duplicate.docname, duplicate.line))

    # -- references ---------------------------------------------------------------------------

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: Element) -> nodes.reference | None:
        record = self.lookup(cast(Kind, typ), target) if typ in ENTITY_KINDS else None
        if record is None:
            return None
        if not node.get("refexplicit"):
            contnode = contnode.__class__("", record.display_name, classes=contnode["classes"])
        return make_refnode(builder, fromdocname, record.docname, "", contnode, record.display_name)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                         node: pending_xref, contnode: Element) -> list[tuple[str, nodes.reference]]:
        results = []
        for kind in ENTITY_KINDS:
            reference = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if reference is not None:
                results.append((f"{self.name}:{kind}", reference))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for record in self.records.values():
            yield (record.slug, record.display_name, record.kind, record.docname, "", 1)
