"""Reading one post of the original Jekyll blog into a typed record, ready to become an event page.

Pure functions: the text and the file name come in, a :class:`Post` or a :class:`PostError` comes
out. Every repair happens here, once: mojibake and line endings (ftfy), raw HTML (nh3). The body
is read with MyST's own Markdown parser, so what is found here is what the site build will see.

A post looks like this (see ``tests/fixtures/jekyll/``)::

    ---
    title: "Soviet Union – Title"        # the country, a dash, the title
    date: 2025-03-18 17:04:49 +01:00     # publication: the anniversary, not the event's year
    categories: history 1965 "soviet-union"
    ---
    **TLDR;**
    - **Event**: ...                      # and Challenge, Impact, Legacy
    --
    ## Story
    Paragraphs, ![Image](/assets/images/...)
    --
    |**A closing question?**|
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ftfy
import nh3
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from ..core.frontmatter import FrontMatter, FrontMatterError, parse_front_matter
from ..core.model import PartialDate, Summary, slugify

#: Mojibake repair that keeps typographic quotes (ftfy straightens them by default) and leaves
#: HTML entities to Markdown, which reads them itself.
_REPAIR = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False)
#: The parser MyST builds the site with (its default syntax), so raw HTML is found as MyST finds it.
_MARKDOWN = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)
#: The directives an imported post may keep: they only format its own text. Any other (``raw``,
#: ``include``, ``literalinclude``, ``eval-rst``, ``csv-table``...) could run or read something
#: outside the page, and is removed with a note.
SAFE_DIRECTIVES = frozenset(
    "note warning tip hint important caution attention danger error seealso admonition epigraph "
    "pull-quote highlights code-block code sourcecode math list-table table figure image glossary "
    "rubric topic sidebar".split())
_DIRECTIVE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{([^}\s]+)\}", re.MULTILINE)
#: Directives whose content is shown as it is written (code, maths), never read as HTML.
LITERAL_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "math"})
_HTML_TAG = re.compile(r"<\s*[A-Za-z!/?]")
#: A role that would copy a file into the site: its text is kept, the file is not.
_DOWNLOAD_ROLE = re.compile(r"\{download\}`([^`<]*?)\s*(?:<[^`>]*>)?`")

#: Front-matter keys of a post that the import uses; any other key is noted as not imported.
_USED_KEYS = frozenset({"layout", "title", "date", "categories", "category", "image"})
#: The category every post of the blog has; it says nothing about the event.
_BLOG_CATEGORY = "history"
_SUMMARY_FIELDS = ("event", "challenge", "impact", "legacy")

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_POST_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_NAME_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})-")
_COUNTRY_PREFIX = re.compile(r"(?P<country>[^–—:-]+?)\s+[–—-]\s+(?P<title>.+)", re.DOTALL)
_TLDR = re.compile(r"\*\*\s*TL;?\s*DR\s*;?:?\s*\*\*:?", re.IGNORECASE)
_TLDR_ITEM = re.compile(r"\*\*(?P<label>[^*]+?)\s*:?\s*\*\*\s*[:–—-]?\s*(?P<text>.*)", re.DOTALL)
_SEPARATOR = re.compile(r"-{2}|[–—]")
_TABLE_DELIMITER = re.compile(r"\|?\s*:?-+:?\s*\|?")
_ONE_CELL = re.compile(r"\|(?P<cell>[^|]+)\|")
_LIQUID = re.compile(r"\{[{%]")
#: Private-use characters around the number of a Markdown run while its HTML is sanitised.
_HOLD = re.compile("\ue000(\\d+)\ue001")


class PostError(ValueError):
    """A post that cannot be imported: ``reason`` says why, ``line`` (1-based, or None) where."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class PostImage:
    """The post's first image, which becomes the event's illustration."""

    #: The path as the post gives it (``/assets/images/...``).
    file: str
    #: The post's alternative text, as plain text; often just ``Image``.
    alt: str


@dataclass(frozen=True)
class Post:
    """What an event page needs from one Jekyll post, repaired and sanitised."""

    #: The post's file name (``2025-03-18-leonov-spacewalk.md``).
    name: str
    #: The title without its country prefix.
    title: str
    #: The country the title starts with (``Soviet Union``), or None.
    country: str | None
    #: The day of the event: the year from the categories (or the title), month and day from the
    #: post's date, since each post was published on its event's anniversary.
    date: PartialDate
    #: The day the post was published: the day the event was added to the knowledge base.
    published: PartialDate
    #: Category slugs, without the blog's ``history`` and the year; the country's is among them.
    categories: tuple[str, ...]
    summary: Summary
    #: The closing reflection question, as plain text.
    question: str | None
    image: PostImage | None
    #: The story in MyST Markdown, with its ``## Story`` heading (added if the post has none).
    story: str
    #: What the import changed or could not place, for an author to check.
    notes: tuple[str, ...] = ()


