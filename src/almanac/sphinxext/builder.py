"""The website's builder: Sphinx's HTML builder with eight changes, all about output at scale.

- The search index is written as a JSON string for the browser to parse (:class:`JSONSearchIndex`).
- It is also written in parts (:mod:`almanac.core.searchparts`), of which the search page loads
  only those a query needs (``almanac-search.js``); the whole index stays for Sphinx's next
  incremental build, for other HTML builders' search pages and as the page's fallback.
- A rebuild in which nothing changed writes nothing (:attr:`AlmanacHTMLBuilder.unchanged`). Sphinx
  writes its general index, search page, search index, inventory, build info and four static files
  again on every build, byte for byte the same (pydata-sphinx-theme writes one of them,
  ``pygments.css``, once more at the end: :func:`skip_theme_stylesheet_when_unchanged`); a host or
  a live preview then sees ten changed files.
- With ``-j N`` it writes pages in N processes besides the main one, not N - 1
  (:meth:`AlmanacHTMLBuilder.write_documents`).
- The theme's templates, once compiled, are kept beside the doctrees for the next build
  (:meth:`AlmanacHTMLBuilder.init_templates`).
- The theme's icon fonts are cut down to the icons the site shows (:mod:`.icons`).
- A page is not rewritten because a page its toctree holds was, unless that page's title or
  table of contents changed (:meth:`AlmanacHTMLBuilder.write_documents`).
- With ``-j N`` it reads pages in N shares, one per process, all forked at once
  (:meth:`AlmanacHTMLBuilder._read_parallel`).

It replaces the ``html`` builder (``app.add_builder(..., override=True)``), so ``sphinx-build -b html``
and Read the Docs use it; the EPUB builder, also an HTML builder, is left as it is.
"""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import IO, Any, Literal, cast

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

from ..core import searchparts
from ..core.files import write_if_changed
from .icons import icon_faces

logger = logging.getLogger(__name__)


class JSONSearchIndex:
    """``searchindex.js`` as ``Search.setIndex(JSON.parse("…"))``: the same data, in the form that
    browsers parse fastest.

    Sphinx writes the index as a JavaScript object literal. Chromium evaluates the 10,000-event index
    (5.5 MB) in about 150 ms that way, and parses the same text given to ``JSON.parse`` in about
    30 ms, since a JSON string needs no JavaScript parser (V8's own advice for large data). The
    index is Sphinx's own, and so is the page that reads it (``searchtools.js``).
    """

    PREFIX = "Search.setIndex(JSON.parse("
    SUFFIX = "))"
    #: Sphinx's own form, still read: a build directory written before this change.
    SPHINX_PREFIX = "Search.setIndex("
    SPHINX_SUFFIX = ")"

    def dumps(self, data: Any) -> str:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True)
        # ensure_ascii (the default) escapes every non-ASCII character, U+2028 and U+2029 included.
        return self.PREFIX + json.dumps(text) + self.SUFFIX

    def loads(self, text: str) -> Any:
        for prefix, suffix, unquote in ((self.PREFIX, self.SUFFIX, True),
                                        (self.SPHINX_PREFIX, self.SPHINX_SUFFIX, False)):
            if text.startswith(prefix) and text.endswith(suffix) and len(text) > len(prefix) + len(suffix):
                inner = text[len(prefix):-len(suffix)]
                return json.loads(json.loads(inner) if unquote else inner)
        raise ValueError("invalid data")  # Sphinx's loader expects ValueError for an unreadable index

    def dump(self, data: Any, stream: IO[str]) -> None:
        stream.write(self.dumps(self.without_vanished_words(data)))

    @staticmethod
    def without_vanished_words(data: Any) -> Any:
        """The index without the words no page has any more, which Sphinx keeps (with no pages)
        after an incremental build: the index a fresh build would write."""
        return {**data, **{part: {word: pages for word, pages in data[part].items() if pages != []}
                           for part in ("terms", "titleterms")}}

    def load(self, stream: IO[str]) -> Any:
        return self.loads(stream.read())


