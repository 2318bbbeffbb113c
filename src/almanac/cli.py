"""The ``almanac`` command."""

from __future__ import annotations

import argparse
import sys

from . import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="almanac", description="Tools for an Almanac knowledge base.")
    parser.add_argument("--version", action="version", version=f"almanac {__version__}")
    parser.parse_args(argv)
    parser.print_help(sys.stdout)
    return 0
