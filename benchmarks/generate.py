"""Write a synthetic Almanac site with N events: ``python benchmarks/generate.py N DIR [--plain]``.

The site uses the real project's configuration, templates and index pages, and the same content
model: people, missions, categories, citations, roles and the generated pages. The same N always
gives the same files. Its sources are clearly synthetic ("Synthetic source 12"): this is test data,
never content.

With ``--plain`` the same pages are written for plain Sphinx (MyST-Parser, sphinxcontrib-bibtex and
the same theme, without the ``almanac`` extension): titles as headings, facts as field lists, links
as Markdown links, year pages written out, no generated lists. It is the baseline the extension's
overhead is measured against.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
#: What the synthetic site takes from the real one, unchanged.
SHARED = ("conf.py", "index.md", "timeline.md", "bibliography.md", "_static", "people/index.md", "missions/index.md",
          "places/index.md")
#: The maps' outlines: linked, not copied (the synthetic site draws the real site's maps).
MAP_DATA = "map-data"
CATEGORIES = ("soviet-union", "united-states", "france", "japan", "china", "international", "spaceflight",
              "satellites", "spacewalks", "lunar-exploration", "space-stations", "accidents")
WORDS = ("orbit", "rocket", "capsule", "crew", "launch", "engine", "signal", "tracking", "station", "landing",
         "mission", "flight", "record", "design", "test", "module", "reentry", "parachute", "antenna", "fuel")
FIRST_YEAR, YEARS = 1900, 120  # a fixed span: more events make fuller years, not more of them
#: One event in five is a feature with a story, the others brief entries: the real corpus's mix (60 features
#: and 324 brief entries of 384 events when this was written).
FEATURE_EVERY = 5


@dataclass(frozen=True)
class Sizes:
    events: int
    people: int
    missions: int
    sources: int
    places: int

    @classmethod
    def for_events(cls, events: int) -> Sizes:
        return cls(events, max(20, events // 10), max(10, events // 5), max(10, events // 20), max(10, events // 25))


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(count: int, root: Path, plain: bool = False) -> None:
    rng = random.Random(count)
    sizes = Sizes.for_events(count)
    if root.exists():
        shutil.rmtree(root)
    for name in SHARED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            write(root / name, source.read_text(encoding="utf-8"))
    if (PROJECT / MAP_DATA).is_dir():
        (root / MAP_DATA).symlink_to(PROJECT / MAP_DATA)

    people = [f"person-{i}" for i in range(sizes.people)]
    missions = [f"mission-{i}" for i in range(sizes.missions)]
    sources = [f"source{i}" for i in range(sizes.sources)]
    places = [f"place-{i}" for i in range(sizes.places)]
    write(root / "references.bib", "".join(
        f"@book{{{key},\n  author = {{Author, Synthetic}},\n  title = {{Synthetic source {i}}},\n"
        f"  publisher = {{Almanac benchmark}},\n  year = {{2000}},\n}}\n\n" for i, key in enumerate(sources)))

    def link(kind: str, slug: str, name: str) -> str:
        folder = {"person": "people", "mission": "missions", "place": "places"}[kind]
        return f"[{name}](/{folder}/{slug}.md)" if plain else f"{{{kind}}}`{slug}`"

    for i, slug in enumerate(people):
        name = f"Person {i} Synthetic"
        facts = {"name": name, "born": f"{1900 + i % 80}-01-01", "nationality": "Synthetic", "roles": ["cosmonaut"]}
        write(root / "people" / f"{slug}.md", page(facts, name, f"{sentence(rng)} {{footcite:p}}`{rng.choice(sources)}`\n", plain))
    for i, slug in enumerate(places):
        name = f"Place {i}"
        # Spread over the Earth (and a few on the Moon), at fixed points: the same N, the same maps.
        facts = {"name": name, "kind": "launch site", "body": "Moon" if i % 10 == 9 else "Earth",
                 "coordinates": {"latitude": round(rng.uniform(-55, 70), 3), "longitude": round(rng.uniform(-180, 180), 3)},
                 **({} if i % 10 == 9 else {"country": "Synthetic"}), "sources": rng.sample(sources, 2)}
        write(root / "places" / f"{slug}.md", page(facts, name, f"{sentence(rng)} {{footcite:p}}`{rng.choice(sources)}`\n", plain))
    for i, slug in enumerate(missions):
        name = f"Mission {i}"
        crew = rng.sample(people, 2)
        facts = {"name": name, "program": "Synthetic", "agency": "Synthetic agency",
                 "launch": f"{FIRST_YEAR + i % YEARS}-06-01", "crew": crew, "spacecraft": "Synthetic craft",
                 "launch_site": rng.choice(places)}
        body = f"Flown by {link('person', crew[0], crew[0])}. {sentence(rng)} {{footcite:p}}`{rng.choice(sources)}`\n"
        write(root / "missions" / f"{slug}.md", page(facts, name, body, plain))

    years: dict[int, list[str]] = {}
    for i in range(count):
        year, month, day = FIRST_YEAR + i % YEARS, 1 + (i // YEARS) % 12, 1 + (i * 7) % 28
        stem = f"{year}-{month:02d}-{day:02d}-event-{i}"
        years.setdefault(year, []).append(stem)
        names, flown = rng.sample(people, 3), rng.sample(missions, 1)
        facts = {
            "title": f"Synthetic event {i}", "date": f"{year}-{month:02d}-{day:02d}", "added": "2026-01-01",
            "place": "Synthetic place", "places": rng.sample(places, 1), "people": names, "missions": flown,
            "categories": rng.sample(CATEGORIES, 2),
        }
        cite = rng.sample(sources, 2)
        if i % FEATURE_EVERY:
            # A brief entry: its summary and its sources, no story (the plain page cites the same two).
            facts |= {"summary": {"event": sentence(rng)}, "sources": cite}
            body = f"Sources: {{footcite:p}}`{cite[0]},{cite[1]}`\n" if plain else ""
            write(root / "events" / f"{stem}.md", page(facts, facts["title"], body, plain))
            continue
        facts |= {"summary": {"event": sentence(rng), "challenge": sentence(rng), "impact": sentence(rng),
                              "legacy": sentence(rng)},
                  "question": "What would you have done?"}
        paragraphs = [f"{link('person', names[0], names[0])} flew {link('mission', flown[0], flown[0])}. "
                      f"{sentence(rng)} {{footcite:p}}`{cite[0]}`"]
        paragraphs += [" ".join(sentence(rng) for _ in range(5)) + f" {{footcite:p}}`{cite[1]}`" for _ in range(4)]
        write(root / "events" / f"{stem}.md", page(facts, facts["title"], "## Story\n\n" + "\n\n".join(paragraphs) + "\n", plain))

    if plain:
        conf = (root / "conf.py").read_text(encoding="utf-8")
        conf = conf.replace('"almanac",', '"myst_parser", "sphinxcontrib.bibtex",')
        conf += '\nexclude_patterns += ["book", "on-this-day", "categories"]\nhtml_search_scorer = ""\n'
        write(root / "conf.py", conf)
        for name in ("index.md", "timeline.md", "people/index.md", "missions/index.md", "places/index.md", "bibliography.md"):
            path = root / name
            write(path, re.sub(r"```\{almanac-[^\n]*\n```\n?", "", path.read_text(encoding="utf-8")))
        index = (root / "index.md").read_text(encoding="utf-8")
        write(root / "index.md", index.replace("on-this-day/index\n", "").replace("categories/index\n", ""))
        for year, stems in years.items():
            write(root / "years" / f"{year}.md", f"# {year}\n\n```{{toctree}}\n:hidden:\n\n"
                  + "\n".join(f"/events/{stem}" for stem in sorted(stems)) + "\n```\n")


def page(facts: dict[str, object], title: str, body: str, plain: bool) -> str:
    """A page as Almanac reads it (front matter), or as plain Sphinx shows the same facts."""
    import yaml

    if not plain:
        return "---\n" + yaml.safe_dump(facts, allow_unicode=True, sort_keys=False) + "---\n\n" + body
    fields = []
    for key, value in facts.items():
        if isinstance(value, dict):
            fields += [f":{sub}: {text}" for sub, text in value.items()]
        elif isinstance(value, list):
            fields.append(f":{key}: {', '.join(map(str, value))}")
        else:
            fields.append(f":{key}: {value}")
    return f"# {title}\n\n" + "\n".join(fields) + "\n\n" + body + "\n## Sources\n\n```{footbibliography}\n```\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many events")
    parser.add_argument("root", type=Path, help="the folder to write (replaced if it exists)")
    parser.add_argument("--plain", action="store_true", help="the same pages for plain Sphinx (the baseline)")
    args = parser.parse_args()
    generate(args.count, args.root, args.plain)


if __name__ == "__main__":
    main()
