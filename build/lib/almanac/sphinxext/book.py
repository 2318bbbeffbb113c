"""The PDF book: its parts and chapters as generated pages, and what makes LaTeX output read as a book.

The book's root is an orphaned page (``book/index``) whose toctree holds a part per decade, each
a chapter per year, then a reference part (the people and missions indexes, the bibliography).
When the pages are written for LaTeX, the web's navigation goes and the sources become the
footnotes they print as.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import footnotemark
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.model import Event
from .nodes import SOURCES_SECTION_CLASS, WEB_ONLY_CLASS, domain_of

from .pagetext import FOLDERS, page, toctree

BOOK_FOLDER = FOLDERS["book"]
#: What separates adjacent footnote marks: a raised comma, as in printed books.
FOOTNOTE_MARK_SEPARATOR = r"\textsuperscript{,}"
#: The page that is the root of the PDF (``latex_documents`` in conf.py names it).
BOOK_ROOT = f"{BOOK_FOLDER}/index"


def book_pages(config: Any, years: list[str], reference: list[str]) -> dict[str, str]:
    """The book's pages: a part per decade of the *years* pages (docnames, in order), then a
    reference part of the *reference* pages (those the site has)."""
    decades: dict[str, list[str]] = {}
    for year in years:
        decades.setdefault(f"{year.rsplit('/', 1)[1][:3]}0s", []).append(year)
    pages = {f"{BOOK_FOLDER}/{decade}.md": page(f"The {decade}", toctree(*(f"/{y}" for y in in_decade), glob=False),
                                                orphan=True)
             for decade, in_decade in decades.items()}
    parts = [f"/{BOOK_FOLDER}/{decade}" for decade in decades]
    if reference:
        pages[f"{BOOK_FOLDER}/reference.md"] = page("Reference", toctree(*(f"/{d}" for d in reference), glob=False),
                                                    orphan=True)
        parts.append(f"/{BOOK_FOLDER}/reference")
    opening = " ".join(filter(None, [
        config.almanac_description,
        "The events are told in the order they happened: a part for each decade and a chapter for each year. "
        "People, missions and every source follow as a reference, and the index at the end leads from a "
        "person, a mission or a place to the pages that mention them.",
    ]))
    pages[f"{BOOK_ROOT}.md"] = page(config.project, opening, "```{almanac-list} chart\n```", toctree(*parts, glob=False),
                                    orphan=True)
    return pages


class BookTransform(SphinxPostTransform):
    """Makes the PDF read as a book: no web navigation, and sources as the footnotes they became.

    LaTeX prints each source as a footnote where it is cited, which leaves the web page's
    "Sources" section empty; it goes, like the previous/next links and the "today" block.
    """

    # After Sphinx's LaTeXFootnoteTransform (600), which moves the footnotes out of "Sources".
    default_priority = 700
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        self.compact_brief_entries()
        self.separate_footnote_marks()
        for node in list(self.document.findall(nodes.Element)):
            classes = node.get("classes", [])
            if WEB_ONLY_CLASS in classes:
                node.parent.remove(node)
            elif SOURCES_SECTION_CLASS in classes and not any(node.findall(nodes.footnote)):
                node.parent.remove(node)

    def separate_footnote_marks(self) -> None:
        """Two citations side by side print as two marks, "43,44", not as the number "4344"."""
        marks = (nodes.footnote_reference, nodes.footnote, footnotemark)
        for mark in list(self.document.findall(lambda node: isinstance(node, marks))):
            following = mark.parent[mark.parent.index(mark) + 1] if mark.parent.index(mark) + 1 < len(mark.parent) else None
            if isinstance(following, marks):
                mark.parent.insert(mark.parent.index(mark) + 1, nodes.raw("", FOOTNOTE_MARK_SEPARATOR, format="latex"))

    def compact_brief_entries(self) -> None:
        """A brief event (no story) prints as a run-in block: its title in bold over its card, no
        section of its own, so several share a page and the contents list only the features."""
        records = domain_of(self.env).records
        for start in list(self.document.findall(addnodes.start_of_file)):
            event = records.get(start["docname"])
            section = next((child for child in start.children if isinstance(child, nodes.section)), None)
            if not isinstance(event, Event) or event.feature or section is None:
                continue
            title = section[0].astext()
            # The section's labels stay, so that links to the entry still land on it.
            block = nodes.container("", nodes.target("", "", ids=section["ids"]),
                                    nodes.rubric(title, title), *section.children[1:], classes=["almanac-brief"])
            section.replace_self(block)