class SearchIndexInParts(JSONSearchIndex):
    """The whole index as :class:`JSONSearchIndex` writes it, and its parts in *directory*.

    A part whose bytes did not change keeps its file (and its timestamp); a part that a smaller
    site no longer has is removed.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        #: The parts of their own that large groups have, for the search page (set when the index
        #: is written).
        self.own_parts: list[str] = []

    def dump(self, data: Any, stream: IO[str]) -> None:
        data = self.without_vanished_words(data)
        stream.write(self.dumps(data))
        self.directory.mkdir(parents=True, exist_ok=True)
        names = set()
        for name, text in searchparts.scripts(data):
            names.add(name)
            write_if_changed(self.directory / name, text)
        parts = sorted(name.removesuffix(".js") for name in names)
        self.own_parts = [name for name in parts if searchparts.is_own_part(name)]
        for stale in sorted(set(os.listdir(self.directory)) - names):
            (self.directory / stale).unlink()


#: The folder of the search index's parts, beside ``searchindex.js``.
SEARCH_PARTS = "searchindex"


class AlmanacHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder; see the module's docstring for what differs."""

    indexer_format = JSONSearchIndex()
    #: True in a build that reads, writes and copies nothing (set when writing starts): every page
    #: is current, no source was added, changed or removed, and no static or extra file is newer
    #: than the last build's. Sphinx's global outputs would then come out the same, so they are
    #: left as they are.
    unchanged = False
    #: The sources Sphinx found removed since the last build (``env-get-outdated``): a removal
    #: writes no page, but it must still leave the indices and the search index.
    removed_sources: frozenset[str] = frozenset()
    #: What a toctree shows of each page about to be read again, as it was before
    #: (:func:`note_tables_of_contents`).
    shown_in_toctrees: dict[str, str | None]
    #: The pages Sphinx found outdated or an extension asked for, before Sphinx adds the pages
    #: whose toctrees hold them (set in :meth:`write`; None: every page is written).
    requested: frozenset[str] | None = None
    #: The pages this build writes (set in :meth:`prepare_writing`).
    to_write: Set[str] | None = None
    #: Whether this build has written the search index (:meth:`dump_search_index`).
    search_index_written = False

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        #: The processes ``-j`` allows (1 without it).
        self.processes = app.parallel
        self.shown_in_toctrees = {}

    def init(self) -> None:
        super().init()
        self.indexer_format = SearchIndexInParts(self.outdir / SEARCH_PARTS)

    def init_templates(self) -> None:
        """Sphinx's templates, with Jinja's cache of compiled templates in ``jinja/`` beside the doctrees.

        Without it every build compiles the theme's templates afresh (before the writers fork, see
        :meth:`write_documents`), about 0.27 s of a rebuild after one edit at 1,000 events. Jinja checks each cached template against its
        source's checksum and replaces its files atomically, so an edited template is compiled again
        and parallel writers can share the folder.
        """
        super().init_templates()
        if isinstance(self.templates, BuiltinTemplateLoader):  # not a project's own template bridge
            cache = Path(self.doctreedir) / "jinja"
            cache.mkdir(parents=True, exist_ok=True)
            self.templates.environment.bytecode_cache = FileSystemBytecodeCache(str(cache))

    def _read_parallel(self, docnames: list[str], nproc: int) -> None:
        """Sphinx's parallel reading (its method of that name), with one share of the pages per
        process, all forked before anything is merged.

        Sphinx reads in chunks of about 200 pages, forking a process for each as another ends, and
        each sends its whole environment back, pickled: with everything that the main process had
        merged from the chunks before it when it forked. The later the chunk, the more it sent and
        the main process unpickled, so reading grew with the square of the pages (at 4,000 events
        38.4 s, against 21.7 s this way). Here each process sends what it read, once. The pages
        are dealt out in turn, so that each share holds the same mix of events and generated pages.
        Overridden rather than configured: Sphinx has no setting or event for how it reads.
        """
        shares = [share for share in (docnames[start::nproc] for start in range(nproc)) if share]
        progress = status_iterator(shares, "reading sources... ", "purple", len(shares), self.config.verbosity)
        # As Sphinx does: every outdated page cleared at once, before the processes fork.
        for docname in docnames:
            self.events.emit("env-purge-doc", self.env, docname)
            self.env.clear_doc(docname)

        def read_share(share: list[str]) -> bytes:
            self.env._app = self._app
            for docname in share:
                self.read_doc(docname, _cache=False)
            return pickle.dumps(self.env, pickle.HIGHEST_PROTOCOL)

        def merge(share: list[str], environment: bytes) -> None:
            self.env.merge_info_from(share, pickle.loads(environment), self._app)
            next(progress)

        tasks = ParallelTasks(nproc)
        for share in shares:
            tasks.add_task(read_share, share, merge)
        tasks.join()
        logger.info("")

    def write_documents(self, docnames: Set[str]) -> None:
        """Sphinx's writing of *docnames*, less the toctree pages it need not rewrite, with as
        many writing processes as ``-j`` allows.

        Sphinx rewrites every page whose toctree holds a page it rewrites, in case the entry
        changed. The entry is the page's title and its table of contents, which change only when
        the page is read again and its headings differ; a page that is rewritten because a list on
        it changed (a year page, when one of its events was edited) is not read again. Rewriting
        the pages whose toctrees hold them made a rebuild after one edited event at 1,000 events
        write 9 pages, not 5, among them the timeline and a book part, the longest two.

        When an entry did change, the pages that show it are rewritten, Sphinx's and two more:
        the pages whose previous and next links name the page, and, for one of the site's
        sections, every page, since every sidebar lists them (Sphinx rewrites neither).
        """
        self._write_documents(self.to_write if self.to_write is not None else docnames)

    def prepare_writing(self, docnames: Set[str]) -> None:
        # Sphinx takes the pages it is about to write out of the search index, to index them
        # again as they are written: it must be told the same pages as the writers.
        self.to_write = self._with_changed_toctree_entries(docnames)
        super().prepare_writing(self.to_write)

    def _with_changed_toctree_entries(self, docnames: Set[str]) -> Set[str]:
        """*docnames* less the pages Sphinx added only for toctree entries that did not change."""
        if self.requested is None:
            return docnames
        # A page that was not read again shows the same in a toctree.
        changed = {docname for docname, shown in self.shown_in_toctrees.items()
                   if shown is None or shown != shown_in_toctree(self.env, docname)}
        sections = {self.config.root_doc, *self.env.toctree_includes.get(self.config.root_doc, ())}
        if changed & sections:
            # Every page's sidebar shows the sections' titles (templates/sbt-sidebar-nav.html).
            return docnames | self.env.found_docs
        # The pages whose toctrees hold them, and those whose previous and next links name them.
        showing = {holder for docname in changed for holder in self.env.files_to_rebuild.get(docname, ())}
        if changed:
            relations = self.env.collect_relations()
            showing |= {neighbour for docname in changed for neighbour in relations.get(docname, [None] * 3)[1:]}
        return (docnames & self.requested) | (showing & self.env.found_docs)

    def _write_documents(self, docnames: Set[str]) -> None:
        """Sphinx's parallel writing, with as many writing processes as ``-j`` allows.

        Sphinx writes with N - 1 processes, keeping a core for the main one, which reads each
        page's doctree back and resolves it before handing it over. Here that takes a third as
        long as writing the page (5.6 ms against 14 ms at 1,000 events), so with ``-j 2`` one
        writer did all the pages while the main process waited for most of the phase; with two
        writers the 1,000-event build takes a fifth less time (BENCHMARKS.md).
        """
        if not self.parallel_ok or self.processes < 2:
            super().write_documents(docnames)
            return
        first, *rest = sorted(docnames)
        # The first page in this process: templates compiled and caches filled before forking.
        self._write_resolved(first)
        if not rest:
            return

        def write_chunk(docs: list[tuple[str, Any]]) -> None:
            self.phase = BuildPhase.WRITING
            for docname, doctree in docs:
                self.write_doc(docname, doctree)

        chunks = make_chunks(rest, self.processes)
        progress = status_iterator(chunks, "writing output... ", "darkgreen", len(chunks), self.config.verbosity)
        tasks = ParallelTasks(self.processes)
        self.phase = BuildPhase.RESOLVING
        for chunk in chunks:
            resolved = []
            for docname in chunk:
                doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
                self.write_doc_serialized(docname, doctree)
                resolved.append((docname, doctree))
            tasks.add_task(write_chunk, resolved, lambda args, result: next(progress))
        tasks.join()
        logger.info("")

    def _write_resolved(self, docname: str) -> None:
        self.phase = BuildPhase.RESOLVING
        doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
        self.phase = BuildPhase.WRITING
        self.write_doc_serialized(docname, doctree)
        self.write_doc(docname, doctree)

    def write(self, build_docnames: Iterable[str] | None, updated_docnames: Iterable[str],
              method: Literal["all", "specific", "update"] = "update") -> None:
        build_docnames = list(build_docnames or ())
        updated_docnames = list(updated_docnames)
        self.requested = frozenset(build_docnames) | frozenset(updated_docnames) if method == "update" else None
        self.unchanged = (method == "update" and not build_docnames and not updated_docnames
                          and not self.removed_sources and self._outputs_current())
        if self.unchanged:
            logger.info("nothing changed: the indices, search index and static files are left as they are")
        super().write(build_docnames, updated_docnames, method)

    def gen_additional_pages(self) -> None:
        # The search index first: the search page names its large groups' parts.
        if self.indexer is not None and self.search:
            self.dump_search_index()
        super().gen_additional_pages()

    def dump_search_index(self) -> None:
        """Sphinx's, once a build (:meth:`gen_additional_pages` writes it before Sphinx would)."""
        if not self.search_index_written:
            super().dump_search_index()
            self.search_index_written = True

    def copy_assets(self) -> None:
        if not self.unchanged:
            # Before the static files are copied: almanac.css_t declares the cut fonts.
            self.globalcontext["almanac_icon_faces"] = icon_faces(
                self.theme.get_theme_dirs() if self.theme else [],
                [self.confdir / path for path in (*self.config.templates_path, *self.config.html_static_path)],
                repr(self.config.html_theme_options), self.outdir / "_static", Path(self.doctreedir) / "icons")
            super().copy_assets()

    def finish(self) -> None:
        if not self.unchanged:
            super().finish()

    def _outputs_current(self) -> bool:
        """Whether the last build's global outputs are all there and no file they copy is newer."""
        outputs = [".buildinfo", "objects.inv"]
        if self.search:
            outputs += [self.searchindex_filename, f"search{self.out_suffix}"]
        if self.use_index:
            outputs.append(f"genindex{self.out_suffix}")
        try:
            built = min((self.outdir / name).stat().st_mtime_ns for name in outputs)
        except OSError:  # one is missing
            return False
        return all(path.stat().st_mtime_ns <= built for path in self._copied_sources())

    def _copied_sources(self) -> Iterator[Path]:
        """Every file copying the assets would read: the theme's static files, ``html_static_path``,
        ``html_extra_path``, the logo and the favicon (images and downloads are pages' dependencies,
        which Sphinx checks)."""
        roots = [Path(directory) / "static" for directory in self.theme.get_theme_dirs()]
        roots += [self.confdir / path for path in (*self.config.html_static_path, *self.config.html_extra_path)]
        roots += [self.confdir / path for path in (self.config.html_logo, self.config.html_favicon)
                  if path and "://" not in path]
        for root in roots:
            if root.is_file():
                yield root
            elif root.is_dir():
                for directory, _, files in os.walk(root):
                    yield from (Path(directory, name) for name in files)


