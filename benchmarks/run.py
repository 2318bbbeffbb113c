"""Measure Almanac's builds and pages, and write the figures to BENCHMARKS.md.

``python benchmarks/run.py [--sizes 250,1000,4000] [--runs 3] [--output BENCHMARKS.md]`` (``make bench``).

For each size N it generates a synthetic site (benchmarks/generate.py) and measures, as medians of
several runs: a full build with ``-j 1`` and ``-j auto``, a no-op rebuild, an incremental rebuild
after editing one event (and how many pages it rewrote), and the same pages built by plain Sphinx
without the extension (the overhead baseline); the peak memory of the serial build; the best ``-j``
for this machine; and, in headless Chromium, the size, requests and transfer of an event page.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import http.server
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
EDITED_EVENT = 1  # the event whose summary the incremental build changes


@dataclass
class Build:
    seconds: float
    peak_rss_mb: float
    written: int


@dataclass
class Size:
    events: int
    pages: int = 0
    full: dict[str, list[float]] = field(default_factory=dict)
    plain: dict[str, list[float]] = field(default_factory=dict)
    noop: list[float] = field(default_factory=list)
    incremental: list[float] = field(default_factory=list)
    rewritten: int = 0
    peak_rss_mb: float = 0.0


def sphinx(source: Path, out: Path, jobs: str, fresh: bool) -> Build:
    """One build in a child process; its peak memory is read from the grandchild's usage."""
    if fresh and out.exists():
        shutil.rmtree(out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")} if out.exists() else {}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", jobs, str(source), str(out)]
    measure = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
               "code = subprocess.run(sys.argv[1:]).returncode; "
               "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
    result = subprocess.run([sys.executable, "-c", measure, *command], capture_output=True, text=True)
    seconds, rss_kb, code = result.stdout.strip().splitlines()[-1].split()  # after what Sphinx printed
    if code != "0":
        raise SystemExit(f"build of {source} failed:\n{result.stderr[-2000:]}")
    written = sum(1 for p in out.rglob("*.html") if before.get(p) != p.stat().st_mtime_ns)
    return Build(float(seconds), int(rss_kb) / 1024, written)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure_size(count: int, runs: int, root: Path, jobs: list[str]) -> Size:
    site, plain = root / f"site-{count}", root / f"plain-{count}"
    generate(count, site)
    generate(count, plain, plain=True)
    size = Size(count)
    out = root / f"out-{count}"
    for run in range(runs):
        for j in jobs:
            build = sphinx(site, out, j, fresh=True)
            size.full.setdefault(j, []).append(build.seconds)
            if j == "1":
                size.peak_rss_mb = max(size.peak_rss_mb, build.peak_rss_mb)
            size.plain.setdefault(j, []).append(sphinx(plain, root / f"plain-out-{count}", j, fresh=True).seconds)
        size.noop.append(sphinx(site, out, "auto", fresh=False).seconds)
        event = sorted((site / "events").glob(f"*-event-{EDITED_EVENT}.md"))[0]
        # The summary shows on the event's year, day and category pages too: they must follow.
        event.write_text(event.read_text().replace("  event: ", f"  event: Edited {run}. ", 1), encoding="utf-8")
        build = sphinx(site, out, "auto", fresh=False)
        size.incremental.append(build.seconds)
        size.rewritten = build.written
    size.pages = sum(1 for _ in out.rglob("*.html"))
    shutil.rmtree(plain)
    return size


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


#: The pages whose first view is measured, by what they are.
WEIGHED_PAGES = ("event page", "front page", "calendar")


def page_weight(site_out: Path) -> dict[str, dict[str, float]]:
    """First view of an event page, the front page and the calendar in headless Chromium (a new
    visitor each): HTML size, requests, bytes transferred (gzip), everything the page loads included."""
    from playwright.sync_api import sync_playwright

    paths = dict(zip(WEIGHED_PAGES, (next(iter(sorted((site_out / "events").glob("*-event-1.html")))),
                                     site_out / "index.html", site_out / "on-this-day" / "index.html")))
    server, base = serve(site_out)
    result = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            for name, path in paths.items():
                bodies: list[bytes] = []
                context = browser.new_context()
                page = context.new_page()
                page.on("response", lambda response, into=bodies: into.append(response.body()))
                page.goto(base + str(path.relative_to(site_out)), wait_until="networkidle")
                context.close()
                result[name] = {"html_kb": path.stat().st_size / 1024, "requests": len(bodies),
                                "transfer_kb": sum(len(gzip.compress(body)) for body in bodies) / 1024}
            browser.close()
    finally:
        server.shutdown()
    return result


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import sphinx as sphinx_package

    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, Sphinx {sphinx_package.__version__}")


