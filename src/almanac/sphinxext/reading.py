"""Reading: each page's front matter becomes a record in the domain while Sphinx reads it.

Steps 1 to 3 of the flow (:mod:`almanac.core`) run here for every page: undecodable files are
left out, front matter is parsed and validated, findings are reported at their lines, and the
record is noted. After each page is read, what it shows of other pages is noted; after all are
read, the derived data is rebuilt (:meth:`.domain.AlmanacDomain.rebuild_derived`).
"""

from __future__ import annotations

import atexit
import functools
import gc
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ..core.derived import DependencyKey
from ..core.files import decode
from ..core.frontmatter import FrontMatter, FrontMatterError, parse_front_matter
from ..core.kinds import ENTITY_KINDS, read_record
from ..core.model import Event, Place
from ..core.problems import Finding, Problem
from ..core.schema import PLATFORM_KEYS
from .citations import SOURCES_DIRECTIVE, SUMMARY_SOURCES_CLASS, unknown_citation
from .config import directory, kind_of
from .diagnostics import report, warn
from .domain import note_read_here, start_reading
from .lists import terms_key
from .nodes import DOMAIN_NAME, derived_list, domain_of


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Leave out (with a located warning) every page that is not UTF-8.

    Sphinx would stop the whole build on the first such file; leaving it out lets a non-strict
    build write every other page. It is tried again on every build until it is fixed.
    """
    for docname in list(docnames):
        text = decode(env.doc2path(docname).read_bytes())
        if isinstance(text, Finding):
            warn(text.problem, f"file is {text.message}; it is left out of the build until it is saved as UTF-8",
                 (docname, text.line))
            docnames.remove(docname)
            env.found_docs.discard(docname)
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)


#: Front matter parsed once per build: the generated pages need some of it before reading
#: (:mod:`.generated` clears it when a build starts), reading needs all of it. Parallel readers
#: are forked after it is filled, and inherit it.
cached_front_matter = functools.lru_cache(maxsize=None)(parse_front_matter)


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Check every page's front matter; validate an entity page's into a record and give it its sources.

    Front matter that cannot be read, or that is refused (:data:`~almanac.core.frontmatter.LIMITS`),
    is blanked before MyST reads the page, so that it cannot hang or crash MyST's own YAML reading;
    the page keeps its body and its line numbers, and gets no record.
    """
    note_read_here(docname)
    kind = kind_of(app.config, docname)
    try:
        front_matter = cached_front_matter(source[0]) or FrontMatter(values={})
    except FrontMatterError as error:
        warn(error.problem, str(error), (docname, error.line))
        source[0] = blank_front_matter(source[0])
        front_matter = None
    if kind is None:
        return
    if front_matter is not None:
        record, findings = read_record(kind, docname, front_matter, front_matter.body(source[0]))
        for finding in findings:
            report(finding, docname)
        if record is not None:
            domain_of(app.env).note_record(record)
            if not front_matter.values.keys() & PLATFORM_KEYS:
                # Read into the record: MyST need not read it again (a tenth of reading a page),
                # nor copy every field into the saved environment's metadata.
                source[0] = blank_front_matter(source[0])
            if isinstance(record, (Event, Place)) and record.sources:
                source[0] += summary_citations(app, docname, record)
    source[0] += SOURCES_DIRECTIVE


def blank_front_matter(text: str) -> str:
    """*text* with the lines of its front matter emptied, so every later line keeps its number."""
    lines = text.split("\n")
    closing = next((index for index, line in enumerate(lines[1:], start=1) if line.rstrip() == "---"), None)
    if not lines or lines[0].rstrip() != "---" or closing is None:
        return text
    return "\n".join(["---", *([""] * (closing - 1)), *lines[closing:]])


def summary_citations(app: Sphinx, docname: str, event: Event | Place) -> str:
    """The citations of an event's or a place's ``sources``, as MyST for the page layout to put on its
    summary (or a place's coordinates).

    Unknown keys are reported here, at their line in the front matter, and left out.
    """
    known = []
    for ref in event.sources:
        unknown = unknown_citation(app.env, ref.slug)
        if unknown is not None:
            warn(Problem.UNKNOWN_CITATION, unknown, (docname, ref.line))
        elif ref.slug not in known:
            known.append(ref.slug)
    if not known:
        return ""
    return f"\n\n```{{container}} {SUMMARY_SOURCES_CLASS}\n{{footcite:p}}`{','.join(known)}`\n```\n"


def collect_dependencies(app: Sphinx, doctree: nodes.document) -> None:
    """Note what the page shows of other pages, and check that an event cites a source."""
    env = app.env
    domain = domain_of(env)
    keys: set[DependencyKey] = set()
    # One walk of the page for both (walking a doctree is most of what this costs).
    for node in doctree.findall(lambda n: isinstance(n, (pending_xref, derived_list))):
        if isinstance(node, derived_list):
            keys.add(node.key)
        elif node.get("refdomain") == DOMAIN_NAME:
            keys.add((node["reftype"], node["reftarget"]))
    record = domain.records.get(env.docname)
    if isinstance(record, Event):
        # The page's search and book index entries name its people and missions (see .search).
        keys.update(terms_key(kind, ref.slug) for kind, refs in record.references for ref in refs)
    domain.note_dependencies(env.docname, keys)
    if isinstance(record, Event) and not domain.citations.get(env.docname):
        warn(Problem.NO_CITATION,
             "event cites no source: cite at least one entry of references.bib with {footcite:p}`key`",
             (env.docname, record.line))


