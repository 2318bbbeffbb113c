"""Where a knowledge base keeps its pages, read from its ``conf.py`` without running it.

The command line needs the folders (``almanac_directories``) without starting Sphinx, and must not
execute a configuration file to learn them: the value is read as a Python literal.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .kinds import DEFAULT_DIRECTORIES
from .model import Kind

CONF = "conf.py"
OPTION = "almanac_directories"


def directories(root: Path) -> dict[Kind, str]:
    """The folder of each kind's pages in the knowledge base at *root*.

    ``almanac_directories`` in its ``conf.py`` when that is a literal mapping, merged over the
    defaults; the defaults when there is no ``conf.py`` or it does not set the option literally.
    """
    result: dict[Kind, str] = dict(DEFAULT_DIRECTORIES)
    try:
        tree = ast.parse((root / CONF).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return result
    for statement in tree.body:
        if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name) and statement.targets[0].id == OPTION):
            try:
                value = ast.literal_eval(statement.value)
            except ValueError:
                continue
            if isinstance(value, dict):
                result.update({kind: folder for kind, folder in value.items()
                               if kind in result and isinstance(folder, str) and folder})
    return result