def report(sizes: list[Size], weights: dict[str, dict[str, float]], jobs_at_1000: dict[str, float],
           runs: int, elapsed: float) -> str:
    by_count = {size.events: size for size in sizes}
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/run.py) on synthetic sites from benchmarks/generate.py; "
        f"medians of {runs} runs (1 run for 4,000 events and more). Machine: {machine()}. "
        f"The whole run took {elapsed / 60:.0f} minutes.",
        "",
        "## Builds (seconds)",
        "",
        "| events | pages | full `-j 1` | full `-j auto` | plain Sphinx `-j 1` | plain `-j auto` | Almanac / plain (`-j 1`) | no-op | one event edited | pages rewritten | peak memory `-j 1` |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in sizes:
        full, plain = median(size.full["1"]), median(size.plain["1"])
        lines.append(f"| {size.events:,} | {size.pages:,} | {full:.1f} | {median(size.full['auto']):.1f} | {plain:.1f} | "
                     f"{median(size.plain['auto']):.1f} | {full / plain:.2f}× | {median(size.noop):.1f} | "
                     f"{median(size.incremental):.1f} | {size.rewritten} | {size.peak_rss_mb:.0f} MB |")
    lines += ["", "The plain Sphinx baseline builds the same events, people and missions with MyST-Parser, "
              "sphinxcontrib-bibtex and the same theme, without the extension: no validation, cards, "
              "generated lists, year, day or category pages (which the extension adds: the page count above).", ""]
    if jobs_at_1000:
        lines += ["## Parallel jobs at 1,000 events (seconds, full build)", "",
                  "| `-j` | " + " | ".join(jobs_at_1000) + " |", "| --- |" + " ---: |" * len(jobs_at_1000),
                  "| seconds | " + " | ".join(f"{v:.1f}" for v in jobs_at_1000.values()) + " |", ""]
    lines += weight_lines(weights)
    lines += ["## Targets", "", "| target | measured | met |", "| --- | --- | --- |"]

    def target(name: str, value: str, met: bool) -> None:
        lines.append(f"| {name} | {value} | {'yes' if met else 'no'} |")

    def best(runs_by_jobs: dict[str, list[float]]) -> float:
        return min(median(values) for values in runs_by_jobs.values())

    for size in sizes:
        ratio = best(size.full) / best(size.plain)
        target(f"full build at {size.events:,} events ≤ 0.5× plain Sphinx (best `-j` of each)",
               f"{ratio:.2f}× ({best(size.full):.1f} s vs {best(size.plain):.1f} s)", ratio <= 0.5)
    for small, large, limit in ((1000, 4000, 4.4), (1000, 10000, 10.5)):
        if small in by_count and large in by_count:
            ratio = best(by_count[large].full) / best(by_count[small].full)
            target(f"{large:,} vs {small:,} events, full build ≤ {limit}×", f"{ratio:.2f}×", ratio <= limit)
    for count, limit in ((1000, 0.10), (10000, 0.05)):
        if count in by_count:
            size = by_count[count]
            share = median(size.incremental) / best(size.full)
            target(f"one event edited at {count:,} events ≤ {100 * limit:.0f}% of a full build",
                   f"{100 * share:.0f}% ({size.rewritten} pages rewritten)", share <= limit)
    for size in sizes:
        target(f"peak memory at {size.events:,} events ≤ 3 GB", f"{size.peak_rss_mb:,.0f} MB", size.peak_rss_mb <= 3072)
    lines += weight_targets(weights)
    return "\n".join(lines) + "\n"