def rebuild_derived(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """After reading: recompute backlinks and lists; the pages they changed are rewritten."""
    return domain_of(env).rebuild_derived()


#: The garbage collector's thresholds while a build runs. Python's defaults (a collection every
#: 700 new objects) suit programs whose objects die young; a build keeps its environment alive
#: and makes and drops millions of nodes, and each of its full collections walked the whole heap
#: of the main process (31 of them at 1,000 events: 8 s of its 17 s of CPU). Cycles are still
#: collected, in larger batches, and once more before the heap is frozen (:func:`freeze_heap`).
BUILD_COLLECTOR_THRESHOLDS = (50_000, 20, 10)
#: The thresholds to restore when the build ends (a process that builds again: the tests, a
#: server), taken outside any build: an app made but never built cannot make them stick.
_thresholds_outside_builds = gc.get_threshold()
#: Thresholds that turn automatic collection off.
COLLECTION_OFF = (0, 0, 0)


def collect_less_often(app: Sphinx, config: Config) -> None:
    """From the configuration on, and not at all while Sphinx loads the saved environment next.

    Loading makes millions of objects, all kept: the collections it set off walked them for
    nothing (0.5 s of the 0.9 s that loading took at 10,000 events). A threshold of 0 turns
    automatic collection off, until :func:`keep_saved_environment_out_of_collection`.
    """
    global _thresholds_outside_builds
    if gc.get_threshold() not in (BUILD_COLLECTOR_THRESHOLDS, COLLECTION_OFF):
        _thresholds_outside_builds = gc.get_threshold()
    gc.set_threshold(*COLLECTION_OFF)


def keep_saved_environment_out_of_collection(app: Sphinx) -> None:
    """Once the builder is made (after the saved environment is loaded): collect again, leaving
    out what is there by now, the loaded environment above all, which the whole build keeps.
    Left in, the first collections would walk all of it, as loading's did."""
    gc.freeze()
    gc.set_threshold(*BUILD_COLLECTOR_THRESHOLDS)


#: How many pages each build is reading (by its builder): few leave little for the collector.
_PAGES_TO_READ: WeakKeyDictionary[Any, int] = WeakKeyDictionary()
#: Below this many pages read, what reading left is not collected before the heap is frozen.
FEW_PAGES = 100


def count_pages_to_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _PAGES_TO_READ[app.builder] = len(docnames)


def freeze_heap(app: Sphinx, env: BuildEnvironment) -> None:
    """Once everything is read, leave what the build holds out of garbage collection until it ends.

    Writing then makes and drops every page's nodes in the main process, one page after another;
    each full collection walked the whole environment and every page's pickled doctree, so the
    collector's share grew with the site. (It also leaves the pages the writers inherit shared
    copy-on-write: a collection no longer touches them.) What reading left for the collector is
    collected first: frozen, it would stay for the whole build (the readers' answers, already
    merged; the largest process at 1,000 events took 377 MB with them, 310 MB without), unless
    the build read few pages: then there is little, and the collection would walk the saved
    environment for it (0.5 s of a rebuild after one edit at 10,000 events).
    """
    if _PAGES_TO_READ.get(app.builder, FEW_PAGES) >= FEW_PAGES:
        gc.collect()
    gc.freeze()


def restore_collector(app: Sphinx, exception: BaseException | None) -> None:
    """Collect as before the build: a process that builds again (the tests, a server) frees it."""
    gc.unfreeze()
    gc.set_threshold(*_thresholds_outside_builds)


def freeze_heap_at_exit() -> None:
    """Leave everything out of the last garbage collection, which Python runs as it exits.

    After a build the heap holds the environment and its pages (restore_collector makes them
    collectable again, for a process that builds again), and the collection at exit walked all
    of it: 0.4 s of a 1.5 s rebuild that changed nothing at 1,000 events, more than a third of the
    whole overhead, growing with the site. The process ends; its memory goes back all the same.
    Registered once, however many apps a process makes.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def warn_unknown_entity(app: Sphinx, domain: Domain, node: pending_xref) -> bool | None:
    """Report an unresolved entity reference (``{person}``...) as ``almanac.unknown-<kind>``."""
    if domain is None or domain.name != DOMAIN_NAME:
        return None
    kind, target = node["reftype"], node["reftarget"]
    warn(ENTITY_KINDS[kind].unknown,
         f"unknown {kind} '{target}': there is no {directory(app.config, kind)}/ page with that slug", node)
    return True


def setup_reading(app: Sphinx) -> None:
    app.connect("env-before-read-docs", start_reading)
    app.connect("env-before-read-docs", skip_undecodable)
    app.connect("source-read", read_front_matter)
    app.connect("doctree-read", collect_dependencies)
    app.connect("env-updated", rebuild_derived)
    app.connect("config-inited", collect_less_often)
    # First: the handlers after it make pages, icons and stylesheets.
    app.connect("builder-inited", keep_saved_environment_out_of_collection, priority=0)
    app.connect("env-before-read-docs", count_pages_to_read, priority=900)
    app.connect("env-updated", freeze_heap, priority=900)
    # Last: the handlers before it write the site's global outputs from the whole environment,
    # which a full collection would walk each time (1.4 s of an edit at 10,000 events).
    app.connect("build-finished", restore_collector, priority=999)
    freeze_heap_at_exit()
    app.connect("warn-missing-reference", warn_unknown_entity)
