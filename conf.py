"""Sphinx configuration of the Almanac site."""

import importlib.metadata
import os
from pathlib import Path
from urllib.parse import urlsplit

project = "Almanac"
author = "The Almanac authors"
copyright = "2026, The Almanac authors"
version = release = importlib.metadata.version("almanac")
language = "en"

extensions = [
    "almanac",  # the knowledge base; brings in myst_parser and sphinxcontrib.bibtex
    "sphinx_sitemap",
    "sphinxext.opengraph",
]

root_doc = "index"
# Only the knowledge base is content: README, tests and the package are not pages.
include_patterns = [
    "index.md",
    "timeline.md",
    "bibliography.md",
    "events/*.md",
    "people/*.md",
    "missions/*.md",
    "places/*.md",
    "years/*.md",
    "book/*.md",
    "on-this-day/*.md",
    "categories/*.md",
]
exclude_patterns = ["_build", ".venv"]

# The timeline chart's colours: the nations with the most events, then everything else.
almanac_chart_groups = {
    "United States": ["united-states"],
    "Soviet Union and Russia": ["soviet-union", "russia"],
    "Europe": ["europe", "france", "germany", "united-kingdom", "italy", "spain"],
    "China": ["china"],
    "Japan": ["japan"],
    "India": ["india"],
}

almanac_description = "The history of rocketry and spaceflight, day by day, each event with its sources."

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
bibtex_foot_reference_style = "foot"

html_theme = "sphinx_book_theme"
html_title = "Almanac"
html_static_path = ["_static"]
html_logo = "_static/almanac-logo.svg"
html_favicon = "_static/almanac-logo.svg"
# The canonical address: Read the Docs gives it; a local build is served by `make serve`.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "http://127.0.0.1:8000/")
sitemap_url_scheme = "{link}"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
html_theme_options = {
    # The sidebar shows the site's sections, the same on every page however many events there
    # are (_templates/sbt-sidebar-nav.html leaves out the hidden toctrees below the sections).
    # Readers reach events through the timeline, year, day and category pages, the people and
    # missions, and each event's previous/next links. Rendering every event in every sidebar made
    # builds quadratic and pages heavy: see BENCHMARKS.md.
    "collapse_navbar": True,
    "show_navbar_depth": 1,
    "max_navbar_depth": 1,
    "home_page_in_toc": False,
    "use_download_button": False,
}
html_last_updated_fmt = None
# No page links its MyST source (the theme's download button is off) and the search page shows
# summaries from the pages themselves, so Sphinx's copy of every source into _sources/ is not made.
html_copy_source = False
# The theme reads the colour mode from here before the reader has chosen one; without it the
# first visit logs "invalid theme mode" in the browser console.
html_context = {"default_mode": "auto"}

# Where the site offers the PDF. On Read the Docs: its download of this very version. Locally:
# the PDF that `make pdf` wrote (the Makefile says where), copied into the site's root.
if os.environ.get("READTHEDOCS") == "True":
    _site = urlsplit(html_baseurl)
    almanac_pdf_url = (f"{_site.scheme}://{_site.netloc}/_/downloads/"
                       f"{os.environ.get('READTHEDOCS_LANGUAGE', 'en')}/{os.environ.get('READTHEDOCS_VERSION', 'latest')}/pdf/")
    html_theme_options["icon_links"] = [
        {"name": "Download the PDF", "url": almanac_pdf_url, "icon": "fa-solid fa-file-pdf", "type": "fontawesome"},
    ]
elif os.environ.get("ALMANAC_PDF") and Path(os.environ["ALMANAC_PDF"]).is_file():
    # Copied into the website only (not into the LaTeX build's own folder, where it is made).
    almanac_pdf_file = os.path.abspath(os.environ["ALMANAC_PDF"])
    almanac_pdf_url = Path(os.environ["ALMANAC_PDF"]).name

