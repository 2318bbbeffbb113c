"""``almanac import-jekyll``: posts of the original Jekyll blog become event pages.

:mod:`.jekyll` reads each post; this module finds the posts, proposes each page's file name
and the people and missions it names, writes the page (atomically, and never over an existing one
without ``--force``) and reports what was done and what an author still has to do. A post that
cannot be read writes nothing and does not stop the others.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from ..core.files import decode, write_atomically
from ..core.frontmatter import FrontMatterError, parse_front_matter
from ..core.model import EVENT_STEM, Kind, slugify
from ..core.problems import Finding
from ..core.project import directories
from .jekyll import Post, PostError, parse_post

Status = Literal["imported", "skipped", "failed"]
#: The kinds of page that imported text may name, besides events.
_NAMED_KINDS: tuple[Kind, ...] = ("person", "mission")

#: Alternative texts that describe nothing; the generated alt text then asks for a description.
_EMPTY_ALTS = frozenset({"", "image", "img", "picture", "photo"})
#: Words that start a sentence, not a name ("The Soviet Union" names the Soviet Union).
_NOT_NAMES = frozenset(
    "A An And As At Below But By During Every For From He Her His If In It Its Nobody Of On Or Our "
    "She That The Their Then There These They This Those To We When While With Yet".split()
)
_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
#: Capitalised words in a row, or a capitalised word and a number ("Apollo 11"): possible names.
_CAPITALISED_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'-]*(?:[ \t]+(?:[A-ZÀ-ÖØ-Þ][\w’'-]*|\d+\b))+")
_POSSESSIVE = re.compile(r"['’]s$")
_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class KnownPage:
    """A person or mission page of the knowledge base, which imported text may name."""

    kind: Kind
    slug: str
    name: str


@dataclass(frozen=True)
class Outcome:
    """What happened to one post."""

    #: The post, as found on the command line or in a folder given there.
    source: Path
    status: Status
    #: The event page written, or that would be, or that is in the way.
    target: Path | None = None
    #: Why the post was skipped or failed.
    reason: str = ""
    #: The line of the post the reason is about, if it is about one.
    line: int | None = None
    #: What an author still has to do on the imported page.
    attention: tuple[str, ...] = ()
    #: The page's text, for imported posts.
    text: str = ""


def find_posts(arguments: Iterable[str]) -> tuple[list[Path], list[Outcome]]:
    """The post files that *arguments* name (files, or folders of ``*.md``), and the arguments that name none."""
    posts: list[Path] = []
    missing: list[Outcome] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(path.glob("*.md"))
            posts += found
            if not found:
                missing.append(Outcome(path, "failed", reason="the folder has no *.md posts"))
        elif path.is_file():
            posts.append(path)
        else:
            missing.append(Outcome(path, "failed", reason="no such file or folder"))
    return posts, missing


def known_pages(root: Path) -> tuple[KnownPage, ...]:
    """Every person and mission page under *root* that has a name (broken pages are the build's to report)."""
    pages: list[KnownPage] = []
    folders = directories(root)
    for kind in _NAMED_KINDS:
        for path in sorted((root / folders[kind]).glob("*.md")):
            try:
                front_matter = parse_front_matter(path.read_text(encoding="utf-8"))
            except (FrontMatterError, UnicodeDecodeError):
                continue
            name = front_matter.values.get("name") if front_matter else None
            if isinstance(name, str) and name.strip():
                pages.append(KnownPage(kind, path.stem, name.strip()))
    return tuple(pages)


def _words_pattern(words: Sequence[str]) -> str:
    return r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"


def name_patterns(pages: Iterable[KnownPage]) -> dict[KnownPage, re.Pattern[str]]:
    """A pattern per page for its full name and, for a person, the family name if no one else has it."""
    pages = list(pages)
    family_names = [page.name.split()[-1] for page in pages if page.kind == "person"]
    patterns = {}
    for page in pages:
        alternatives = [_words_pattern(page.name.split())]
        family = page.name.split()[-1]
        if page.kind == "person" and len(page.name.split()) > 1 and family_names.count(family) == 1:
            alternatives.append(_words_pattern([family]))
        patterns[page] = re.compile("|".join(alternatives))
    return patterns


def mentioned(text: str, pages: Iterable[KnownPage]) -> list[KnownPage]:
    """The pages whose names *text* mentions, in the order it first mentions them."""
    positions = {page: match.start() for page, pattern in name_patterns(pages).items()
                 if (match := pattern.search(text))}
    return sorted(positions, key=positions.__getitem__)


def unknown_names(text: str, pages: Iterable[KnownPage], ignore: Iterable[str] = ()) -> list[str]:
    """Runs of capitalised words in *text* that may name people or missions the knowledge base lacks.

    A heuristic for the report: runs that contain a known name (or a known person's family name),
    and runs whose slug is in *ignore* (the post's country), are left out.
    """
    patterns = list(name_patterns(pages).values())
    ignored = set(ignore)
    found: dict[str, None] = {}
    for match in _CAPITALISED_RUN.finditer(text):
        words = [_POSSESSIVE.sub("", word) for word in match[0].split()]
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        candidate = " ".join(words)
        if (len(words) < 2 or words[0] in _MONTHS or slugify(candidate) in ignored
                or any(pattern.search(candidate) for pattern in patterns)):
            continue
        found[candidate] = None
    return list(found)


def propose_slug(post: Post) -> str | None:
    """The slug of the post's file name without its date, or else of its title; None if neither gives one.

    Leading numbers are dropped, since an event slug starts with a letter.
    """
    for text in (_DATE_PREFIX.sub("", Path(post.name).stem, count=1), post.title):
        words = slugify(text).split("-")
        while words and not words[0][:1].isalpha():
            words.pop(0)
        if words:
            return "-".join(words)
    return None


def image_alt(alt: str) -> str:
    """A TODO alternative text: the build reports it (``almanac.todo``) until an author writes one."""
    if alt.casefold() in _EMPTY_ALTS:
        return "TODO: describe what the image shows, for readers who cannot see it"
    return f"TODO: check the post's description of the image: {alt}"


IMAGE_CREDIT = "TODO: who made this image, and under what licence? The post does not say"


def render_page(post: Post, people: Sequence[str], missions: Sequence[str]) -> str:
    """The event page for *post*: content-model front matter (written by PyYAML) and the story."""
    values: dict[str, Any] = {"title": post.title, "date": post.date.iso(), "added": post.published.iso()}
    for key, items in (("people", people), ("missions", missions), ("categories", post.categories)):
        if items:
            values[key] = list(items)
    summary = {key: text for key, text in dataclasses.asdict(post.summary).items() if text}
    if summary:
        values["summary"] = summary
    if post.question:
        values["question"] = post.question
    if post.image is not None:
        values["image"] = {"file": post.image.file, "alt": image_alt(post.image.alt), "credit": IMAGE_CREDIT}
    front_matter = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=math.inf)
    return f"---\n{front_matter}---\n\n{post.story}"


