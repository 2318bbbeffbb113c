"""How problems (:mod:`almanac.core.problems`) reach authors: located Sphinx warnings ``almanac.<subtype>``."""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

from ..core.problems import Finding, Problem

logger = logging.getLogger("almanac")

WARNING_TYPE = "almanac"


def warn(problem: Problem, message: str, location: Any) -> None:
    """Log *message* as a located ``almanac.<subtype>`` warning.

    *location* is what Sphinx accepts: a ``(docname, line)`` pair or a node. Messages quote what
    authors wrote; its control and invisible characters are shown escaped (``\\x0c``), so that a
    warning stays one line that says where and what.
    """
    logger.warning(printable(message), location=location, type=WARNING_TYPE, subtype=problem.value)


def printable(text: str) -> str:
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def report(finding: Finding, docname: str) -> None:
    """Log a finding of the page *docname*."""
    warn(finding.problem, finding.message, (docname, finding.line))
