"""Every Makefile target can run again and in any order, on a small knowledge base.

The project's own Makefile, conf.py and index pages, with the content of ``almanac init`` (one
event, person and mission), and the project's virtual environment: the sequence below once
failed at its second step, when the PDF of the first made the LaTeX build copy it into itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from almanac.cli import main
from conftest import PROJECT

SEQUENCE = ("pdf", "pdf", "site", "html", "epub", "clean", "site")


def small_project(root: Path) -> Path:
    site = root / "site"
    for name in ("Makefile", "conf.py", "index.md", "timeline.md", "bibliography.md", "requirements.txt",
                 "requirements-test.txt", "pyproject.toml", "people/index.md", "missions/index.md",
                 "map-data/package.json", "map-data/package-lock.json"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT / name, site / name)  # keeps the times the Makefile compares
    for name in ("scripts", "_static"):
        shutil.copytree(PROJECT / name, site / name)
    # The starter has no places (and an index of none would be an empty toctree).
    index = site / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("places/index\n", ""), encoding="utf-8")
    starter = root / "starter"
    assert main(["init", str(starter)]) == 0
    for name in ("events", "people", "missions"):
        shutil.copytree(starter / name, site / name, dirs_exist_ok=True)
    shutil.copy2(starter / "references.bib", site / "references.bib")
    return site


def test_every_target_runs_again_and_in_any_order(tmp_path):
    site = small_project(tmp_path)
    venv = Path(sys.executable).parent.parent
    for step, target in enumerate(SEQUENCE, start=1):
        # SITE_READY empty: the environment is the tests' own; setting it up is not what this tests.
        result = subprocess.run(["make", target, f"VENV={venv}", "SITE_READY="], cwd=site, capture_output=True, text=True)
        assert result.returncode == 0, f"step {step}, make {target}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert (site / "_build" / "latex" / "almanac.pdf").is_file()
    assert (site / "_build" / "html" / "almanac.pdf").is_file()  # `make site` offers the PDF
    assert "almanac.pdf" in (site / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert not (site / "_build" / "latex" / "almanac.pdf.1").exists()