class _Importer:
    """Imports posts into one events folder, remembering the pages it has planned this run."""

    def __init__(self, into: Path, force: bool, dry_run: bool) -> None:
        self.into = into
        self.root = into.parent
        self.force = force
        self.dry_run = dry_run
        self.pages = known_pages(self.root)
        #: Event pages by file stem: those on disk, then those planned by this run (with their post).
        self.events: dict[str, Path | None] = {path.stem: None for path in sorted(into.glob("*.md"))}

    def run(self, source: Path) -> Outcome:
        try:
            raw = source.read_bytes()
        except OSError as error:
            return Outcome(source, "failed", reason=f"cannot be read: {error.strerror}")
        text = decode(raw)
        if isinstance(text, Finding):
            return Outcome(source, "failed", reason=text.message, line=text.line)
        try:
            post = parse_post(text, source.name)
        except PostError as error:
            return Outcome(source, "failed", reason=error.reason, line=error.line)
        slug = propose_slug(post)
        if slug is None:
            return Outcome(source, "failed", reason="neither the file name nor the title gives a slug")
        stem = f"{post.date.iso()}-{slug}"
        target = self.into / f"{stem}.md"
        conflict = self._conflict(stem, slug)
        if conflict is not None:
            status, reason = conflict
            return Outcome(source, status, target, reason=reason)
        named = mentioned("\n".join([post.title, *_texts(post)]), self.pages)
        page = render_page(post, [p.slug for p in named if p.kind == "person"],
                           [m.slug for m in named if m.kind == "mission"])
        if not self.dry_run:
            try:
                write_atomically(target, page)
            except OSError as error:
                return Outcome(source, "failed", target, reason=f"cannot be written: {error.strerror}")
        self.events[stem] = source
        return Outcome(source, "imported", target, attention=self._attention(post, stem), text=page)

    def _conflict(self, stem: str, slug: str) -> tuple[Status, str] | None:
        """Why the page *stem* may not be written (the status and the reason), or None."""
        if stem in self.events:
            other = self.events[stem]
            if other is not None:
                return "failed", f"{other} is imported to the same page"
            return None if self.force else ("skipped", "the page already exists (--force replaces it)")
        for existing in self.events:
            match = EVENT_STEM.fullmatch(existing)
            if match is not None and match["slug"] == slug:
                return "skipped", f"{self.into / existing}.md already has the slug '{slug}'"
        return None

    def _attention(self, post: Post, stem: str) -> tuple[str, ...]:
        items = ["no citation yet: cite a source for the story with {footcite:p}`key` (a key of references.bib)"]
        if not self.pages:
            items.append(f"no people or missions pages found in {self.root}, so none were proposed")
        if post.image is not None:
            items.append("TODO fields to fill in: image.alt, image.credit")
            # As Sphinx resolves it: from the source folder if absolute, else from the page's folder.
            image = self.root / post.image.file.lstrip("/") if post.image.file.startswith("/") else self.into / post.image.file
            if not image.is_file():
                items.append(f"the image {post.image.file} is not in the knowledge base yet: copy it there")
        missing = [key for key, text in dataclasses.asdict(post.summary).items() if not text]
        if missing:
            items.append(f"the post's TLDR has no {', '.join(missing)}: the summary lacks them")
        if post.question is None:
            items.append("the post has no closing question")
        names = unknown_names("\n".join(_texts(post)), self.pages, post.categories)  # not the title: Title Case
        if names:
            items.append(f"names not in the knowledge base (add pages for the people and missions among them): "
                         f"{', '.join(names)}")
        same_day = [other for other in self.events if other != stem and other.startswith(post.date.iso() + "-")]
        items += [f"{self.into / other}.md is on the same day: check that it is not the same event" for other in same_day]
        return (*items, *post.notes)


