# Almanac. `make html` builds the site, `make test` runs every test; both set up what they need.
# Variables follow sphinx-quickstart's Makefile: override SPHINXOPTS, BUILDDIR on the command line.

PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?= -W --keep-going -n -j auto
SPHINXBUILD ?= $(VENV)/bin/sphinx-build
SOURCEDIR    = .
BUILDDIR    ?= _build
PYTEST_ARGS ?=

SITE_READY = $(VENV)/.site-installed
# Earth's outlines for the maps (Natural Earth through the npm package world-atlas).
MAP_DATA   = map-data/node_modules/.almanac-package-lock.json
TEST_READY = $(VENV)/.test-installed

# The Debian packages the PDF needs: XeLaTeX (Cyrillic), fonts with Cyrillic and with CJK glyphs.
# libcairo2: CairoSVG converts the maps and charts to PDF for the book.
TEX_PACKAGES = latexmk texlive-xetex texlive-fonts-recommended fonts-freefont-otf fonts-wqy-microhei libcairo2
# `make html` puts the PDF into the site when `make pdf` has written it.
export ALMANAC_PDF = $(BUILDDIR)/latex/almanac.pdf

# make bench BENCH_SIZES=250,1000 leaves out the large sizes (an hour together).
BENCH_SIZES ?= 250,1000,4000,10000
# Lighthouse, pinned in benchmarks/lighthouse (npm), for the benchmark's page scores.
LIGHTHOUSE  = benchmarks/lighthouse/node_modules/.almanac-package-lock.json
# BENCH_ARGS=--quick: one build of each size and the page weights, printed, in minutes.
BENCH_ARGS  ?=

.PHONY: help html pdf epub site test bench serve clean

help:
	@echo "make html    build the site into $(BUILDDIR)/html (strict: warnings are errors)"
	@echo "make pdf     build the PDF book into $(BUILDDIR)/latex/almanac.pdf (installs TeX if it can)"
	@echo "make epub    build the EPUB into $(BUILDDIR)/epub"
	@echo "make site    the PDF, then the HTML site offering it for download"
	@echo "make test    run the test suite"
	@echo "make bench   measure builds, the Read the Docs build, search and pages, write BENCHMARKS.md (about an hour)"
	@echo "make serve   live-reloading preview on http://127.0.0.1:8000"
	@echo "make clean   remove builds and generated pages"

# The virtual environment is made only when missing, and made anew when the pins change.
$(SITE_READY): requirements.txt pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || scripts/need-debian-packages "Python virtual environments" python3-venv
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r requirements.txt
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

$(TEST_READY): $(SITE_READY) requirements-test.txt
	$(VENV)/bin/python -m pip install --quiet -r requirements-test.txt
	touch $@

$(MAP_DATA): map-data/package-lock.json
	scripts/npm-packages map-data "the maps' outlines"

html: $(SITE_READY) $(MAP_DATA)
	$(SPHINXBUILD) -M html $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)

pdf: $(SITE_READY) $(MAP_DATA)
	scripts/need-debian-packages "the PDF" $(TEX_PACKAGES)
	$(SPHINXBUILD) -M latexpdf $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)

epub: $(SITE_READY) $(MAP_DATA)
	$(SPHINXBUILD) -M epub $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)

site: pdf
	$(MAKE) html

test: $(TEST_READY) $(MAP_DATA)
	scripts/need-debian-packages "the PDF tests" $(TEX_PACKAGES) poppler-utils
	scripts/browser-deps
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

$(LIGHTHOUSE): benchmarks/lighthouse/package-lock.json
	scripts/npm-packages benchmarks/lighthouse "Lighthouse for the benchmark"

bench: $(TEST_READY) $(MAP_DATA) $(LIGHTHOUSE)
	scripts/need-debian-packages "the PDF in the benchmark" $(TEX_PACKAGES) poppler-utils
	scripts/browser-deps
	$(VENV)/bin/python benchmarks/run.py --sizes $(BENCH_SIZES) $(BENCH_ARGS)

serve: $(SITE_READY) $(MAP_DATA)
	$(VENV)/bin/sphinx-autobuild $(SOURCEDIR) $(BUILDDIR)/html --watch src --ignore "*/years/*" --ignore "*/.venv/*" $(SPHINXOPTS)

clean:
	rm -rf $(BUILDDIR) years on-this-day categories book
