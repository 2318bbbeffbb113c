"""The bibliography files, checked before sphinxcontrib-bibtex reads them.

One broken entry (an unclosed brace, a field its style cannot do without) would otherwise end the
whole build with a traceback, and a repeated key is reported without a line. Each entry is read
on its own here: a broken one is reported at its line as ``almanac.bib-entry`` and left out, and
sphinxcontrib-bibtex reads a copy without it (in the doctree folder), so every page still builds.
The check of a file is remembered by its content, so an unchanged file costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from pybtex.database.input.bibtex import Parser
from pybtex.plugin import find_plugin
from sphinx.application import Sphinx
from sphinx.config import Config

from ..core.files import decode, write_if_changed
from ..core.problems import Finding, Problem
from .diagnostics import warn

#: Where an entry (or @string, @preamble, @comment) starts: "@" at the start of a line.
_ENTRY_START = re.compile(r"^@", re.MULTILINE)
_KEY = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,")
_CACHE = "almanac-bibliography.json"
#: Where the copies of bibliography files without their broken entries go, in the doctree folder.
_COPIES = "almanac-bib"
#: Whether each build's bibliography files have other names than the last build's.
_RENAMED: WeakKeyDictionary[Sphinx, bool] = WeakKeyDictionary()


def check_entries(text: str, style_name: str) -> tuple[list[Finding], str]:
    """The problems of the bibliography *text* (each at its line), and the text without the entries
    that have them."""
    style = find_plugin("pybtex.style.formatting", style_name)()
    findings: list[Finding] = []
    kept: list[str] = []
    first_line: dict[str, int] = {}
    macros: dict[str, str] = {}  # @string definitions, for the entries after them
    starts = [match.start() for match in _ENTRY_START.finditer(text)]
    if not starts or starts[0] > 0:
        kept.append(text[:starts[0] if starts else len(text)])
    for start, end in zip(starts, [*starts[1:], len(text)]):
        chunk, line = text[start:end], text.count("\n", 0, start) + 1
        header = _KEY.match(chunk)
        kind = (header[1] if header else chunk[1:].split("{", 1)[0].split("(", 1)[0]).strip().lower()
        key = header[2] if header and kind not in ("string", "preamble", "comment") else None
        try:
            parser = Parser()
            parser.macros.update(macros)
            data = parser.parse_string(chunk)
            if kind == "string":
                macros = dict(parser.macros)
            for _, entry in data.entries.items():
                list(style.format_entries([entry]))
        except Exception as error:  # noqa: BLE001 (pybtex raises many kinds; each is the author's mistake)
            name = f"entry '{key}'" if key else "an entry"
            reason = re.sub(r" in line \d+", "", str(error).strip().splitlines()[0]) if str(error).strip() else type(error).__name__
            if type(error).__name__ == "FieldIsMissing":
                reason = f"it lacks a field the '{style_name}' style needs ({reason})"
            findings.append(Finding(Problem.BIB_ENTRY, f"{name} cannot be used, so it is left out: {reason}", line))
            continue
        if key is not None and key in first_line:
            findings.append(Finding(Problem.BIB_ENTRY,
                                    f"key '{key}' is given twice (lines {first_line[key]} and {line}); the first is kept",
                                    line))
            continue
        if key is not None:
            first_line[key] = line
        kept.append(chunk)
    return findings, "".join(kept)


def _cached_check(app: Sphinx, text: str, style_name: str) -> tuple[list[Finding], str]:
    cache_file = Path(app.doctreedir) / _CACHE
    digest = hashlib.sha256(f"{style_name}\0{text}".encode()).hexdigest()
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    if digest in cache and not cache[digest]:
        return [], text  # checked before, and clean
    findings, kept = check_entries(text, style_name)
    if not findings:
        cache[digest] = []
        write_if_changed(cache_file, json.dumps(cache))
    return findings, kept


def check_bibliographies(app: Sphinx, config: Config) -> None:
    """Report the problems of each of ``bibtex_bibfiles``; give sphinxcontrib-bibtex a copy without them."""
    checked = []
    for name in config.bibtex_bibfiles or []:
        path = Path(app.confdir) / name
        try:
            raw = path.read_bytes()
        except OSError:
            checked.append(name)  # sphinxcontrib-bibtex says it cannot open it
            continue
        text = decode(raw)
        if isinstance(text, Finding):
            warn(text.problem, f"bibliography file is {text.message}; it is left out until it is saved as UTF-8",
                 f"{path}:{text.line}")
            findings, kept = [], ""
        else:
            findings, kept = _cached_check(app, text, config.bibtex_default_style)
            for finding in findings:
                warn(finding.problem, finding.message, f"{path}:{finding.line}")
            if not findings:
                checked.append(name)
                continue
        copy = Path(app.doctreedir) / _COPIES / Path(name).name
        write_if_changed(copy, kept)
        checked.append(str(copy))
    config.bibtex_bibfiles = checked
    # sphinxcontrib-bibtex keeps the file names in the pages it read: when they change (a file
    # broken, then fixed), those pages must be read again, or the next build fails on the old name.
    names = Path(app.doctreedir) / _COPIES / "names.json"
    try:
        previous = json.loads(names.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = checked
    _RENAMED[app] = previous != checked
    write_if_changed(names, json.dumps(checked))


def read_again_when_renamed(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Every page, when the bibliography files' names changed since the last build."""
    return sorted(env.found_docs) if _RENAMED.get(app) else []


def setup_bibliography(app: Sphinx) -> None:
    app.connect("config-inited", check_bibliographies)
    app.connect("env-get-outdated", read_again_when_renamed)