def _texts(post: Post) -> list[str]:
    """The post's texts that may name people and missions, besides its title."""
    summary = [text for text in dataclasses.asdict(post.summary).values() if text]
    return [*summary, post.question or "", post.story]


def import_posts(arguments: Sequence[str], into: Path, force: bool = False, dry_run: bool = False) -> list[Outcome]:
    """Import every post that *arguments* name into *into*; one outcome per post, in order."""
    posts, outcomes = find_posts(arguments)
    importer = _Importer(into, force, dry_run)
    return outcomes + [importer.run(post) for post in posts]


def format_report(outcomes: Sequence[Outcome], dry_run: bool = False) -> str:
    """One line per post, then what needs an author's attention, then the counts."""
    lines = []
    for outcome in outcomes:
        label = "would import" if dry_run and outcome.status == "imported" else outcome.status
        where = f"{outcome.source}:{outcome.line}" if outcome.line else f"{outcome.source}"
        arrow = f" -> {outcome.target}" if outcome.target is not None else ""
        reason = f": {outcome.reason}" if outcome.reason else ""
        lines.append(f"{label:<12} {where}{arrow}{reason}")
    attention = [outcome for outcome in outcomes if outcome.attention]
    if attention:
        lines += ["", "Needs an author's attention:"]
        for outcome in attention:
            lines.append(f"{outcome.target}")
            lines += [f"  - {item}" for item in outcome.attention]
    counts = {status: sum(outcome.status == status for outcome in outcomes)
              for status in ("imported", "skipped", "failed")}
    imported = "would be imported" if dry_run else "imported"
    summary = f"{counts['imported']} {imported}, {counts['skipped']} skipped, {counts['failed']} failed."
    lines += ["", f"Dry run, nothing written: {summary}" if dry_run else summary]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """``almanac import-jekyll``: import, print the report; exit status 1 if any post failed."""
    into = Path(args.into) if args.into else Path(directories(Path("."))["event"])
    outcomes = import_posts(args.posts, into, force=args.force, dry_run=args.dry_run)
    if args.dry_run:
        for outcome in outcomes:
            if outcome.status == "imported":
                print(f"--- {outcome.target} (would be written)\n{outcome.text}")
    print(format_report(outcomes, dry_run=args.dry_run))
    return 1 if any(outcome.status == "failed" for outcome in outcomes) else 0