def note_removed_sources(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                         removed: Set[str]) -> list[str]:
    if isinstance(app.builder, AlmanacHTMLBuilder):
        app.builder.removed_sources = frozenset(removed)
    return []


def shown_in_toctree(env: BuildEnvironment, docname: str) -> str | None:
    """What a toctree entry shows of *docname*: its titles and its table of contents (None before
    it is first read)."""
    if docname not in env.titles:
        return None
    toc = env.tocs.get(docname)
    return "\n".join((str(env.titles[docname]), str(env.longtitles.get(docname)), str(toc)))


def note_tables_of_contents(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before the pages are read again: what toctrees show of them, to compare with afterwards."""
    if isinstance(app.builder, AlmanacHTMLBuilder):
        app.builder.shown_in_toctrees = {docname: shown_in_toctree(env, docname) for docname in docnames}


def describe_search_parts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                          doctree: Any) -> None:
    """What the search page's template needs to load the parts (``almanac_search_parts``)."""
    if pagename == "search" and isinstance(app.builder, AlmanacHTMLBuilder) and app.builder.search:
        parts = cast(SearchIndexInParts, app.builder.indexer_format)  # since the builder's init
        context["almanac_search_parts"] = {"folder": SEARCH_PARTS, "buckets": searchparts.BUCKETS,
                                           "docs_per_part": searchparts.DOCS_PER_PART,
                                           "own": parts.own_parts, "all_pages": searchparts.ALL_PAGES}


def wrote_nothing(app: Sphinx) -> bool:
    """True when the website's builder left every output as it was (see :class:`AlmanacHTMLBuilder`)."""
    return getattr(app.builder, "unchanged", False) is True


def skip_theme_stylesheet_when_unchanged(app: Sphinx) -> None:
    """pydata-sphinx-theme's ``overwrite_pygments_css``, run only when the builder wrote something.

    The theme writes ``_static/pygments.css`` (its light and dark highlighting in one file) at the
    end of every build, replacing the file Sphinx copied with the assets. When nothing changed,
    neither the assets nor the theme's options did, so the file from the last build is already
    right. Swapped through Sphinx's public ``disconnect`` and ``connect`` once the theme, loaded
    with the builder, has connected its handler; another theme has no such handler.
    """
    try:
        from pydata_sphinx_theme.pygments import overwrite_pygments_css
    except ImportError:
        return
    for listener in list(app.events.listeners["build-finished"]):
        if listener.handler is overwrite_pygments_css:
            app.disconnect(listener.id)

            def overwrite_unless_unchanged(app: Sphinx, exception: BaseException | None) -> None:
                if not wrote_nothing(app):
                    overwrite_pygments_css(app, exception)

            app.connect("build-finished", overwrite_unless_unchanged, priority=listener.priority)


def setup_builder(app: Sphinx) -> None:
    app.add_builder(AlmanacHTMLBuilder, override=True)
    app.connect("builder-inited", skip_theme_stylesheet_when_unchanged)
    app.connect("env-get-outdated", note_removed_sources)
    # Last: after every handler that adds pages to read.
    app.connect("env-before-read-docs", note_tables_of_contents, priority=900)
    app.connect("html-page-context", describe_search_parts)

