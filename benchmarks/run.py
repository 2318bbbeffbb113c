"""Measure Almanac's builds and pages, and write the figures to BENCHMARKS.md.

``python benchmarks/run.py [--sizes 250,1000,4000,10000] [--runs 3] [--readthedocs 4000] [--output BENCHMARKS.md]``
(``make bench``; ``--quick`` for a profile in minutes).

For each size N it generates a synthetic site (benchmarks/generate.py) and measures, as medians of
several runs (one at 4,000 events and more): a full build with ``-j auto``, the same pages built by
plain Sphinx without the extension (the overhead baseline, not at 10,000 events), a no-op rebuild
(and the files it writes), one event edited (``-j 1`` and ``-j auto``, and the pages it rewrote),
the peak memory; then the best ``-j`` at 1,000 events; Read the Docs' whole build (HTML, LaTeX,
latexmk, EPUB, with its own commands); in headless Chromium, what a first view of an event page,
the front page and the calendar loads, and the time from a query to its first result; Lighthouse's
scores for each kind of page at the largest size.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import http.server
import io
import json
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
    written: list[str]  # output files (of any kind) the build wrote, relative to the output folder
    #: Of those, the ones whose bytes changed (when asked for: it reads every output twice).
    changed: list[str] = field(default_factory=list)


@dataclass
class Size:
    events: int
    pages: int = 0
    full: list[float] = field(default_factory=list)
    plain: list[float] = field(default_factory=list)
    noop: list[float] = field(default_factory=list)
    #: The files a no-op rebuild writes (with the same bytes: Sphinx's own, see the notes).
    noop_written: list[str] = field(default_factory=list)
    noop_changed: list[str] = field(default_factory=list)
    #: One event edited, by ``-j``: a serial rebuild avoids the parallel read's copying of the
    #: whole environment, so which is faster depends on the size.
    incremental: dict[str, list[float]] = field(default_factory=dict)
    rewritten: int = 0
    peak_rss_mb: float = 0.0


def _outputs(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} if out.exists() else {}


def _digests(out: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()}


def sphinx(source: Path, out: Path, jobs: str, fresh: bool, compare: bool = False) -> Build:
    """One build in a child process; its peak memory is read from the grandchild's usage."""
    if fresh and out.exists():
        shutil.rmtree(out)
    before = _outputs(out)
    digests = _digests(out) if compare else {}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", jobs, str(source), str(out)]
    measure = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
               "code = subprocess.run(sys.argv[1:]).returncode; "
               "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
    result = subprocess.run([sys.executable, "-c", measure, *command], capture_output=True, text=True)
    seconds, rss_kb, code = result.stdout.strip().splitlines()[-1].split()  # after what Sphinx printed
    if code != "0":
        raise SystemExit(f"build of {source} failed:\n{result.stderr[-2000:]}")
    # Sphinx's doctree pickles and environment are the build's memory, not its output.
    written = [str(p.relative_to(out)) for p, stamp in _outputs(out).items()
               if before.get(p) != stamp and ".doctrees" not in p.parts]
    changed = [str(p.relative_to(out)) for p, digest in _digests(out).items() if compare and digest != digests.get(p)
               and ".doctrees" not in p.parts]
    return Build(float(seconds), int(rss_kb) / 1024, sorted(written), sorted(changed))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


#: At this many events and more, each build runs once and plain Sphinx is not built (it would
#: take most of an hour at 10,000 events, and no target compares with it there).
LARGE = 4000
NO_PLAIN = 10000


def measure_size(count: int, runs: int, root: Path) -> Size:
    """Full builds (``-j auto``: both cores), the plain baseline, a no-op and an edited rebuild."""
    site, plain = root / f"site-{count}", root / f"plain-{count}"
    generate(count, site)
    if count < NO_PLAIN:
        generate(count, plain, plain=True)
    size = Size(count)
    out = root / f"out-{count}"
    for run in range(runs):
        build = sphinx(site, out, "auto", fresh=True)
        size.full.append(build.seconds)
        size.peak_rss_mb = max(size.peak_rss_mb, build.peak_rss_mb)
        if count < NO_PLAIN:
            size.plain.append(sphinx(plain, root / f"plain-out-{count}", "auto", fresh=True).seconds)
        noop = sphinx(site, out, "auto", fresh=False, compare=True)
        size.noop.append(noop.seconds)
        size.noop_written, size.noop_changed = noop.written, noop.changed
        event = sorted((site / "events").glob(f"*-event-{EDITED_EVENT}.md"))[0]
        for jobs in ("1", "auto"):
            # The summary shows on the event's year, day and category pages too: they must follow.
            event.write_text(event.read_text().replace("  event: ", f"  event: Edited {run}{jobs}. ", 1), encoding="utf-8")
            build = sphinx(site, out, jobs, fresh=False)
            size.incremental.setdefault(jobs, []).append(build.seconds)
            size.rewritten = sum(1 for name in build.written if name.endswith(".html"))
    size.pages = sum(1 for _ in out.rglob("*.html"))
    shutil.rmtree(plain, ignore_errors=True)
    shutil.rmtree(root / f"plain-out-{count}", ignore_errors=True)
    return size


