"""``almanac init FOLDER``: a new, minimal knowledge base that builds strictly with ``make html``.

Its one event, person and mission are real and cited (the first satellite, its chief designer),
so that a new site starts from an example of the house rules rather than from placeholders.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.files import write_atomically

CONF = '''"""Sphinx configuration of {title}, an Almanac knowledge base."""

project = {title!r}
author = "The {title} authors"
language = "en"

extensions = ["almanac"]  # brings in myst_parser and sphinxcontrib.bibtex

root_doc = "index"
# Only the knowledge base is content; years/, on-this-day/, categories/ and book/ are generated.
include_patterns = [
    "index.md", "timeline.md", "bibliography.md", "events/*.md", "people/*.md", "missions/*.md",
    "years/*.md", "on-this-day/*.md", "categories/*.md", "book/*.md",
]
exclude_patterns = ["_build", ".venv"]

almanac_description = "Events in the history of spaceflight, each with its sources."

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"

html_theme = "sphinx_book_theme"
html_title = project
# A dict of this site's own: the theme fills its options in place.
html_theme_options = {{"collapse_navbar": True, "show_navbar_depth": 1, "max_navbar_depth": 1}}

latex_engine = "xelatex"
latex_documents = [("book/index", "book.tex", project, author, "manual", False)]
latex_toplevel_sectioning = "part"
'''

INDEX = '''# {title}

Every event has its own page with its date, place, the people and missions involved, a short
summary and the story, and every fact on it is backed by a cited source.

```{{almanac-today}}
```

## Latest additions

```{{almanac-list}} latest
```

```{{toctree}}
:titlesonly:

on-this-day/index
timeline
people/index
missions/index
categories/index
bibliography
```
'''

INDEX_PAGES = {
    "timeline.md": ("Timeline", "Every event, by decade and year.", "timeline", "years/*"),
    "people/index.md": ("People", "Everyone, by family name, with their events.", "index person", "*"),
    "missions/index.md": ("Missions", "Every mission, by launch date, with its events.", "index mission", "*"),
}

BIBLIOGRAPHY = '''# Bibliography

Every source cited, with the events that cite it.

```{bibliography}
:all:
```

```{almanac-list} cited-by
```
'''

EVENT = '''---
title: Sputnik 1, the first artificial satellite, is launched
date: 1957-10-04
place: Tyuratam (Baikonur), Kazakh SSR
people:
  - sergei-korolev
missions:
  - sputnik-1
categories:
  - soviet-union
  - satellites
summary:
  event: >-
    On 4 October 1957 a modified R-7 missile put Sputnik 1, an 83.6 kg sphere with two radio
    transmitters, into orbit around the Earth.
---

## Story

The satellite was launched from Tyuratam on a modified R-7 missile, the rocket developed by the
design bureau of {person}`sergei-korolev` {footcite:p}`siddiqi2000challenge`. It carried two radio
transmitters whose signals were received around the world {footcite:p}`nssdca1957001b`.
'''

PERSON = '''---
name: Sergei Korolev
native_name: Сергей Павлович Королёв
born: 1907-01-12
died: 1966-01-14
nationality: Soviet
roles:
  - chief designer
  - rocket engineer
---

The chief designer of the Soviet rockets and spacecraft that launched {mission}`sputnik-1`
{footcite:p}`siddiqi2000challenge`.
'''

MISSION = '''---
name: Sputnik 1
program: Sputnik
agency: Soviet Union (OKB-1)
launch: 1957-10-04
end: 1958-01-04
spacecraft: PS-1, a 58 cm aluminium sphere with four whip antennas
cospar: 1957-001B
---

The first artificial satellite of the Earth {footcite:p}`nssdca1957001b`.
'''

REFERENCES = '''@book{siddiqi2000challenge,
  author    = {Siddiqi, Asif A.},
  title     = {Challenge to Apollo: The Soviet Union and the Space Race, 1945--1974},
  publisher = {NASA History Division},
  address   = {Washington, DC},
  year      = {2000},
  series    = {The NASA History Series},
  number    = {NASA SP-2000-4408},
}

@misc{nssdca1957001b,
  author       = {{NASA Space Science Data Coordinated Archive}},
  title        = {Sputnik 1 ({1957-001B})},
  howpublished = {NSSDCA Master Catalog},
  url          = {https://nssdc.gsfc.nasa.gov/nmc/spacecraft/display.action?id=1957-001B},
}
'''

MAKEFILE = '''# make html builds the site strictly (any warning fails it); make pdf the book; make clean.
PYTHON     ?= python3
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR   ?= _build

.PHONY: html pdf epub clean

html pdf epub:
\t$(PYTHON) -m sphinx -M $(subst pdf,latexpdf,$@) . $(BUILDDIR) $(SPHINXOPTS)

clean:
\trm -rf $(BUILDDIR) years on-this-day categories book
'''

README = '''# {title}

A knowledge base of dated events, made with Almanac and Sphinx.

    make html    # the website, in _build/html
    make pdf     # the book (XeLaTeX)

Start a page with `almanac new event "Title" --date YYYY-MM-DD`, `almanac new person "Name"` or
`almanac new mission "Name"`, fill in its front matter and cite a source of `references.bib` for
every fact with {{footcite:p}}`key`. The build names the file and line of every mistake.
'''


def files(title: str) -> dict[str, str]:
    """Path (relative to the new folder) -> text of every file of a new knowledge base."""
    result = {
        "conf.py": CONF.format(title=title),
        "index.md": INDEX.format(title=title),
        "bibliography.md": BIBLIOGRAPHY,
        "events/1957-10-04-sputnik-1.md": EVENT,
        "people/sergei-korolev.md": PERSON,
        "missions/sputnik-1.md": MISSION,
        "references.bib": REFERENCES,
        "Makefile": MAKEFILE,
        "README.md": README.format(title=title),
    }
    for path, (heading, text, kind, pages) in INDEX_PAGES.items():
        result[path] = (f"# {heading}\n\n{text}\n\n```{{almanac-list}} {kind}\n```\n\n"
                        f"```{{toctree}}\n:hidden:\n:glob:\n\n{pages}\n```\n")
    return result


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    wanted = {folder / path: text for path, text in files(args.title).items()}
    existing = [str(path) for path in wanted if path.exists()]
    if existing:
        print(f"almanac: {', '.join(existing)} already exist; nothing was written", file=sys.stderr)
        return 1
    for path, text in wanted.items():
        write_atomically(path, text)
    print(f"A new knowledge base is in {folder}: `make html` there builds it.")
    return 0
