extensions = ["almanac"]
bibtex_bibfiles = ["references.bib"]
exclude_patterns = ["_build"]
html_theme = "sphinx_book_theme"
# A dict of this conf's own: the theme fills in its options in place, and the default dict is
# shared by every app in the test process, which would make the second build look reconfigured.
html_theme_options = {"collapse_navbar": True, "max_navbar_depth": 2}
