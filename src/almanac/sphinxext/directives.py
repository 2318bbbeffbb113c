"""Directives authors write: ``{almanac-list}``, ``{almanac-today}`` and ``{almanac-download}``."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .pagetext import CALENDAR
from .lists import LIST_KINDS
from .nodes import WEB_ONLY_CLASS, derived_list, doc_link


class ListDirective(SphinxDirective):
    """``{almanac-list} KIND [TARGET]``: a list computed from the whole knowledge base.

    For example ``{almanac-list} year 1965``, ``{almanac-list} timeline`` or
    ``{almanac-list} index person``; the kinds are those registered in :mod:`.lists`. It is filled
    in when the page is written, so it is always current, and the page is rewritten whenever what
    it shows changes.
    """

    required_arguments = 1
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        kinds = {name: kind for name, kind in LIST_KINDS.items() if kind.public}
        name, target = self.arguments[0], (self.arguments[1] if len(self.arguments) > 1 else "")
        if name not in kinds:
            raise self.error(f"unknown list '{name}'; one of: {', '.join(kinds)}")
        needs = kinds[name].target
        if bool(needs) != bool(target):
            raise self.error(f"list '{name}' needs {needs}" if needs else f"list '{name}' takes no target")
        node = derived_list(key=(name, target))
        self.set_source_info(node)
        return [node]


class TodayDirective(SphinxDirective):
    """``{almanac-today}``: today's events. The page is written with the events of the day it is
    built (so it needs no script, and nothing moves while it loads); the reader's browser puts
    its own day's in their place when that is another day (static/almanac.js)."""

    def run(self) -> list[nodes.Node]:
        calendar = doc_link(CALENDAR, "the calendar", self.env.docname)
        self.set_source_info(calendar)
        every_day = nodes.paragraph("", "", nodes.Text("Every day's events are in "), calendar, nodes.Text("."))
        today = derived_list(key=("today", ""))
        self.set_source_info(today)
        title = "Today in history"
        return [nodes.container("", nodes.rubric(title, title), today, every_day, classes=[WEB_ONLY_CLASS, "almanac-today"])]


class DownloadDirective(SphinxDirective):
    """``{almanac-download}``: the link to the PDF book (``almanac_pdf_url``), on the website only."""

    def run(self) -> list[nodes.Node]:
        url = self.config.almanac_pdf_url
        if url:
            link = nodes.reference("", f"Download {self.config.project} as a PDF book", refuri=url)
            paragraph = nodes.paragraph("", "", link, nodes.Text(": every event, person and mission, with an index."))
        else:
            paragraph = nodes.paragraph("", "The PDF book is made with ", nodes.literal("", "make pdf"), nodes.Text("; "),
                                        nodes.literal("", "make site"), nodes.Text(" builds it together with this site."))
        return [nodes.container("", paragraph, classes=[WEB_ONLY_CLASS, "almanac-download"])]


class SubscribeDirective(SphinxDirective):
    """``{almanac-subscribe} [CATEGORY]``: links to the iCalendar of anniversaries and today's feed.

    With a category slug, the calendar of that category's events. Website only.
    """

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        root = "../" * self.env.docname.count("/")  # the files are at the site's root
        if self.arguments:
            link = nodes.reference("", "this category's anniversaries", refuri=f"{self.arguments[0]}.ics")
            paragraph = nodes.paragraph("", "Subscribe to ", link,
                                        nodes.Text(" in your calendar app (iCalendar): each event, every year."))
        else:
            calendar = nodes.reference("", "every anniversary", refuri=f"{root}calendar.ics")
            feed = nodes.reference("", "a feed of today's anniversaries", refuri=f"{root}on-this-day.xml")
            paragraph = nodes.paragraph("", "Subscribe to ", calendar,
                                        nodes.Text(" in your calendar app (iCalendar: each event on its day, every "
                                                   "year), or follow "), feed, nodes.Text(" (Atom)."))
        return [nodes.container("", paragraph, classes=[WEB_ONLY_CLASS, "almanac-subscribe"])]