def parse_post(text: str, name: str) -> Post:
    """Read the post *text*, whose file is called *name*; raise :class:`PostError` saying why not."""
    text = ftfy.fix_text(text, _REPAIR)
    try:
        front_matter = parse_front_matter(text)
    except FrontMatterError as error:
        raise PostError(str(error), error.line) from None
    if front_matter is None:
        raise PostError("no front matter: a Jekyll post starts with a '---' line", 1)
    values = front_matter.values
    if not values.get("title"):
        raise PostError("no 'title' in the front matter", front_matter.first_line)
    notes = [f"front-matter key '{key}' is not imported (it was: {values[key]!r})"
             for key in values if key not in _USED_KEYS]
    raw_categories = [*_category_items(values.get("categories")), *_category_items(values.get("category"))]
    years = sorted({item for item in raw_categories if _YEAR.fullmatch(item)})
    others = [item for item in raw_categories if item not in years and item.casefold() != _BLOG_CATEGORY]
    title, country, title_note = _split_title(_plain(str(values["title"])), [slugify(item) for item in others])
    notes += [title_note] if title_note else []
    date, published = _event_date(front_matter, name, years, title)
    body_start = front_matter.body_line
    body = _read_body("\n".join(text.splitlines()[body_start - 1:]), body_start)
    categories = _unique([slugify(country)] if country else [], (slugify(item) for item in others))
    image = body.image
    if image is None and isinstance(values.get("image"), str):
        image = PostImage(values["image"], "")
    return Post(name=name, title=title, country=country, date=date, published=published, categories=tuple(categories),
                summary=body.summary, question=body.question, image=image, story=body.story,
                notes=(*notes, *body.notes))


