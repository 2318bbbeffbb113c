"""The core of Almanac: what a knowledge base is, independent of any tool that builds it.

The flow of a build starts here, and nothing in this package imports Sphinx or docutils:

1. :mod:`.files` reads a page's bytes as text (or says which line is not UTF-8);
2. :mod:`.frontmatter` parses its YAML front matter, keeping the line of every key;
3. :mod:`.schema` validates it against the content model and makes a record of :mod:`.model`,
   with a :class:`~.problems.Finding` for every mistake (:mod:`.problems` lists them all);
4. :mod:`.kinds` is the registry of entity kinds (event, person, mission) tying those together;
5. :mod:`.derived` computes what is known only from all records together: slug lookup,
   chronology, backlinks, year, day and category groups, "cited by".

The Sphinx extension (:mod:`almanac.sphinxext`) and the command line (:mod:`almanac.cli`) are
built on this package.
"""
