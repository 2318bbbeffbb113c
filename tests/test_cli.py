"""The ``almanac`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from almanac import __version__
from almanac.cli import main
from almanac.core.model import slugify
from almanac.core.frontmatter import parse_front_matter
from almanac.core.kinds import read_record


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
    front_matter = parse_front_matter(path.read_text())
    record, findings = read_record("event", "events/1965-03-18-the-first-spacewalk", front_matter,
                                   front_matter.body(path.read_text()))
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


def test_new_uses_the_folders_conf_py_names(tmp_path):
    (tmp_path / "conf.py").write_text('almanac_directories = {"event": "happenings", "person": "who", "mission": "flights"}\n')
    assert main(["new", "person", "Alexei Leonov", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "who" / "alexei-leonov.md").is_file()


def loaded_modules(*arguments: str, cwd: Path | None = None) -> set[str]:
    """The modules ``python -m almanac ARGUMENTS`` imports (from ``-X importtime``)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "almanac", *arguments],
                            capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("arguments", [("--help",), ("import-jekyll", "--help"), ("init", "--help"),
                                       ("new", "person", "Alexei Leonov")])
def test_the_command_line_loads_no_sphinx(arguments, tmp_path):
    modules = loaded_modules(*arguments, cwd=tmp_path)
    assert "almanac.cli" in modules
    assert sorted(m for m in modules if m.split(".")[0] in ("sphinx", "docutils", "myst_parser")) == []


def test_init_writes_a_knowledge_base_that_builds_strictly(tmp_path):
    site = tmp_path / "kb"
    assert main(["init", str(site), "--title", "Firsts"]) == 0
    result = subprocess.run(["make", "html", f"PYTHON={sys.executable}"], cwd=site, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    html = (site / "_build" / "html" / "events" / "1957-10-04-sputnik-1.html").read_text(encoding="utf-8")
    assert "Sputnik 1, the first artificial satellite, is launched" in html
    assert (site / "_build" / "html" / "people" / "sergei-korolev.html").is_file()


def test_init_never_overwrites(tmp_path, capsys):
    (tmp_path / "index.md").write_text("mine")
    assert main(["init", str(tmp_path)]) == 1
    assert (tmp_path / "index.md").read_text() == "mine"
    assert not (tmp_path / "conf.py").exists()
    assert "already exist; nothing was written" in capsys.readouterr().err