_COMPRESSED: dict[Path, tuple[int, bytes]] = {}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a host would: text compressed with gzip when the browser accepts it."""

    COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".ics", ".txt")

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.is_file() or not path.name.endswith(self.COMPRESSED)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        stamp = path.stat().st_mtime_ns
        if _COMPRESSED.get(path, (None,))[0] != stamp:  # compressed once, as a host keeps it
            _COMPRESSED[path] = (stamp, gzip.compress(path.read_bytes(), mtime=0))
        body = _COMPRESSED[path][1]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that stopped reading
            super().handle_error(request, client_address)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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


#: Queries typed into the synthetic site's search: a title, a name, a place, words of the text.
SEARCH_QUERIES = ("synthetic event 4242", "person 17 synthetic", "place 12", "parachute antenna", "mission 77")
#: Records, in the page, when the first result appears: from the navigation that the query started.
FIRST_RESULT = """new MutationObserver((_, observer) => {
  if (document.querySelector("#search-results li")) { window.almanacFirstResult = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});"""


def search_speed(site_out: Path) -> dict[str, float]:
    """The search index's size, and the time from submitting a query to its first result in
    headless Chromium: a first visit (the index not yet cached) and a second query (cached)."""
    from playwright.sync_api import sync_playwright

    index = (site_out / "searchindex.js").read_bytes()
    server, base = serve(site_out)
    first: list[float] = []
    again: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in SEARCH_QUERIES:
                context = browser.new_context()
                context.add_init_script(FIRST_RESULT)
                page = context.new_page()
                for into in (first, again):
                    page.goto(f"{base}search.html?q={query.replace(' ', '+')}")
                    page.wait_for_function("window.almanacFirstResult !== undefined", timeout=60_000)
                    into.append(page.evaluate("window.almanacFirstResult"))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"index_kb": len(index) / 1024, "index_gzip_kb": len(gzip.compress(index)) / 1024,
            "first_ms": median(first), "again_ms": median(again)}


LIGHTHOUSE = PROJECT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_pages(site_out: Path) -> dict[str, str]:
    """The pages Lighthouse scores, by what they are: one of each kind a reader lands on."""
    def first(pattern: str) -> str:
        return str(next(iter(sorted(site_out.glob(pattern)))).relative_to(site_out))

    return {"front": "index.html", "calendar": "on-this-day/index.html", "day": first("on-this-day/[0-9]*.html"),
            "event": first("events/*.html"), "place": first("places/[!i]*.html"), "search": "search.html?q=apollo"}


def lighthouse(site_out: Path) -> dict[str, dict[str, float]]:
    """Lighthouse's scores (mobile defaults: a mid-range phone on a slow 4G network, simulated) for
    each page of :func:`lighthouse_pages`, the site served gzipped on loopback, Debian's Chromium."""
    server, base = serve(site_out)
    scores = {}
    try:
        for name, path in lighthouse_pages(site_out).items():
            result = subprocess.run(
                [str(LIGHTHOUSE), base + path, "--quiet", "--output=json", "--output-path=stdout",
                 f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}", f"--chrome-path={CHROMIUM}",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                capture_output=True, text=True, timeout=300)
            if result.returncode != 0:
                raise SystemExit(f"Lighthouse failed on {path}:\n{result.stderr[-2000:]}")
            report = json.loads(result.stdout)
            scores[name] = {category: report["categories"][category]["score"] for category in LIGHTHOUSE_CATEGORIES}
            scores[name]["failed"] = sorted(  # what cost points, for the notes
                audit_id for audit_id, audit in report["audits"].items()
                if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    finally:
        server.shutdown()
    return scores


#: What Read the Docs runs (see tests/test_readthedocs.py), one step after another, in its order.
RTD_ENV = {"READTHEDOCS": "True", "READTHEDOCS_PROJECT": "almanac", "READTHEDOCS_LANGUAGE": "en",
           "READTHEDOCS_VERSION": "latest", "READTHEDOCS_CANONICAL_URL": "https://almanac.readthedocs.io/en/latest/"}


def readthedocs_sequence(site: Path) -> dict[str, float]:
    """Seconds of each step of Read the Docs' build of *site*: HTML, LaTeX, latexmk, EPUB."""
    output, env = site / "_readthedocs", {**os.environ, **RTD_ENV}
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site / "_build", ignore_errors=True)
    steps = {}

    def run(name: str, command: list[str], cwd: Path) -> None:
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        steps[name] = time.perf_counter() - start
        if result.returncode != 0 and name != "latexmk":  # Read the Docs runs latexmk with -f
            raise SystemExit(f"{name} failed:\n{result.stderr[-2000:]}")

    def sphinx_step(builder: str, target: str) -> None:
        run(builder, [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", builder, "-d", "_build/doctrees",
                      "-D", "language=en", ".", str(output / target)], site)

    sphinx_step("html", "html")
    sphinx_step("latex", "pdf")
    run("latexmk", ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-jobname=almanac",
                    "-interaction=nonstopmode"], output / "pdf")
    sphinx_step("epub", "epub")
    pdf = output / "pdf" / "almanac.pdf"
    steps["pdf_pages"] = float(pdf_pages(pdf)) if pdf.exists() else 0.0
    steps["total"] = sum(steps[name] for name in ("html", "latex", "latexmk", "epub"))
    return steps


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import sphinx as sphinx_package

    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, Sphinx {sphinx_package.__version__}")


def report(sizes: list[Size], weights: dict[str, dict[str, float]], jobs_at_1000: dict[str, float],
           rtd: dict[int, dict[str, float]], search: dict[int, dict[str, float]],
           scores: dict[str, dict[str, float]], largest: int, runs: int, elapsed: float) -> str:
    by_count = {size.events: size for size in sizes}
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/run.py) on synthetic sites from benchmarks/generate.py; "
        f"medians of {runs} runs (1 run for {LARGE:,} events and more), at commit {commit()}. Machine: {machine()}. "
        f"The whole run took {elapsed / 60:.0f} minutes.",
        "",
        "## HTML builds (seconds, `-j auto`: both cores)",
        "",
        "| events | pages | full build | plain Sphinx | Almanac / plain | no-op | files a no-op writes (changed) | one event edited `-j 1` | `-j auto` | pages rewritten | peak memory |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in sizes:
        full, plain = median(size.full), median(size.plain)
        baseline = f"{plain:.1f} | {full / plain:.2f}×" if size.plain else "— | —"
        lines.append(f"| {size.events:,} | {size.pages:,} | {full:.1f} | {baseline} | "
                     f"{median(size.noop):.1f} | {len(size.noop_written)} ({len(size.noop_changed)}) | {median(size.incremental['1']):.1f} | "
                     f"{median(size.incremental['auto']):.1f} | {size.rewritten} | {size.peak_rss_mb:,.0f} MB |")
    lines += ["", "The plain Sphinx baseline builds the same events, people and missions with MyST-Parser, "
              "sphinxcontrib-bibtex and the same theme, without the extension: no validation, cards, "
              "generated lists, year, day or category pages (which the extension adds: the page count above). "
              f"It is not built at {NO_PLAIN:,} events. Peak memory is the largest process's.", ""]
    if jobs_at_1000:
        lines += ["## Parallel jobs at 1,000 events (seconds, full build)", "",
                  "| `-j` | " + " | ".join(jobs_at_1000) + " |", "| --- |" + " ---: |" * len(jobs_at_1000),
                  "| seconds | " + " | ".join(f"{v:.1f}" for v in jobs_at_1000.values()) + " |", ""]
    if rtd:
        lines += ["## Read the Docs' whole build (seconds; its commands, one after another, as it runs them)", "",
                  "| events | `sphinx -b html` | `-b latex` | `latexmk` | `-b epub` | total | PDF pages |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        lines += [f"| {count:,} | {t['html']:.0f} | {t['latex']:.0f} | {t['latexmk']:.0f} | {t['epub']:.0f} | "
                  f"{t['total']:.0f} | {t['pdf_pages']:,.0f} |" for count, t in rtd.items()]
        lines.append("")
    if search:
        lines += ["## Search in headless Chromium (the site served gzipped on loopback)", "",
                  "| events | searchindex.js | gzipped | query to first result, first visit | again (index cached) |",
                  "| ---: | ---: | ---: | ---: | ---: |"]
        lines += [f"| {count:,} | {s['index_kb']:,.0f} KB | {s['index_gzip_kb']:,.0f} KB | {s['first_ms']:.0f} ms | "
                  f"{s['again_ms']:.0f} ms |" for count, s in search.items()]
        lines += ["", f"Medians over the queries {', '.join(repr(q) for q in SEARCH_QUERIES)}.", ""]
    if scores:
        lines += [f"## Lighthouse at {largest:,} events (mobile defaults, served gzipped on loopback, Debian's Chromium)", "",
                  "| page | performance | accessibility | best practices | SEO | audits below 0.9 |",
                  "| --- | ---: | ---: | ---: | ---: | --- |"]
        lines += [f"| {name} | {v['performance']:.2f} | {v['accessibility']:.2f} | {v['best-practices']:.2f} | "
                  f"{v['seo']:.2f} | {', '.join(v['failed']) or 'none'} |" for name, v in scores.items()]
        lines.append("")
    lines += weight_lines(weights)
    lines += ["## Targets", "", "| target | measured | met |", "| --- | --- | --- |"]

    def target(name: str, value: str, met: bool) -> None:
        lines.append(f"| {name} | {value} | {'yes' if met else 'no'} |")

    for size in sizes:
        if size.plain:
            ratio = median(size.full) / median(size.plain)
            target(f"full build at {size.events:,} events ≤ 0.5× plain Sphinx (`-j auto`)",
                   f"{ratio:.2f}× ({median(size.full):.1f} s vs {median(size.plain):.1f} s)", ratio <= 0.5)
    for small, large, limit in ((1000, 4000, 4.4), (1000, 10000, 10.5)):
        if small in by_count and large in by_count:
            ratio = median(by_count[large].full) / median(by_count[small].full)
            target(f"{large:,} vs {small:,} events, full build ≤ {limit}×", f"{ratio:.2f}×", ratio <= limit)
    for count, limit in ((1000, 0.10), (10000, 0.05)):
        if count in by_count:
            size = by_count[count]
            best = min(size.incremental, key=lambda jobs: median(size.incremental[jobs]))
            share = median(size.incremental[best]) / median(size.full)
            target(f"one event edited at {count:,} events ≤ {100 * limit:.0f}% of a full build",
                   f"{100 * share:.1f}% (`-j {best}`, {median(size.incremental[best]):.1f} s; {size.rewritten} pages rewritten)",
                   share <= limit)
    for size in sizes:
        target(f"a no-op rebuild at {size.events:,} events writes no file",
               f"{len(size.noop_written)} written, {len(size.noop_changed)} changed"
               + (f" ({', '.join(size.noop_written)})" if size.noop_written else ""), not size.noop_written)
        target(f"peak memory at {size.events:,} events ≤ 3 GB", f"{size.peak_rss_mb:,.0f} MB", size.peak_rss_mb <= 3072)
    for count, steps in rtd.items():
        target(f"Read the Docs' whole build at {count:,} events ≤ 600 s", f"{steps['total']:.0f} s", steps["total"] <= 600)
        target("largest corpus within Read the Docs' 900 s (linear estimate from this size)",
               f"about {900 / steps['total'] * count:,.0f} events", True)
    if largest in search:
        first = search[largest]["first_ms"]
        target(f"search at {largest:,} events: query to first result ≤ 300 ms (first visit)", f"{first:.0f} ms", first <= 300)
    for name, v in scores.items():
        met = v["performance"] >= 0.95 and all(v[c] == 1 for c in LIGHTHOUSE_CATEGORIES[1:])
        target(f"Lighthouse, {name} page: performance ≥ 0.95, the others 1.0",
               " / ".join(f"{v[c]:.2f}" for c in LIGHTHOUSE_CATEGORIES), met)
    lines += weight_targets(weights, largest)
    return "\n".join(lines) + "\n"


