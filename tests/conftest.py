"""Test fixtures: Sphinx's own (``sphinx.testing``), with one test root per scenario.

Every scenario lives in ``tests/roots/test-<name>/`` and holds only the files that make it; the
files all scenarios share (conf.py, a bibliography, two people and a mission) are in
``tests/roots/_shared/``. The ``rootdir`` fixture lays each scenario over the shared files once per
session, so tests name a scenario with Sphinx's own marker::

    @pytest.mark.sphinx("html", testroot="unknown-key")

and tests that read the same scenario share one build with
``@pytest.mark.test_params(shared_result="unknown-key")`` (see :func:`scenario`).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
PROJECT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def rootdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sphinx's test roots: each scenario of ``tests/roots`` laid over the files they share."""
    roots = tmp_path_factory.mktemp("roots")
    for scenario_root in sorted(ROOTS.glob("test-*")):
        shutil.copytree(ROOTS / "_shared", roots / scenario_root.name)
        shutil.copytree(scenario_root, roots / scenario_root.name, dirs_exist_ok=True)
    return roots


def scenario(name: str, *marks: pytest.MarkDecorator, buildername: str = "html") -> object:
    """A ``parametrize`` value building the test root *name* once for every test that uses it."""
    return pytest.param(name, marks=[pytest.mark.sphinx(buildername, testroot=name),
                                     pytest.mark.test_params(shared_result=f"{buildername}-{name}"), *marks],
                        id=name)


def copy_project(destination: Path) -> Path:
    """Copy the real knowledge base (its content and configuration, not builds or tests)."""
    shutil.copytree(PROJECT, destination, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", "years", "tests", "__pycache__", "*.egg-info", ".pytest_cache",
        "on-this-day", "categories", "book"))
    return destination


def search_index(outdir: Path) -> dict:
    """The data of a build's searchindex.js, read as Sphinx reads it back."""
    from almanac.sphinxext.builder import JSONSearchIndex

    return JSONSearchIndex().loads((Path(outdir) / "searchindex.js").read_text(encoding="utf-8"))


#: A part of the search index: ``AlmanacSearch.addPart(name, stamp, JSON.parse(text))``.
SEARCH_PART = re.compile(r'AlmanacSearch\.addPart\(("[^"]+"),("[0-9a-f]{16}"),JSON\.parse\((".*")\)\);\n')


def search_parts(outdir: Path) -> dict[str, tuple[str, dict]]:
    """The parts of a build's search index (searchindex/), by name: each one's stamp and data."""
    parts = {}
    for path in sorted((Path(outdir) / "searchindex").glob("*.js")):
        match = SEARCH_PART.fullmatch(path.read_text(encoding="utf-8"))
        assert match, path
        parts[json.loads(match[1])] = (json.loads(match[2]), json.loads(json.loads(match[3])))
    return parts


def warning_lines(app: SphinxTestApp) -> list[str]:
    """The build's warnings, one per line, with the source folder written as ``<srcdir>``."""
    text = strip_escape_sequences(app.warning.getvalue()).replace(str(app.srcdir), "<srcdir>")
    return [line for line in text.splitlines() if re.search(r"WARNING|ERROR", line)]


def built_copy(rootdir: Path, destination: Path, buildername: str, testroot: str = "basic") -> SphinxTestApp:
    """A copy of a test root, built once by *buildername*, for module- and session-wide fixtures
    (which Sphinx's function-scoped ``app`` cannot serve)."""
    app = SphinxTestApp(buildername, srcdir=shutil.copytree(rootdir / f"test-{testroot}", destination))
    app.build()
    app.cleanup()  # unregister its nodes and roles now: other tests make apps of their own
    return app


@pytest.fixture(scope="session")
def basic_read(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The basic test root read by Sphinx's dummy builder: records and doctrees, no theme, nothing written."""
    return built_copy(rootdir, tmp_path_factory.mktemp("basic-read") / "site", "dummy")