def weight_lines(weights: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    if not weights:
        return []
    lines = ["## First view in headless Chromium (a new visitor, everything the page loads)", "",
             "| site | page | HTML | requests | transferred (gzip) |", "| --- | --- | ---: | ---: | ---: |"]
    lines += [f"| {site} | {name} | {w['html_kb']:.1f} KB | {w['requests']:.0f} | {w['transfer_kb']:.0f} KB |"
              for site, pages in weights.items() for name, w in pages.items()]
    return [*lines, ""]


def weight_targets(weights: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    if "250 events" not in weights or "4,000 events" not in weights:
        return []
    small, large = weights["250 events"], weights["4,000 events"]
    rows = []

    def target(name: str, value: float, limit: float, unit: str = "×") -> None:
        rows.append(f"| {name} | {value:.2f}{unit} | {'yes' if value <= limit else 'no'} |")

    event, event_small = large["event page"], small["event page"]
    target("event page HTML 4,000 vs 250 events ≤ 1.15×", event["html_kb"] / event_small["html_kb"], 1.15)
    target("event page requests 4,000 vs 250 events ≤ 1.15×", event["requests"] / event_small["requests"], 1.15)
    rows.append(f"| first view of an event page ≤ 400 KB (gzip) | {event['transfer_kb']:.0f} KB | "
                f"{'yes' if event['transfer_kb'] <= 400 else 'no'} |")
    for name in ("front page", "calendar"):
        target(f"{name} transferred 4,000 vs 250 events ≤ 1.05×", large[name]["transfer_kb"] / small[name]["transfer_kb"], 1.05)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,4000", help="numbers of events, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (1 at 4,000 events and more)")
    parser.add_argument("--output", type=Path, default=PROJECT / "BENCHMARKS.md")
    parser.add_argument("--quick", action="store_true",
                        help="one -j auto build of each size and the page weights, printed (minutes); writes nothing")
    args = parser.parse_args()
    import playwright.sync_api  # noqa: F401  (fail now, not after half an hour of builds)

    started = time.perf_counter()
    counts = [int(value) for value in args.sizes.split(",")]
    if args.quick:
        quick(counts)
        return
    with tempfile.TemporaryDirectory(prefix="almanac-bench-") as temporary:
        root = Path(temporary)
        sizes = []
        for count in counts:
            sizes.append(measure_size(count, args.runs if count < 4000 else 1, root, ["1", "auto"]))
            print(f"{count} events: {sizes[-1]}", flush=True)  # progress, and the raw figures
        jobs_at_1000: dict[str, float] = {}
        if 1000 in counts:
            for jobs in ("1", "2", "3", "4"):
                jobs_at_1000[jobs] = sphinx(root / "site-1000", root / "jobs", jobs, fresh=True).seconds
        weights = {f"{count:,} events": page_weight(root / f"out-{count}") for count in (250, 4000) if count in counts}
        # The theme's own layout: the event page only (what the templates change).
        if 250 in counts:
            # The theme as it comes, for comparison: a site's own templates come before Almanac's,
            # so these put the theme's own layout and sidebar back.
            before = root / "site-250"
            (before / "_templates").mkdir(exist_ok=True)
            (before / "_templates" / "layout.html").write_text('{%- extends "!layout.html" %}\n')
            theme = Path(importlib.util.find_spec("sphinx_book_theme").origin).parent
            shutil.copy(theme / "theme/sphinx_book_theme/components/sbt-sidebar-nav.html", before / "_templates")
            (before / "conf.py").write_text((before / "conf.py").read_text() + '\ntemplates_path = ["_templates"]\n')
            sphinx(before, root / "before-250", "auto", fresh=True)
            theme_own = page_weight(root / "before-250")
            weights["250 events, the theme's own layout and sidebar"] = {"event page": theme_own["event page"]}
    text = report(sizes, weights, jobs_at_1000, args.runs, time.perf_counter() - started)
    args.output.write_text(text, encoding="utf-8")
    print(text)


def quick(counts: list[int]) -> None:
    """The quick profile: one full ``-j auto`` build of each size, and what a first view loads."""
    with tempfile.TemporaryDirectory(prefix="almanac-bench-") as temporary:
        root = Path(temporary)
        weights = {}
        for count in counts:
            generate(count, root / f"site-{count}")
            build = sphinx(root / f"site-{count}", root / f"out-{count}", "auto", fresh=True)
            print(f"{count} events: full build -j auto {build.seconds:.1f} s", flush=True)
            weights[f"{count:,} events"] = page_weight(root / f"out-{count}")
    print("\n".join([*weight_lines(weights), "| target | measured | met |", "| --- | --- | --- |",
                     *weight_targets(weights)]))


if __name__ == "__main__":
    main()
