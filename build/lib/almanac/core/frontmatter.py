"""Step 2 of the flow: a page's YAML front matter, read so that every key and list item keeps its line.

MyST turns front matter into document metadata but keeps only the line of the block, and it
silently takes the last of two equal keys; Almanac needs the line of each key to point authors
at their mistakes, and must not drop what they wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

#: A path into the front matter: keys and list indexes, e.g. ``("people", 2)``.
KeyPath = tuple[Any, ...]


class FrontMatterError(ValueError):
    """The front matter cannot be read at all; ``line`` is a line of the file (1-based).

    ``problem`` says whether it is malformed or refused for going beyond a limit (:data:`LIMITS`).
    """

    def __init__(self, message: str, line: int, problem: Problem = Problem.YAML_SYNTAX) -> None:
        super().__init__(message)
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class Limits:
    """What front matter may hold. Beyond these, YAML can make a reader use unbounded memory or
    time (aliases expanding exponentially, "billion laughs"), or overflow its stack (deep nesting)."""

    #: Characters in the whole front matter.
    size: int = 100_000
    #: Characters in one value.
    text: int = 20_000
    #: Mappings and lists inside one another.
    depth: int = 8
    #: Keys, items and values in all.
    items: int = 5_000


LIMITS = Limits()


def _keeping_dates_as_text(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """*base* (YAML 1.1 safe loading), except that dates stay strings.

    PyYAML would turn ``1965-03-18`` into a ``datetime.date`` and crash on ``1965-02-30``; Almanac
    parses dates itself so that it can accept partial dates and explain impossible ones.
    """
    loader = type(f"Almanac{base.__name__}", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return loader


#: libyaml's parser (PyYAML's wheels have it): the same documents and marks, several times faster
#: on thousands of pages. The pure-Python parser explains errors better ("expected ',' or ']', but
#: got ':'"), so a document that fails is read again with it, for the message.
_FastLoader = _keeping_dates_as_text(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_ExplainingLoader = _keeping_dates_as_text(yaml.SafeLoader)


@dataclass(frozen=True)
class FrontMatter:
    """The parsed front matter of one file."""

    values: dict[str, Any]
    #: The file line (1-based) of every key and list item, by path.
    lines: Mapping[KeyPath, int] = field(default_factory=dict)
    #: The file line of the opening ``---``.
    first_line: int = 1
    #: The file line just after the closing ``---``, where the page's body starts.
    body_line: int = 1

    def body(self, text: str) -> str:
        """The part of *text* (the file this front matter was read from) after the front matter."""
        return text.split("\n", self.body_line - 1)[-1] if self.body_line > 1 else text

    def line_of(self, path: KeyPath) -> int:
        """The line of *path*, or of its closest enclosing key, or of the block itself."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def split_front_matter(text: str) -> tuple[str, int] | None:
    """Return the YAML text of the front matter and the file line of the body after it, or None."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "\n".join(lines[1:index]), index + 2
    raise FrontMatterError("the front matter opened on line 1 is never closed by '---'", 1)


def parse_front_matter(text: str) -> FrontMatter | None:
    """Parse the front matter of *text*; None when the file has none.

    Raises :class:`FrontMatterError` for malformed YAML, a front matter that is not a mapping,
    or a key given twice.
    """
    split = split_front_matter(text)
    if split is None:
        return None
    source, body_line = split
    check_limits(source)
    try:
        return _parse(source, body_line, _FastLoader)
    except FrontMatterError:
        return _parse(source, body_line, _ExplainingLoader)


#: The YAML text starts on the file's second line, after the opening ``---``.
_OFFSET = 2


def check_limits(source: str, limits: Limits = LIMITS) -> None:
    """Refuse YAML *source* that uses anchors or aliases or goes beyond *limits*.

    Reads the parser's events, a flat stream that neither expands aliases nor recurses, so it
    is safe on any input; raises :class:`FrontMatterError` (``front-matter-limit``) at the line.
    """
    def refuse(message: str, mark: yaml.Mark | None) -> FrontMatterError:
        line = mark.line + _OFFSET if mark is not None else _OFFSET - 1
        return FrontMatterError(message, line, Problem.FRONT_MATTER_LIMIT)

    if len(source) > limits.size:
        raise refuse(f"the front matter has {len(source):,} characters; at most {limits.size:,} are read", None)
    depth = items = 0
    try:
        for event in yaml.parse(source, Loader=_FastLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise refuse("YAML anchors and aliases (&name, *name) are not allowed in front matter: "
                             "write the value out where it is needed", event.start_mark)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > limits.depth:
                    raise refuse(f"the front matter nests lists and mappings more than {limits.depth} deep",
                                 event.start_mark)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                items += 1
                if len(event.value) > limits.text:
                    raise refuse(f"a value of {len(event.value):,} characters; at most {limits.text:,} are read",
                                 event.start_mark)
                if items > limits.items:
                    raise refuse(f"the front matter has more than {limits.items:,} keys and values", event.start_mark)
    except yaml.YAMLError as error:
        # libyaml stops at its own depth limit before the events reach ours.
        if "nesting depth" in str(error):
            raise refuse(f"the front matter nests lists and mappings more than {limits.depth} deep",
                         getattr(error, "problem_mark", None)) from None
        # Otherwise malformed: the parse that follows says where, with the explaining parser.


def _parse(source: str, body_line: int, loader_class: type[yaml.SafeLoader]) -> FrontMatter:
    offset = _OFFSET
    try:
        loader = loader_class(source)  # refuses unprintable characters at once
    except yaml.YAMLError as error:
        line = source.count("\n", 0, error.position) + offset if hasattr(error, "position") else offset - 1
        raise FrontMatterError(f"malformed YAML: {getattr(error, 'reason', None) or error}", line) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return FrontMatter(values={}, first_line=offset - 1, body_line=body_line)
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                "the front matter must be a mapping of keys to values",
                node.start_mark.line + offset,
            )
        lines: dict[KeyPath, int] = {}
        _collect_lines(node, (), offset, lines)
        values = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark is not None else offset - 1
        raise FrontMatterError(f"malformed YAML: {error.problem or error.context}", line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"malformed YAML: {error}", offset - 1) from None
    except RecursionError:  # the pure-Python parser on nesting that libyaml already refused
        raise FrontMatterError("the front matter nests lists and mappings too deep", offset - 1,
                               Problem.FRONT_MATTER_LIMIT) from None
    finally:
        loader.dispose()
    return FrontMatter(values=values, lines=lines, first_line=offset - 1, body_line=body_line)


def _collect_lines(node: yaml.Node, path: KeyPath, offset: int, lines: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
            if key in seen:
                raise FrontMatterError(
                    f"key '{key}' is given twice (lines {seen[key]} and {line}); keep one",
                    line,
                )
            seen[key] = line
            lines[(*path, key)] = line
            _collect_lines(value_node, (*path, key), offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + offset
            _collect_lines(item, (*path, index), offset, lines)