def _category_items(value: Any) -> list[str]:
    """Jekyll's categories: a YAML list, or one string of space-separated, possibly quoted, items."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [str(item) for item in value]
    else:
        try:
            items = shlex.split(str(value))
        except ValueError:  # an apostrophe in a word, not a quote
            items = str(value).split()
    return [stripped for item in items if (stripped := item.strip("\"'“”‘’ "))]


def _split_title(title: str, category_slugs: Sequence[str]) -> tuple[str, str | None, str | None]:
    """``Soviet Union – Title`` -> (``Title``, ``Soviet Union``, note); the note says what was guessed."""
    match = _COUNTRY_PREFIX.fullmatch(title)
    if match is None:
        return title, None, None
    country = match["country"].strip()
    if slugify(country) in category_slugs:
        return match["title"].strip(), country, None
    if not category_slugs:
        return match["title"].strip(), country, f"the country '{country}' is taken from the title alone"
    return title, None, f"the title starts with '{country}', which is not one of the categories; it is kept in the title"


def _event_date(front_matter: FrontMatter, name: str, years: list[str], title: str) -> tuple[PartialDate, PartialDate]:
    """The day of the event and the day the post was published.

    The event's year comes from the categories (or else the title), its month and day from the
    post's date, since each post was published on its event's anniversary.
    """
    year_line = front_matter.line_of(("categories",) if "categories" in front_matter.values else ("title",))
    if len(years) > 1:
        raise PostError(f"the categories name several years ({', '.join(years)}); the event's year is unclear",
                        year_line)
    if not years:
        years = sorted(set(_YEAR.findall(title)))
        if len(years) != 1:
            found = f"names several ({', '.join(years)})" if years else "names none"
            raise PostError(f"the event's year is unknown: no year in the categories, and the title {found}",
                            year_line)
    published = front_matter.values.get("date")
    date_line = front_matter.line_of(("date",))
    day = _POST_DAY.match(str(published)) if published is not None else _NAME_DAY.match(name)
    if day is None:
        if published is None:
            raise PostError("no 'date' in the front matter, and the file name does not start with one", date_line)
        raise PostError(f"'date' is not a date: '{published}'", date_line)
    try:
        return PartialDate.parse(f"{years[0]}-{day[2]}-{day[3]}"), PartialDate.parse(f"{day[1]}-{day[2]}-{day[3]}")
    except ValueError as error:
        raise PostError(f"the event's date is impossible: {error}", date_line) from None


@dataclass(frozen=True)
class _Body:
    summary: Summary
    question: str | None
    image: PostImage | None
    story: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Block:
    """One top-level Markdown block: its tokens and its lines ``[start, end)`` of the body."""

    tokens: tuple[Token, ...]
    start: int
    end: int

    @property
    def kind(self) -> str:
        return self.tokens[0].type.removesuffix("_open")

    @property
    def inline(self) -> Token | None:
        """The inline token of a paragraph or heading."""
        return self.tokens[1] if len(self.tokens) > 1 and self.tokens[1].type == "inline" else None


def _blocks(tokens: Sequence[Token]) -> list[_Block]:
    blocks: list[_Block] = []
    index = 0
    while index < len(tokens):
        end, depth = index, tokens[index].nesting
        while depth > 0:
            end += 1
            depth += tokens[end].nesting
        if tokens[index].map is not None:
            start, stop = tokens[index].map
            blocks.append(_Block(tuple(tokens[index:end + 1]), start, stop))
        index = end + 1
    return blocks


def _read_body(body: str, first_line: int) -> _Body:
    """Take the TLDR, separators, first image and closing question out of *body*; sanitise its HTML.

    *first_line* is the file line of the body's first line, for the notes.
    """
    return _BodyReader(body, first_line).read()


class _BodyReader:
    """Walks the body's top-level blocks once, noting which lines to drop and which to replace."""

    def __init__(self, body: str, first_line: int) -> None:
        self.lines = body.split("\n")
        self.blocks = _blocks(_MARKDOWN.parse(body))
        self.first_line = first_line
        self.dropped: set[int] = set()
        self.replaced: dict[int, tuple[int, str]] = {}
        self.notes: list[str] = []

    def read(self) -> _Body:
        summary, image, question = Summary(), None, None
        consumed: set[int] = set()  # blocks read as part of an earlier one
        # The question closes the post, though a separator may follow it.
        closing = max((index for index, block in enumerate(self.blocks) if not _is_separator(block)), default=-1)
        for index, block in enumerate(self.blocks):
            if index in consumed:
                continue
            if _is_separator(block):
                self.drop(block)
            elif block.kind == "paragraph" and block.inline is not None and _TLDR.fullmatch(block.inline.content.strip()):
                self.drop(block)
                following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
                if following is not None and following.kind == "bullet_list":
                    summary = self.summary(following)
                    consumed.add(index + 1)
            elif image is None and (found := _only_image(block)) is not None:
                image = found
                self.drop(block)
            elif index == closing and (found_question := _one_cell(self.source(block).split("\n"))) is not None:
                question = found_question
                self.drop(block)
            elif unsafe := sorted({name for name in _DIRECTIVE.findall(self.source(block)) if name not in SAFE_DIRECTIVES}):
                self.drop(block)
                self.notes.append(f"removed the block on {self.where(block)}: its directive "
                                  f"{', '.join('{' + name + '}' for name in unsafe)} could run or read files outside the page")
            elif block.kind in ("fence", "colon_fence") and _DIRECTIVE.match(self.source(block)):
                self.sanitise_directive(block)
            else:
                self.sanitise(block)
        story = _join(self.lines, self.dropped, self.replaced)
        if _DOWNLOAD_ROLE.search(story):
            story = _DOWNLOAD_ROLE.sub(r"\1", story)
            self.notes.append("{download} links to files were turned into their text: check the story")
        if not any(block.kind == "heading" and block.inline is not None
                   and block.inline.content.strip().casefold() == "story" for block in self.blocks):
            story = f"## Story\n\n{story}".rstrip("\n")
        if _LIQUID.search(story):
            self.notes.append("the story contains Liquid tags ({{ }} or {% %}), kept as they are")
        return _Body(summary, question, image, story + "\n", tuple(self.notes))

    def source(self, block: _Block) -> str:
        return "\n".join(self.lines[block.start:block.end])

    def where(self, block: _Block) -> str:
        first, last = self.first_line + block.start, self.first_line + block.end - 1
        return f"line {first}" if last <= first else f"lines {first}-{last}"

    def drop(self, block: _Block) -> None:
        """Leave *block* out of the story."""
        self.dropped.update(range(block.start, block.end))

    def sanitise(self, block: _Block) -> None:
        """Replace the raw HTML of *block*, if it has any, by what nh3 lets through."""
        fragments = list(_html_fragments(block.tokens))
        if not fragments:
            return
        source = self.source(block)
        cleaned = _sanitise(source, fragments, whole_html=block.kind == "html_block")
        if cleaned != source:
            if cleaned.strip():
                self.replaced[block.start] = (block.end, cleaned)
            else:
                self.drop(block)
            self.notes.append(f"raw HTML on {self.where(block)} was sanitised: check what is left")

    def sanitise_directive(self, block: _Block) -> None:
        """A directive's content is Markdown too (but for code and maths): its raw HTML goes through nh3."""
        lines = self.source(block).split("\n")
        name = _DIRECTIVE.match(lines[0])[1]
        content = "\n".join(lines[1:-1])
        if name in LITERAL_DIRECTIVES or not _HTML_TAG.search(content):
            return
        cleaned = nh3.clean(content, link_rel=None)
        if cleaned != content:
            self.replaced[block.start] = (block.end, "\n".join([lines[0], cleaned, lines[-1]]))
            self.notes.append(f"raw HTML in the {{{name}}} block on {self.where(block)} was sanitised: check what is left")

    def summary(self, block: _Block) -> Summary:
        """The TLDR list's Event, Challenge, Impact and Legacy; any other item stays in the story."""
        fields: dict[str, str] = {}
        items = _blocks(block.tokens[1:-1])
        for item in items:
            inline = next((token for token in item.tokens if token.type == "inline"), None)
            match = _TLDR_ITEM.fullmatch(inline.content.strip()) if inline is not None else None
            label = match["label"].strip().casefold() if match else None
            if match and label in _SUMMARY_FIELDS and label not in fields and (text := _plain(match["text"])):
                fields[label] = text
                self.drop(item)
            else:
                self.sanitise(item)
                self.notes.append(f"the TLDR item on {self.where(item)} is not part of the summary; "
                                  "it is kept in the story")
        if len(fields) == len(items):
            self.drop(block)
        return Summary(**fields)


