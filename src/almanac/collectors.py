"""Collecting records while pages are read, and deriving cross-document data after reading."""

from __future__ import annotations

from typing import cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .config import kind_of
from .diagnostics import Problem, warn
from .directives import SOURCES_DIRECTIVE
from .domain import AlmanacDomain
from .frontmatter import FrontMatter, FrontMatterError, parse_front_matter
from .model import Event
from .nodes import derived_list
from .roles import DOMAIN_NAME
from .schema import read_record

_UNKNOWN = {"person": Problem.UNKNOWN_PERSON, "mission": Problem.UNKNOWN_MISSION, "event": Problem.UNKNOWN_EVENT}


def _domain(env: BuildEnvironment) -> AlmanacDomain:
    return cast(AlmanacDomain, env.get_domain(DOMAIN_NAME))


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Leave out (with a located warning) every page that is not UTF-8.

    Sphinx would stop the whole build on the first such file; leaving it out lets a non-strict
    build write every other page. It is tried again on every build until it is fixed.
    """
    for docname in list(docnames):
        raw = env.doc2path(docname).read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            warn(Problem.ENCODING,
                 f"file is not UTF-8 (byte 0x{raw[error.start]:02x} on this line); "
                 "it is left out of the build until it is saved as UTF-8",
                 (docname, line))
            docnames.remove(docname)
            env.found_docs.discard(docname)
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Validate an entity page's front matter into a record, and give the page its sources."""
    kind = kind_of(app.config, docname)
    if kind is None:
        return
    try:
        front_matter = parse_front_matter(source[0]) or FrontMatter(values={})
    except FrontMatterError as error:
        warn(Problem.YAML_SYNTAX, str(error), (docname, error.line))
    else:
        record, findings = read_record(kind, docname, front_matter)
        for finding in findings:
            warn(finding.problem, finding.message, (docname, finding.line))
        if record is not None:
            _domain(app.env).note_record(record)
    source[0] += SOURCES_DIRECTIVE


def collect_dependencies(app: Sphinx, doctree: nodes.document) -> None:
    """Note what the page shows of other pages, and check that an event cites a source."""
    env = app.env
    domain = _domain(env)
    keys = {(node["reftype"], node["reftarget"]) for node in doctree.findall(pending_xref)
            if node.get("refdomain") == DOMAIN_NAME}
    keys.update(node.key for node in doctree.findall(derived_list))
    domain.note_dependencies(env.docname, keys)
    record = domain.records.get(env.docname)
    if isinstance(record, Event) and not domain.citations.get(env.docname):
        warn(Problem.NO_CITATION,
             "event cites no source: cite at least one entry of references.bib with {footcite:p}`key`",
             (env.docname, record.line))


def rebuild_derived(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """After reading: recompute backlinks and lists; the pages they changed are rewritten."""
    return _domain(env).rebuild_derived()


def warn_unknown_entity(app: Sphinx, domain: Domain, node: pending_xref) -> bool | None:
    """Report an unresolved ``{person}``/``{mission}``/``{event}`` as ``almanac.unknown-*``."""
    if domain is None or domain.name != DOMAIN_NAME:
        return None
    kind, target = node["reftype"], node["reftarget"]
    warn(_UNKNOWN[kind], f"unknown {kind} '{target}': there is no {app.config.almanac_directories[kind]}/ page with that slug", node)
    return True


def setup_collectors(app: Sphinx) -> None:
    app.connect("env-before-read-docs", skip_undecodable)
    app.connect("source-read", read_front_matter)
    app.connect("doctree-read", collect_dependencies)
    app.connect("env-updated", rebuild_derived)
    app.connect("warn-missing-reference", warn_unknown_entity)
