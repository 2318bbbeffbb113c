"""The ``almanac`` command."""

from __future__ import annotations

import subprocess
import sys

from almanac import __version__
from almanac.cli import main
from almanac.model import slugify
from almanac.frontmatter import parse_front_matter
from almanac.schema import read_record


def test_python_m_almanac_and_the_console_script_agree():
    module = subprocess.run([sys.executable, "-m", "almanac", "--version"], capture_output=True, text=True)
    script = subprocess.run([sys.executable.replace("/python", "/almanac"), "--version"], capture_output=True, text=True)
    assert module.stdout == script.stdout == f"almanac {__version__}\n"


def test_slugify():
    assert slugify("Gemini 4: Edward White's walk") == "gemini-4-edward-white-s-walk"
    assert slugify("Sergueï Korolev") == "serguei-korolev"


def test_new_event_writes_a_template_that_reads_back(tmp_path, capsys):
    assert main(["new", "event", "The first spacewalk", "--date", "1965-03-18", "--root", str(tmp_path)]) == 0
    path = tmp_path / "events" / "1965-03-18-the-first-spacewalk.md"
    assert capsys.readouterr().out == f"{path}\n"
    record, findings = read_record("event", "events/1965-03-18-the-first-spacewalk",
                                   parse_front_matter(path.read_text()))
    assert record.title == "The first spacewalk"
    assert {f.problem.value for f in findings} == {"missing-field"}  # the blanks left to fill in


def test_new_never_overwrites(tmp_path, capsys):
    assert main(["new", "person", "Alexei Leonov", "--root", str(tmp_path)]) == 0
    page = tmp_path / "people" / "alexei-leonov.md"
    page.write_text("mine")
    assert main(["new", "person", "Alexei Leonov", "--root", str(tmp_path)]) == 1
    assert page.read_text() == "mine"
    assert "already exists; nothing was written" in capsys.readouterr().err


def test_new_event_rejects_an_impossible_date(tmp_path, capsys):
    assert main(["new", "event", "X", "--date", "1965-02-30", "--root", str(tmp_path)]) == 2
    assert "February 1965 has 28 days" in capsys.readouterr().err
    assert not (tmp_path / "events").exists()
