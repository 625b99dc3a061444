#!/usr/bin/env python3
"""Benchmarks of the briefing generator (never run by the tests).

    .venv/bin/python bench/run.py --sizes 1000,10000     # the figures of the issue (10,000: ~1 h on 2 cores)
    .venv/bin/python bench/run.py --sizes 1000
    .venv/bin/python bench/run.py --quick                # 60 articles, a smoke test of the benchmark itself

For each size N, in a scratch project (a copy of mkdocs.yml and templates/, a
generated content/ folder of N articles from bench/make_corpus.py), every step
runs in its own subprocess, measured from outside:

1. bare   - bare `nlp.pipe`, same model, same cores, same texts (bench/bare_pipe.py)
2. extract- `briefing extract` on a fresh extraction cache
3. build  - `briefing build` from nothing (no cache, no pages, no site)
4. rebuild- one new article added (dated after all others), `briefing build` again (cache warm)
5. same   - `briefing build` once more, nothing changed
6. dask   - with --dask: `briefing extract` on a fresh cache by the local process pool, then on a Dask
            LocalCluster of one and of two single-threaded workers (`--dask local`)

Each step starts once the file system has written out what the steps before it wrote (os.sync): a
rebuild right after a full build is not timed while the full build's 1.3 GB of site is flushed.
Peak memory is the largest sum of the proportional set size (PSS, /proc/PID/
smaps_rollup) over a step's process tree, sampled every 0.25 s, so the
extraction workers count once each and shared pages are not double-counted;
the largest single process (getrusage maxrss) is shown too. Site size is the
bytes and files under site/ after the rebuild, and the pages MkDocs built.

Progress streams to stdout (each step's log lines, and a heartbeat every 30 s);
full logs are kept under WORKDIR/N/logs/. --profile adds a cProfile run of a
no-change rebuild and prints the top functions.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
GiB = 1024 ** 3
MiB = 1024 ** 2

TARGETS = {
    "throughput": 0.8,  # extract throughput / bare nlp.pipe throughput, at least
    "rebuild": 0.05,  # rebuild after adding one article / full build, at most (1,000 articles)
    "unchanged": 3.0,  # seconds of a rebuild with nothing changed, at most (1,000 articles)
    "rebuild_10k": 30.0,  # seconds of a rebuild after adding one article, at most (10,000 articles)
    "unchanged_10k": 15.0,  # seconds of a rebuild with nothing changed, at most (10,000 articles)
    "memory": 1.5 * GiB,  # peak memory at 10,000 articles, at most
    "linear": 1.25,  # bytes per page, largest size / smallest size, at most
}


# --------------------------------------------------------------------------- measuring a subprocess


@dataclass
class Run:
    label: str
    seconds: float = 0.0
    returncode: int = 0
    peak_pss: int = 0  # bytes, whole process tree
    peak_rss: int = 0  # bytes, whole process tree (shared pages counted in every process)
    max_single_rss: int = 0  # bytes, largest single process (getrusage)
    client_rss: int = 0  # bytes, peak of the command's own process (VmHWM), its children apart
    stdout: str = ""
    log: str = ""


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    pss = rss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return pss, rss


def _own_peak(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(label: str, cmd: list[str], cwd: Path, log_dir: Path, echo: int = 25, env: dict | None = None) -> Run:
    """Run cmd, stream its log, sample its memory; fail loudly on a non-zero exit."""
    print(f"  [{label}] $ {' '.join(map(str, cmd))}", flush=True)
    os.sync()  # the last step's writes reach the disk before this one is timed, not while it runs
    run = Run(label)
    began = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, errors="replace", env={**os.environ, **(env or {})})
    out_lines: list[str] = []
    log_lines: list[str] = []

    def read_out():
        for line in proc.stdout:
            out_lines.append(line)

    def read_log():
        for line in proc.stderr:
            log_lines.append(line)
            if len(log_lines) <= echo:
                print(f"    | {line.rstrip()[:200]}", flush=True)
            elif len(log_lines) == echo + 1:
                print("    | ... (more in the log file)", flush=True)

    done = threading.Event()

    def sample():
        last_beat = time.perf_counter()
        while not done.is_set():
            run.client_rss = max(run.client_rss, _own_peak(proc.pid))
            pss, rss = _memory(_tree(proc.pid))
            run.peak_pss, run.peak_rss = max(run.peak_pss, pss), max(run.peak_rss, rss)
            if time.perf_counter() - last_beat >= 30:
                last_beat = time.perf_counter()
                print(f"    . {label}: {last_beat - began:.0f}s, memory now {pss / MiB:.0f} MiB "
                      f"(peak {run.peak_pss / MiB:.0f} MiB)", flush=True)
            done.wait(0.25)

    threads = [threading.Thread(target=f, daemon=True) for f in (read_out, read_log, sample)]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    run.seconds = time.perf_counter() - began
    done.set()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join(timeout=10)
    run.returncode = proc.returncode
    run.max_single_rss = usage.ru_maxrss * 1024
    run.stdout, run.log = "".join(out_lines), "".join(log_lines)
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / f"{label}.log").write_text(run.log + "\n--- stdout ---\n" + run.stdout, encoding="utf-8")
    print(f"  [{label}] {run.seconds:.1f}s, peak {run.peak_pss / MiB:.0f} MiB PSS "
          f"({run.peak_rss / MiB:.0f} MiB RSS, largest process {run.max_single_rss / MiB:.0f} MiB), "
          f"exit {run.returncode}", flush=True)
    if run.returncode != 0:
        tail = "\n".join(run.log.splitlines()[-15:])
        raise SystemExit(f"bench: step {label} failed (exit {run.returncode}); log {log_dir / (label + '.log')}:\n{tail}")
    return run


# --------------------------------------------------------------------------- one size


@dataclass
class Result:
    size: int
    articles: int = 0
    actors: int = 0
    quotes: int = 0
    events: int = 0
    tokens: int = 0
    bare_s: float = 0.0  # whole bare process: read, load, pipe
    bare_pipe_s: float = 0.0  # the nlp.pipe loop alone
    extract_s: float = 0.0
    build_s: float = 0.0
    rebuild_s: float = 0.0
    unchanged_s: float = 0.0
    pool_s: float = 0.0  # extraction by the local process pool (the --dask step)
    dask_s: dict = field(default_factory=dict)  # workers -> seconds on a LocalCluster
    client_rss: dict = field(default_factory=dict)  # "pool" or workers -> peak RSS of the client process
    dask_same: bool | None = None  # the cluster's export byte for byte the pool's
    peak_pss: int = 0
    peak_step: str = ""
    max_single_rss: int = 0
    site_bytes: int = 0
    site_files: int = 0
    pages: int = 0
    search_index_bytes: int = 0
    runs: list = field(default_factory=list)

    @property
    def ratio(self) -> float:  # throughput(extract) / throughput(bare) on the same articles
        return self.bare_s / self.extract_s if self.extract_s else 0.0

    @property
    def rebuild_ratio(self) -> float:
        return self.rebuild_s / self.build_s if self.build_s else 0.0

    @property
    def bytes_per_page(self) -> float:
        return self.site_bytes / self.pages if self.pages else 0.0


def snapshot_code(workdir: Path) -> Path:
    """generator/, templates/ and mkdocs.yml as they are now, so that edits made while
    the benchmark runs cannot mix two versions; every step imports this copy."""
    snap = workdir / "snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    snap.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "generator", snap / "generator", ignore=ignore)
    shutil.copytree(ROOT / "templates", snap / "templates", ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", snap / "mkdocs.yml")
    return snap


def make_project(project: Path, snap: Path) -> None:
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy2(snap / "mkdocs.yml", project / "mkdocs.yml")
    if (project / "templates").exists():
        shutil.rmtree(project / "templates")
    shutil.copytree(snap / "templates", project / "templates")


def make_content(size: int, work: Path, args) -> tuple[Path, Path]:
    """N articles in content/ (reused when a previous run made the same ones) and article N aside, dated
    after all of them, as a freshly published article is."""
    content, extra = work / "content", work / "extra"
    stamp = work / "corpus.json"
    wanted = {"size": size, "seed": args.seed, "shared": str(args.shared), "extra": "newest"}
    fresh = not (stamp.exists() and json.loads(stamp.read_text()) == wanted
                 and sum(1 for _ in content.glob("*.md")) == size and any(extra.glob("*.md")))
    if fresh:
        for folder in (content, extra):
            shutil.rmtree(folder, ignore_errors=True)
        common = ["--seed", args.seed, "--shared", args.shared, "--total", size]
        measure("corpus", [PYTHON, BENCH / "make_corpus.py", content, "--count", size, *common], work, work / "logs")
        measure("corpus-extra", [PYTHON, BENCH / "make_corpus.py", extra, "--count", 1, "--start", size, "--newest",
                                 "-q", *common],
                work, work / "logs")
        stamp.write_text(json.dumps(wanted))
    else:
        print(f"  reusing the {size} generated articles in {content}", flush=True)
    return content, extra


def site_size(site: Path) -> tuple[int, int, int, int]:
    """(bytes, files, html pages, bytes of the search index)."""
    total = files = pages = search = 0
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            if path.suffix == ".html" and path.name != "404.html":
                pages += 1
            if path.name == "search_index.json":
                search += size
    return total, files, pages, search


def bench_size(size: int, args) -> Result:
    print(f"\n=== {size} articles ===", flush=True)
    work = args.workdir / str(size)
    work.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    content, extra = make_content(size, work, args)
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    make_project(project, args.snapshot)
    result = Result(size)
    briefing = [PYTHON, "-m", "generator.cli", "--project", project]  # the snapshot, through PYTHONPATH

    runs = []
    if "throughput" in args.steps:
        # 1. bare nlp.pipe
        bare = measure("bare", [PYTHON, BENCH / "bare_pipe.py", "--content", content, "--project", project], ROOT, logs)
        figures = json.loads(bare.stdout.strip().splitlines()[-1])
        result.bare_s, result.bare_pipe_s, result.tokens = bare.seconds, figures["pipe_s"], figures["tokens"]

        # 2. extraction on a fresh cache
        shutil.rmtree(project / ".cache", ignore_errors=True)
        extract = measure("extract", [*briefing, "extract", "--content", content, "--out", work / "extract.json"],
                          project, logs)
        result.extract_s = extract.seconds
        runs += [extract]

    # 3. full build from nothing
    for folder in (".cache", "build", "site"):
        shutil.rmtree(project / folder, ignore_errors=True)
    build = measure("build", [*briefing, "build", "--content", content, "--site", project / "site"], project, logs)
    result.build_s = build.seconds
    found = re.search(r"site: .* \((\d+) articles, (\d+) actors, (\d+) quotes, (\d+) events\)", build.log)
    if found:
        result.articles, result.actors, result.quotes, result.events = map(int, found.groups())

    runs += [build]  # the generator's steps
    # 4. one more article, cache warm
    if not args.skip_rebuild:
        for path in extra.glob("*.md"):
            shutil.copy2(path, content / path.name)
        try:
            rebuild = measure("rebuild", [*briefing, "build", "--content", content, "--site", project / "site"],
                              project, logs)
            unchanged = measure("same", [*briefing, "build", "--content", content, "--site", project / "site"],
                                project, logs)
            result.unchanged_s = unchanged.seconds
        finally:
            for path in extra.glob("*.md"):
                (content / path.name).unlink(missing_ok=True)
        result.rebuild_s = rebuild.seconds
        runs += [rebuild, unchanged]

    peak = max(runs, key=lambda r: r.peak_pss)
    result.peak_pss, result.peak_step = peak.peak_pss, peak.label
    result.max_single_rss = max(r.max_single_rss for r in runs)
    result.site_bytes, result.site_files, result.pages, result.search_index_bytes = site_size(project / "site")
    result.runs = [{k: v for k, v in asdict(r).items() if k not in ("stdout", "log")} for r in runs]

    if args.dask:
        bench_dask(result, project, content, work, logs, briefing)
    if args.profile:
        out = work / "rebuild.prof"
        measure("profile", [PYTHON, "-m", "cProfile", "-o", out, "-m", "generator.cli", "--project", project, "-q",
                            "build", "--content", content, "--site", project / "site"], project, logs)
        print_profile(out)
    if not args.keep:
        for folder in (".cache", "build", "site"):
            shutil.rmtree(project / folder, ignore_errors=True)
    return result


def bench_dask(result: Result, project: Path, content: Path, work: Path, logs: Path, briefing: list) -> None:
    """Extraction on a fresh cache: the process pool, then a LocalCluster of 1 and of 2 workers."""
    for label, workers in (("pool", 0), ("dask-1", 1), ("dask-2", 2)):
        folder = work / f"project-{label}"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(project / "templates", folder / "templates")
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        processes = workers or 2
        config = re.sub(r"(?m)^  briefing:.*$", f"  briefing:\n    processes: {processes}", config, count=1)
        (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
        cmd = [PYTHON, "-m", "generator.cli", "--project", folder, "extract", "--content", content,
               "--out", work / f"extract-{label}.json"] + (["--dask", "local"] if workers else [])
        run = measure(label, cmd, folder, logs)
        if workers:
            result.dask_s[workers] = run.seconds
        else:
            result.pool_s = run.seconds
        result.client_rss[label] = run.client_rss
        shutil.rmtree(folder, ignore_errors=True)
    same = (work / "extract-pool.json").read_bytes() == (work / "extract-dask-2.json").read_bytes()
    result.dask_same = same
    print(f"  [dask] export of the cluster {'identical to' if same else 'DIFFERS from'} the pool's", flush=True)


def print_profile(path: Path, top: int = 20) -> None:
    import io
    import pstats

    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        pstats.Stats(str(path), stream=buffer).sort_stats(order).print_stats(top)
        text = buffer.getvalue()
        print(f"\n  top {top} functions by {order} (no-change rebuild, {path}):")
        print("\n".join("    " + line for line in text[text.find("ncalls"):].splitlines()), flush=True)


# --------------------------------------------------------------------------- report


def report(results: list[Result]) -> bool:
    rows = [("articles", lambda r: f"{r.articles:,}"),
            ("actors / quotes / events", lambda r: f"{r.actors:,} / {r.quotes:,} / {r.events:,}"),
            ("bare nlp.pipe (whole process)",
             lambda r: f"{r.bare_s:.1f} s = {r.size / r.bare_s:.1f} art/s" if r.bare_s else "skipped"),
            ("  of which the pipe loop",
             lambda r: f"{r.bare_pipe_s:.1f} s = {r.tokens / r.bare_pipe_s:,.0f} tok/s" if r.bare_pipe_s else "skipped"),
            ("briefing extract (fresh cache)",
             lambda r: f"{r.extract_s:.1f} s = {r.size / r.extract_s:.1f} art/s" if r.extract_s else "skipped"),
            ("throughput ratio extract/bare", lambda r: f"{r.ratio:.2f}x" if r.extract_s else "skipped"),
            ("full build (nothing cached)", lambda r: f"{r.build_s:.1f} s"),
            ("rebuild after +1 article", lambda r: f"{r.rebuild_s:.1f} s" if r.rebuild_s else "skipped"),
            ("rebuild / full build", lambda r: f"{r.rebuild_ratio:.3f}" if r.rebuild_s else "skipped"),
            ("rebuild, nothing changed", lambda r: f"{r.unchanged_s:.1f} s" if r.unchanged_s else "skipped"),
            ("extract: process pool (2)", lambda r: f"{r.pool_s:.1f} s" if r.pool_s else "skipped"),
            ("extract: Dask local, 1 / 2 workers",
             lambda r: f"{r.dask_s[1]:.1f} s / {r.dask_s[2]:.1f} s" if r.dask_s else "skipped"),
            ("Dask 2 workers / pool throughput", lambda r: f"{r.pool_s / r.dask_s[2]:.2f}x" if r.dask_s else "skipped"),
            ("client RSS: pool / Dask 1 / Dask 2",
             lambda r: " / ".join(f"{r.client_rss[k] / MiB:.0f}" for k in ("pool", "dask-1", "dask-2")) + " MiB"
             if r.dask_s else "skipped"),
            ("peak memory (PSS, process tree)", lambda r: f"{r.peak_pss / GiB:.2f} GiB ({r.peak_step})"),
            ("largest single process (RSS)", lambda r: f"{r.max_single_rss / GiB:.2f} GiB"),
            ("site size", lambda r: f"{r.site_bytes / MiB:,.1f} MiB in {r.site_files:,} files"),
            ("HTML pages", lambda r: f"{r.pages:,}"),
            ("bytes per page", lambda r: f"{r.bytes_per_page / 1024:.1f} KiB"),
            ("search_index.json", lambda r: f"{r.search_index_bytes / MiB:.1f} MiB")]
    width = max(len(name) for name, _ in rows)
    cells = [[fmt(r) for r in results] for _, fmt in rows]
    col = max([len(c) for row in cells for c in row] + [12])
    print("\n" + " " * (width + 2) + "".join(f"{r.size:>{col + 2},}" for r in results))
    for (name, _), row in zip(rows, cells):
        print(f"{name:<{width + 2}}" + "".join(f"{c:>{col + 2}}" for c in row))

    print("\ntargets:")
    verdicts = []

    def verdict(text: str, ok: bool | None) -> None:
        verdicts.append(ok)
        print(f"  [{'n/a ' if ok is None else 'met ' if ok else 'MISS'}] {text}")

    for r in (r for r in results if r.extract_s):
        verdict(f"extraction throughput >= {TARGETS['throughput']}x bare nlp.pipe at {r.size:,}: {r.ratio:.2f}x",
                r.ratio >= TARGETS["throughput"])
    for r in (r for r in results if r.size == 1000 and r.rebuild_s):
        verdict(f"rebuild after adding one article to {r.size:,} <= {TARGETS['rebuild']}x full build: "
                f"{r.rebuild_s:.1f}s / {r.build_s:.1f}s = {r.rebuild_ratio:.3f}x", r.rebuild_ratio <= TARGETS["rebuild"])
        verdict(f"rebuild with nothing changed at {r.size:,} <= {TARGETS['unchanged']:.0f} s: {r.unchanged_s:.1f} s",
                r.unchanged_s <= TARGETS["unchanged"])
    for r in (r for r in results if r.size == 10000 and r.rebuild_s):
        verdict(f"rebuild after adding one article to {r.size:,} <= {TARGETS['rebuild_10k']:.0f} s: {r.rebuild_s:.1f} s",
                r.rebuild_s <= TARGETS["rebuild_10k"])
        verdict(f"rebuild with nothing changed at {r.size:,} <= {TARGETS['unchanged_10k']:.0f} s: "
                f"{r.unchanged_s:.1f} s", r.unchanged_s <= TARGETS["unchanged_10k"])
    for r in (r for r in results if r.dask_s):
        ratio = r.pool_s / r.dask_s[2]
        verdict(f"Dask LocalCluster of 2 workers >= 0.9x the process pool at {r.size:,}: {ratio:.2f}x", ratio >= 0.9)
        grows = r.client_rss["dask-2"] / r.client_rss["dask-1"] if r.client_rss["dask-1"] else float("inf")
        verdict(f"client memory does not grow with the workers: {r.client_rss['dask-1'] / MiB:.0f} MiB with 1, "
                f"{r.client_rss['dask-2'] / MiB:.0f} MiB with 2 ({grows:.2f}x, at most 1.1x)", grows <= 1.1)
        verdict("the cluster's export is byte for byte the pool's", r.dask_same)
    big = [r for r in results if r.size >= 10000]
    if big:
        for r in big:
            verdict(f"peak memory <= 1.5 GiB at {r.size:,}: {r.peak_pss / GiB:.2f} GiB", r.peak_pss <= TARGETS["memory"])
    else:
        worst = max(results, key=lambda r: r.peak_pss)
        verdict(f"peak memory <= 1.5 GiB at 10,000: not run (largest run {worst.size:,}: "
                f"{worst.peak_pss / GiB:.2f} GiB)", None)
    if len(results) >= 2:
        small, large = min(results, key=lambda r: r.size), max(results, key=lambda r: r.size)
        growth = large.bytes_per_page / small.bytes_per_page if small.bytes_per_page else float("inf")
        verdict(f"site size linear in pages: bytes/page {small.bytes_per_page / 1024:.1f} KiB at {small.size:,} -> "
                f"{large.bytes_per_page / 1024:.1f} KiB at {large.size:,} ({growth:.2f}x, at most "
                f"{TARGETS['linear']}x)", growth <= TARGETS["linear"])
    else:
        verdict("site size linear in pages: needs two sizes", None)
    return all(v is not False for v in verdicts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts (default 1000,10000)")
    parser.add_argument("--quick", action="store_true", help="one small run (60 articles) to try the benchmark")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="scratch folder (default: a new temporary folder); generated articles are reused")
    parser.add_argument("--keep", action="store_true", help="keep the cache, pages and site of each size")
    parser.add_argument("--profile", action="store_true", help="also profile a no-change rebuild (cProfile)")
    parser.add_argument("--skip-throughput", dest="steps", action="store_const", const={"build"},
                        default={"throughput", "build"},
                        help="skip the bare/extract throughput steps (build, rebuild, memory and size only)")
    parser.add_argument("--skip-rebuild", action="store_true", help="skip the rebuild after adding one article")
    parser.add_argument("--dask", action="store_true",
                        help="also extract on a Dask LocalCluster of 1 and 2 workers against the process pool")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = [60] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.workdir is None:
        args.workdir = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    args.workdir = args.workdir.resolve()
    args.snapshot = snapshot_code(args.workdir)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.snapshot), os.environ.get("PYTHONPATH")]))
    print(f"briefing benchmarks: sizes {sizes}, {os.cpu_count()} cores, work in {args.workdir}", flush=True)
    results = []
    for size in sizes:
        results.append(bench_size(size, args))
        if args.json:
            args.json.write_text(json.dumps([{**asdict(r), "ratio": r.ratio, "rebuild_ratio": r.rebuild_ratio}
                                             for r in results], indent=2))
    ok = report(results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
