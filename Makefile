# Almanac. `make html` builds the site, `make test` runs every test; both set up what they need.
# Variables follow sphinx-quickstart's Makefile: override SPHINXOPTS, BUILDDIR on the command line.

PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?= -W --keep-going -n
SPHINXBUILD ?= $(VENV)/bin/sphinx-build
SOURCEDIR    = .
BUILDDIR    ?= _build
PYTEST_ARGS ?=

SITE_READY = $(VENV)/.site-installed
TEST_READY = $(VENV)/.test-installed

.PHONY: help html test serve clean

help:
	@echo "make html    build the site into $(BUILDDIR)/html (strict: warnings are errors)"
	@echo "make test    run the test suite"
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

html: $(SITE_READY)
	$(SPHINXBUILD) -b html $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/html

test: $(TEST_READY)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

serve: $(SITE_READY)
	$(VENV)/bin/sphinx-autobuild $(SOURCEDIR) $(BUILDDIR)/html --watch src --ignore "*/years/*" --ignore "*/.venv/*" $(SPHINXOPTS)

clean:
	rm -rf $(BUILDDIR) years