def weight_lines(weights: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    if not weights:
        return []
    lines = ["## First view in headless Chromium (a new visitor, everything the page loads)", "",
             "| site | page | HTML | requests | transferred (gzip) |", "| --- | --- | ---: | ---: | ---: |"]
    lines += [f"| {site} | {name} | {w['html_kb']:.1f} KB | {w['requests']:.0f} | {w['transfer_kb']:.0f} KB |"
              for site, pages in weights.items() for name, w in pages.items()]
    return [*lines, ""]


def weight_targets(weights: dict[str, dict[str, dict[str, float]]], largest: int) -> list[str]:
    if "250 events" not in weights or f"{largest:,} events" not in weights or largest == 250:
        return []
    small, large = weights["250 events"], weights[f"{largest:,} events"]
    rows = []

    def target(name: str, value: float, limit: float, unit: str = "×") -> None:
        rows.append(f"| {name} | {value:.2f}{unit} | {'yes' if value <= limit else 'no'} |")

    event, event_small = large["event page"], small["event page"]
    target(f"event page HTML {largest:,} vs 250 events ≤ 1.15×", event["html_kb"] / event_small["html_kb"], 1.15)
    target(f"event page requests {largest:,} vs 250 events ≤ 1.15×", event["requests"] / event_small["requests"], 1.15)
    rows.append(f"| first view of an event page ≤ 400 KB (gzip) | {event['transfer_kb']:.0f} KB | "
                f"{'yes' if event['transfer_kb'] <= 400 else 'no'} |")
    for name in ("front page", "calendar"):
        target(f"{name} transferred {largest:,} vs 250 events ≤ 1.05×", large[name]["transfer_kb"] / small[name]["transfer_kb"], 1.05)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,4000,10000", help="numbers of events, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help=f"runs of each build (1 at {LARGE:,} events and more)")
    parser.add_argument("--readthedocs", default="4000",
                        help="sizes (of --sizes) at which Read the Docs' whole build is measured; '' for none")
    parser.add_argument("--output", type=Path, default=PROJECT / "BENCHMARKS.md")
    parser.add_argument("--quick", action="store_true",
                        help="one -j auto build of each size and the page weights, printed (minutes); writes nothing")
    args = parser.parse_args()
    import playwright.sync_api  # noqa: F401  (fail now, not after half an hour of builds)

    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: make bench installs it (npm ci --prefix benchmarks/lighthouse)")
    started = time.perf_counter()
    counts = [int(value) for value in args.sizes.split(",")]
    if args.quick:
        quick(counts)
        return
    largest = max(counts)
    with tempfile.TemporaryDirectory(prefix="almanac-bench-") as temporary:
        root = Path(temporary)
        sizes = []
        for count in counts:
            sizes.append(measure_size(count, args.runs if count < LARGE else 1, root))
            print(f"{count} events: {sizes[-1]}", flush=True)  # progress, and the raw figures
        jobs_at_1000: dict[str, float] = {}
        if 1000 in counts:
            for jobs in ("1", "2", "3", "4"):
                jobs_at_1000[jobs] = sphinx(root / "site-1000", root / "jobs", jobs, fresh=True).seconds
            shutil.rmtree(root / "jobs")
        if 250 not in counts:  # the small site every page weight is compared with
            generate(250, root / "site-250")
            sphinx(root / "site-250", root / "out-250", "auto", fresh=True)
        weights = {f"{count:,} events": page_weight(root / f"out-{count}") for count in sorted({250, largest})}
        search = {count: search_speed(root / f"out-{count}") for count in sorted({min(counts), largest})}
        print(f"search: {search}", flush=True)
        scores = lighthouse(root / f"out-{largest}")
        print(f"lighthouse: {scores}", flush=True)
        # The theme's own layout: the event page only (what the templates change).
        before = root / "site-250"
        # The theme as it comes, for comparison: a site's own templates come before Almanac's,
        # so these put the theme's own layout and sidebar back.
        (before / "_templates").mkdir(exist_ok=True)
        (before / "_templates" / "layout.html").write_text('{%- extends "!layout.html" %}\n')
        theme = Path(importlib.util.find_spec("sphinx_book_theme").origin).parent
        shutil.copy(theme / "theme/sphinx_book_theme/components/sbt-sidebar-nav.html", before / "_templates")
        (before / "conf.py").write_text((before / "conf.py").read_text() + '\ntemplates_path = ["_templates"]\n')
        sphinx(before, root / "before-250", "auto", fresh=True)
        theme_own = page_weight(root / "before-250")
        weights["250 events, the theme's own layout and sidebar"] = {"event page": theme_own["event page"]}
        rtd = {}
        for count in (int(value) for value in args.readthedocs.split(",") if value):
            if count in counts:
                rtd[count] = readthedocs_sequence(root / f"site-{count}")
                print(f"Read the Docs at {count}: {rtd[count]}", flush=True)
    text = report(sizes, weights, jobs_at_1000, rtd, search, scores, largest, args.runs, time.perf_counter() - started)
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
                     *weight_targets(weights, max(counts))]))


if __name__ == "__main__":
    main()