# The PDF (make pdf; Read the Docs builds it the same way): XeLaTeX, for Cyrillic and other scripts.
latex_engine = "xelatex"
latex_documents = [("book/index", "almanac.tex", "Almanac", author, "manual", False)]
latex_toplevel_sectioning = "part"  # book/: a part per decade, a chapter per year
latex_show_pagerefs = True
latex_show_urls = "footnote"
latex_domain_indices = False
# makeindex, not xindy: Read the Docs runs latexmk without the XINDYOPTS that xindy needs, and the
# index lists names in Latin script, which makeindex sorts correctly.
latex_use_xindy = False
# The period the book covers, from the events' file names (they start with the event's year).
_years = sorted(path.name[:4] for path in Path(__file__).parent.glob("events/[0-9][0-9][0-9][0-9]*.md"))
_period = f"{_years[0]}–{_years[-1]}" if _years else ""
latex_elements = {
    "papersize": "a4paper",
    # A book's title page: its title, what it is about and the years it covers; no release number.
    "maketitle": r"""
\hypersetup{pdftitle={Almanac}, pdfauthor={The Almanac authors}}
\begin{titlepage}
\centering
\vspace*{0.22\textheight}
{\Huge\bfseries Almanac\par}
\vspace{1.5em}
{\Large The history of rocketry and spaceflight, day by day\par}
\vspace{1em}
{\Large """ + _period + r"""\par}
\vfill
{\large The Almanac authors\par}
\vspace{0.1\textheight}
\end{titlepage}
""",
    "pointsize": "11pt",
    "extraclassoptions": "openany,oneside",
    # FreeSerif has Latin, Greek, Cyrillic, Hebrew, Arabic and Devanagari but no Chinese, Japanese
    # or Korean: XeTeX switches to a CJK font for those characters by itself (its inter-character
    # classes), so native names such as 钱学森, 糸川英夫 and 이소연 print.
    "preamble": r"""
\newfontfamily\AlmanacCJKFont{WenQuanYi Micro Hei}
\XeTeXinterchartokenstate=1
\newXeTeXintercharclass\AlmanacCJKClass
\newcount\AlmanacCode
\def\AlmanacCJKRange#1#2{\AlmanacCode=#1\relax
  \loop\XeTeXcharclass\AlmanacCode=\AlmanacCJKClass
  \ifnum\AlmanacCode<#2\advance\AlmanacCode by 1\relax\repeat}
\AlmanacCJKRange{"3000}{"303F}% CJK symbols and punctuation (「」)
\AlmanacCJKRange{"3040}{"30FF}% kana
\AlmanacCJKRange{"3400}{"4DBF}% CJK extension A
\AlmanacCJKRange{"4E00}{"9FFF}% CJK unified ideographs
\AlmanacCJKRange{"AC00}{"D7AF}% Hangul syllables (이소연)
\AlmanacCJKRange{"FF00}{"FFEF}% full-width forms
\XeTeXinterchartoks 0 \AlmanacCJKClass = {\begingroup\AlmanacCJKFont}
\XeTeXinterchartoks 4095 \AlmanacCJKClass = {\begingroup\AlmanacCJKFont}
\XeTeXinterchartoks \AlmanacCJKClass 0 = {\endgroup}
\XeTeXinterchartoks \AlmanacCJKClass 4095 = {\endgroup}
% Running heads as in a book: the chapter (the year) and the page number, not "Almanac, Release 0.2.0";
% chapters are years and parts decades, so they carry no "Chapter 12" numbers.
\setcounter{secnumdepth}{-1}
% The running head's line is 13.6 pt high (fancyhdr asks for at least that much room).
\setlength{\headheight}{14pt}
\makeatletter
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyhead[L]{{\py@HeaderFamily\nouppercase{\leftmark}}}%
  \fancyhead[R]{{\py@HeaderFamily\thepage}}%
  \renewcommand{\headrulewidth}{0.4pt}%
  \renewcommand{\footrulewidth}{0pt}}
\renewcommand{\chaptermark}[1]{\markboth{#1}{}}
\makeatother
""",
}

# The EPUB (make epub; Read the Docs offers it too).
epub_show_urls = "no"
epub_exclude_files = ["almanac.pdf"]  # the PDF is offered by the website, not inside the EPUB