def _is_separator(block: _Block) -> bool:
    """The blog's ``--`` between TLDR, story and question (a paragraph of dashes, not a rule)."""
    return (block.kind == "paragraph" and block.inline is not None
            and all(_SEPARATOR.fullmatch(line.strip()) for line in block.inline.content.strip().split("\n")))


def _only_image(block: _Block) -> PostImage | None:
    """The image of a paragraph that holds one image and nothing else."""
    if block.kind != "paragraph" or block.inline is None:
        return None
    children = [child for child in block.inline.children or []
                if child.type != "softbreak" and not (child.type == "text" and not child.content.strip())]
    if len(children) != 1 or children[0].type != "image":
        return None
    return PostImage(str(children[0].attrGet("src")), _plain(children[0].content))


def _one_cell(lines: Sequence[str]) -> str | None:
    """The text of a one-cell Markdown table (``|**question?**|``), or None."""
    rows = [line.strip() for line in lines if line.strip() and not _TABLE_DELIMITER.fullmatch(line.strip())]
    match = _ONE_CELL.fullmatch(rows[0]) if len(rows) == 1 else None
    if match is None:
        return None
    return _plain(match["cell"]) or None


def _html_fragments(tokens: Iterable[Token]) -> Iterable[str]:
    """Every piece of raw HTML in *tokens*, in source order: inline tags and HTML block lines."""
    for token in tokens:
        if token.type == "html_inline":
            yield token.content
        elif token.type == "html_block":
            yield from (line for line in token.content.split("\n") if line.strip())
        if token.children:
            yield from _html_fragments(token.children)


def _sanitise(source: str, fragments: Sequence[str], whole_html: bool) -> str:
    """Clean the raw HTML *fragments* of *source* with nh3, leaving the Markdown around them as written.

    The Markdown between fragments is held out as numbered placeholders, so nh3 sees the HTML
    structure whole (and drops a ``<script>``'s content with it) but never escapes Markdown.
    """
    held: list[str] = []
    html_text: list[str] = []
    cursor = 0
    for fragment in fragments:
        start = source.find(fragment, cursor)
        if start < 0:  # not where the parser said: sanitise it all, Markdown included
            return nh3.clean(source)
        held.append(source[cursor:start])
        html_text += [f"\ue000{len(held) - 1}\ue001", fragment]
        cursor = start + len(fragment)
    held.append(source[cursor:])
    html_text.append(f"\ue000{len(held) - 1}\ue001")
    cleaned = _HOLD.sub(lambda match: held[int(match[1])], nh3.clean("".join(html_text)))
    if whole_html:  # a blank line would end the HTML block early in Markdown
        cleaned = "\n".join(line for line in cleaned.split("\n") if line.strip())
    return cleaned


def _plain(markdown: str) -> str:
    """Inline Markdown (with any raw HTML) as plain text on one line: for front-matter values."""
    parts: list[str] = []
    for token in _MARKDOWN.parseInline(markdown.strip()):
        for child in token.children or []:
            if child.type == "html_inline":
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type in ("text", "code_inline", "image", "myst_role"):
                parts.append(html.escape(child.content, quote=False))
    return " ".join(html.unescape(nh3.clean("".join(parts), tags=set())).split())


def _join(lines: Sequence[str], dropped: set[int], replaced: dict[int, tuple[int, str]]) -> str:
    """The lines not dropped, with replacements; where blocks were dropped, one blank line is left."""
    kept: list[str] = []
    after_drop = False
    index = 0
    while index < len(lines):
        if index in replaced:
            end, text = replaced[index]
            line, index = text, end
        else:
            line, index = lines[index], index + 1
            if index - 1 in dropped:
                after_drop = True
                continue
        if not line.strip():
            if after_drop and (not kept or not kept[-1].strip()):
                continue
        else:
            after_drop = False
        kept.append(line)
    return "\n".join(kept).strip("\n")


def _unique(*groups: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        seen.update((item, None) for item in group if item)
    return list(seen)
