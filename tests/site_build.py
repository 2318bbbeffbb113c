"""The real knowledge base built once per test session, for the tests that read or browse the site.

A pytest plugin: a test module that needs the site says ``pytest_plugins = ("site_build",)`` and
asks for the ``site_html`` fixture. Loaded as a plugin, the fixture is one for the whole session,
so ``test_site``, ``test_pages``, ``test_links`` and ``test_browser`` share a single (serial) build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project

# As `make html` builds: warnings are errors, every problem is reported, every reference checked.
STRICT = ("-W", "--keep-going", "-n", "-b", "html")
#: The day of the build, fixed so that builds on either side of midnight agree (on-this-day.xml).
SOURCE_DATE_EPOCH = "1796083200"  # 2026-12-01 00:00 UTC


def build_site(root: Path, *options: str) -> Path:
    """Copy the working tree's site into *root* and build it strictly (with more Sphinx *options*,
    such as ``-j auto``); return the HTML folder."""
    site = copy_project(root / "site")
    html = root / "html"
    result = sphinx_build(site, html, *options)
    assert result.returncode == 0, f"the strict build of the site failed:\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return html


def sphinx_build(site: Path, html: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` of *site* into *html*, strictly, as `make html` runs it."""
    return subprocess.run([sys.executable, "-m", "sphinx", *STRICT, *options, str(site), str(html)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})


@pytest.fixture(scope="session")
def site_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML folder of the real site, built strictly from a fresh copy of the working tree."""
    return build_site(tmp_path_factory.mktemp("real-site"))
