"""Read the Docs: its configuration is valid, and its own build commands succeed here.

Read the Docs runs latexmk with -f and ships any PDF that appears, so a LaTeX error or an
undefined reference would go unnoticed there; this test reads the log that it does not.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, copy_project
from test_pdf import require

RTD_ENV = {
    "READTHEDOCS": "True",
    "READTHEDOCS_PROJECT": "almanac",
    "READTHEDOCS_LANGUAGE": "en",
    "READTHEDOCS_VERSION": "latest",
    "READTHEDOCS_CANONICAL_URL": "https://almanac.readthedocs.io/en/latest/",
}


def test_the_configuration_matches_read_the_docs_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.readthedocs",
                             str(PROJECT / ".readthedocs.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def rtd_build(tmp_path_factory):
    """The site, PDF and EPUB made by the commands Read the Docs runs, in its order."""
    require("latexmk")
    site = copy_project(tmp_path_factory.mktemp("rtd") / "checkout")
    output = site / "_readthedocs"
    env = {**os.environ, **RTD_ENV}

    def sphinx(builder: str, target: str) -> None:
        result = subprocess.run([sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", builder,
                                 "-d", "_build/doctrees", "-D", "language=en", ".", str(output / target)],
                                cwd=site, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]

    sphinx("html", "html")
    sphinx("latex", "pdf")
    latexmk = subprocess.run(["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-jobname=almanac",
                              "-interaction=nonstopmode"], cwd=output / "pdf", env=env, capture_output=True, text=True)
    sphinx("epub", "epub")
    return output, latexmk


def test_the_pdf_builds_without_latex_errors_or_undefined_references(rtd_build):
    output, latexmk = rtd_build
    log = (output / "pdf" / "almanac.log").read_text(encoding="utf-8", errors="replace")
    assert [line for line in log.splitlines() if line.startswith("! ")] == []
    assert re.findall(r".*(?:undefined|Missing character).*", log) == []
    assert latexmk.returncode == 0, latexmk.stdout[-3000:]
    assert (output / "pdf" / "almanac.pdf").stat().st_size > 100_000


def test_the_site_offers_read_the_docs_pdf_of_this_version(rtd_build):
    output, _ = rtd_build
    front = (output / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://almanac.readthedocs.io/_/downloads/en/latest/pdf/"' in front
    event = (output / "html" / "events" / "1965-03-18-first-spacewalk.html").read_text(encoding="utf-8")
    assert "https://almanac.readthedocs.io/_/downloads/en/latest/pdf/" in event  # the header's icon link
    assert '<link rel="canonical" href="https://almanac.readthedocs.io/en/latest/events/1965-03-18-first-spacewalk.html"' in event


def test_the_epub_is_written(rtd_build):
    output, _ = rtd_build
    assert list((output / "epub").glob("*.epub"))
