"""Test fixtures: Sphinx's own (sphinx.testing) plus a builder of small scenario sites.

Every scenario lives in ``tests/roots/test-<name>/`` and holds only the files that make it; the
files all scenarios share (conf.py, a bibliography, two people and a mission) are in
``tests/roots/_shared/`` and are copied first.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
PROJECT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def copy_scenario(name: str, destination: Path) -> Path:
    """Lay out the scenario *name* (shared files, then its own) in *destination*."""
    shutil.copytree(ROOTS / "_shared", destination, dirs_exist_ok=True)
    shutil.copytree(ROOTS / f"test-{name}", destination, dirs_exist_ok=True)
    return destination


def copy_project(destination: Path) -> Path:
    """Copy the real knowledge base (its content and configuration, not builds or tests)."""
    shutil.copytree(PROJECT, destination, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", "years", "tests", "__pycache__", "*.egg-info", ".pytest_cache"))
    return destination


def warning_lines(app: SphinxTestApp) -> list[str]:
    """The build's warnings, one per line, with the source folder written as ``<srcdir>``."""
    text = strip_escape_sequences(app.warning.getvalue()).replace(str(app.srcdir), "<srcdir>")
    return [line for line in text.splitlines() if re.search(r"WARNING|ERROR", line)]


@pytest.fixture
def build_scenario(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Callable[..., SphinxTestApp]:
    """Build a scenario site from scratch and return the app; extra arguments go to the app."""

    def build(name: str, buildername: str = "html", **kwargs) -> SphinxTestApp:
        srcdir = copy_scenario(name, tmp_path / name)
        app = make_app(buildername, srcdir=srcdir, **kwargs)
        app.build()
        return app

    return build
