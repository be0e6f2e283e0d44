#!/usr/bin/env python3
"""pipespec benchmark suite: four comparisons, measured side by side in one run, printed as one table.

    python benchmarks/run.py            # full run (about 3-5 minutes on 2 cores)
    python benchmarks/run.py --quick    # smoke mode: small sizes, a few seconds (what CI runs)

The full run makes (or reuses) a virtual environment in ``benchmarks/_work/venv``, installs this checkout into
it with ``pip install`` (so the serialised parser is built as a user gets it) and installs the benchmark-only
peer ``check-jsonschema`` there.  Every input is generated into a temporary directory.  Ratios compare
processes measured in the same run on the same interpreter: absolute times from different runs or machines are
not comparable (these machines are noisy).

1. cold start: ``pipespec check`` of one typical ~30-line .pipe, as a whole process, vs ``python -c pass``
   (median of >= 10 interleaved runs), for the console script and for ``python -m pipespec``.
2. throughput: 2,000 generated typical specs (half DSL, half YAML) in one invocation with ``--jobs 2``;
   and DSL text parsed and checked per core (``--jobs 1`` over the DSL half).
3. scaling: pipelines of 100 .. 100,000 stages: process time and peak memory (max RSS).
4. peer: the same 2,000 pipelines as YAML through ``check-jsonschema --schemafile schema/pipeline.schema.json``
   vs ``pipespec check`` (one process each, so one core each; ``--jobs 2`` is shown as well).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # noqa: E402

DEFAULT_VENV = ROOT / "benchmarks" / "_work" / "venv"
PEER = "check-jsonschema"


# ----------------------------------------------------------------------------------------------- environment
class Env:
    """How to run pipespec and the peer: an interpreter, the console script, extra environment."""

    def __init__(self, python: str, script: str | None, peer: list[str] | None, env: dict[str, str], how: str):
        self.python, self.script, self.peer, self.env, self.how = python, script, peer, env, how
        self.cwd: Path | None = None  # the work directory: never the checkout, whose pipespec/ would shadow

    def pipespec(self, *args: str) -> list[str]:
        return [self.script, *args] if self.script else [self.python, "-m", "pipespec", *args]


def venv_env(venv: Path, install: bool) -> Env:
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / ("python.exe" if os.name == "nt" else "python")
    if not py.exists():
        print(f"[setup] creating {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = True
    if install:
        print("[setup] pip install . and check-jsonschema into the benchmark venv", file=sys.stderr)
        pip = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, PEER, str(ROOT)], check=True)
        # always the current checkout (the version number does not change between commits)
        subprocess.run([*pip, "--force-reinstall", "--no-deps", str(ROOT)], check=True, cwd=tempfile.gettempdir())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    peer = bindir / PEER
    return Env(str(py), str(bindir / "pipespec"), [str(peer)] if peer.exists() else None, env,
               f"venv {venv} (pip install of this checkout)")


def source_env() -> Env:
    """Quick mode: this interpreter, the package from the source tree (no install)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    peer_bin = shutil.which(PEER)
    return Env(sys.executable, None, [peer_bin] if peer_bin else None, env, "source tree, this interpreter")


# ----------------------------------------------------------------------------------------------- measuring
LAST_CPU = [0.0]  # CPU seconds (user + system) of the last run() and its worker processes


def run(cmd: list[str], env: Env, check_rc: tuple[int, ...] = (0, 1)) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env.env, cwd=env.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in check_rc:
        raise SystemExit(f"benchmark command failed ({p.returncode}): {' '.join(cmd[:6])} ...\n"
                         + p.stderr.decode(errors="replace")[-2000:])
    return dt


def median_interleaved(cmds: list[list[str]], env: Env, n: int) -> list[float]:
    """Median wall time of each command, runs interleaved so that machine noise hits all of them alike."""
    times: list[list[float]] = [[] for _ in cmds]
    for c in cmds:  # warm the page cache and the .pyc files
        run(c, env)
    for _ in range(n):
        for k, c in enumerate(cmds):
            times[k].append(run(c, env))
    return [statistics.median(t) for t in times]


_RSS = ("import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "dt = time.perf_counter() - t\n"
        "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n")


def time_and_rss(cmd: list[str], env: Env) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one process."""
    out = subprocess.run([sys.executable, "-c", _RSS, *cmd], env=env.env, cwd=env.cwd, capture_output=True,
                         text=True, check=True)
    dt, rss_kb, rc = out.stdout.split()
    if int(rc) not in (0, 1):
        raise SystemExit(f"scaling run failed ({rc}): {' '.join(cmd[:6])}\n{out.stderr[-2000:]}")
    return float(dt), int(rss_kb) / 1024


_SPIN = "import sys\ns = 0\nfor i in range(int(sys.argv[1])):\n    s += i * i\n"


def parallel_capacity(env: Env, n: int = 4_000_000) -> float:
    """How much faster two CPU-bound processes finish side by side than one after the other: about 2.0 on two
    free cores, about 1.0 when other work holds one of them (the --jobs rows are bounded by it)."""
    one = [env.python, "-c", _SPIN, str(n)]
    t = time.perf_counter()
    subprocess.run(one, check=True)
    subprocess.run(one, check=True)
    serial = time.perf_counter() - t
    t = time.perf_counter()
    procs = [subprocess.Popen(one) for _ in range(2)]
    for p in procs:
        p.wait()
    return serial / (time.perf_counter() - t)


def verify_report(path: Path, n: int) -> None:
    s = json.loads(path.read_text(encoding="utf-8"))["summary"]
    if s["files"] != n or s["input_errors"]:
        raise SystemExit(f"benchmark corpus not checked cleanly: {s['files']} files, {s['input_errors']} input errors")


def imported_modules(env: Env, args: list[str]) -> set[str]:
    p = subprocess.run([env.python, "-X", "importtime", "-m", "pipespec", *args], env=env.env, cwd=env.cwd,
                       capture_output=True, text=True)
    return {line.rsplit("|", 1)[1].strip() for line in p.stderr.splitlines() if line.startswith("import time:")}


# ----------------------------------------------------------------------------------------------- inputs
def typical_example(work: Path) -> Path:
    """The longest of the first 60 generated specs (about 30 lines)."""
    best = max((gen.typical_dsl(i) for i in range(60)), key=lambda t: t.count("\n"))
    p = work / "example.pipe"
    p.write_text(best, encoding="utf-8")
    return p


def corpus(work: Path, n: int) -> tuple[Path, Path, Path]:
    """``mixed/`` (n files: DSL and YAML alternating), ``dsl/`` (its DSL half), ``yaml/`` (all n as YAML)."""
    mixed, dsl, yaml_dir = work / "mixed", work / "dsl", work / "yaml"
    for d in (mixed, dsl, yaml_dir):
        d.mkdir()
    for i in range(n):
        text = gen.typical_dsl(i)
        y = gen.to_yaml(text)
        (yaml_dir / f"spec{i:05d}.yaml").write_text(y, encoding="utf-8")
        if i % 2 == 0:
            (mixed / f"spec{i:05d}.pipe").write_text(text, encoding="utf-8")
            (dsl / f"spec{i:05d}.pipe").write_text(text, encoding="utf-8")
        else:
            (mixed / f"spec{i:05d}.yaml").write_text(y, encoding="utf-8")
    return mixed, dsl, yaml_dir


# ----------------------------------------------------------------------------------------------- the table
class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, measured: str, ratio: float | None, target: str, ok: bool | None) -> None:
        r = "-" if ratio is None else f"{ratio:.2f}"
        self.rows.append((what, measured, r, target, "-" if ok is None else ("yes" if ok else "NO")))

    def text(self) -> str:
        head = ("comparison", "measured", "ratio", "target", "met")
        widths = [max(len(str(r[k])) for r in [head, *self.rows]) for k in range(5)]
        line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
        return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, self.rows)])

    def markdown(self) -> str:
        out = ["| comparison | measured | ratio | target | met |", "| --- | --- | ---: | --- | --- |"]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(out)


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines()
                   if x.startswith("MemTotal")) / 1024 / 1024
        mem_s = f", {mem:.0f} GiB RAM"
    except (OSError, StopIteration):
        mem_s = ""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores{mem_s}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


# ----------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke mode: small sizes, source tree, no install")
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="benchmark venv (full mode)")
    ap.add_argument("--no-install", action="store_true", help="reuse the venv as it is (no pip install)")
    ap.add_argument("--runs", type=int, help="cold-start runs (default 20; quick 3)")
    ap.add_argument("--files", type=int, help="throughput/peer corpus size (default 2000; quick 40)")
    ap.add_argument("--sizes", help="comma-separated stage counts (default 100,1000,10000,100000; quick 100,1000)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the throughput run (default 2)")
    ap.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    ap.add_argument("--keep", type=Path, help="generate inputs here and keep them (default: a temp dir)")
    a = ap.parse_args(argv)
    runs = a.runs or (3 if a.quick else 20)
    nfiles = a.files or (40 if a.quick else 2000)
    sizes = [int(s) for s in (a.sizes or ("100,1000" if a.quick else "100,1000,10000,100000")).split(",")]

    env = source_env() if a.quick else venv_env(a.venv, not a.no_install)
    work = Path(tempfile.mkdtemp(prefix="pipespec-bench-")) if a.keep is None else a.keep
    work.mkdir(parents=True, exist_ok=True)
    env.cwd = work
    table = Table()
    notes: list[str] = []
    try:
        # 1. cold start ------------------------------------------------------------------------------------
        ex = typical_example(work)
        cmds = [[env.python, "-c", "pass"], [env.python, "-m", "pipespec", "check", str(ex)]]
        if env.script:
            cmds.append(env.pipespec("check", str(ex)))
        base, *rest = median_interleaved(cmds, env, runs)
        lines = ex.read_text().count("\n")
        table.add(f"cold start: python -m pipespec check ({lines}-line .pipe) / python -c pass",
                  f"{rest[0] * 1000:.0f} ms / {base * 1000:.0f} ms", rest[0] / base, "<= 3.0", rest[0] / base <= 3)
        if env.script:
            table.add("cold start: pipespec (console script) check / python -c pass",
                      f"{rest[1] * 1000:.0f} ms / {base * 1000:.0f} ms", rest[1] / base, "<= 3.0", rest[1] / base <= 3)
        mods = imported_modules(env, ["check", str(ex)])
        heavy = sorted(m for m in mods if m.split(".")[0] in ("yaml", "jsonschema", "referencing", "lark"))
        notes.append(f"modules imported by a .pipe check: {len(mods)}; yaml/jsonschema/lark among them: "
                     + (", ".join(sorted({m.split('.')[0] for m in heavy})) or "none"))

        # 2. throughput ------------------------------------------------------------------------------------
        t0 = time.perf_counter()
        mixed, dsl, yaml_dir = corpus(work, nfiles)
        notes.append(f"generated {nfiles} specs in {time.perf_counter() - t0:.1f} s")
        out = work / "report.json"
        t = run(env.pipespec("check", "--jobs", str(a.jobs), "--format", "json", "-o", str(out), str(mixed)), env)
        verify_report(out, nfiles)
        rate, cpu = nfiles / t, LAST_CPU[0]
        table.add(f"throughput: {nfiles} mixed DSL+YAML specs, one invocation, --jobs {a.jobs}",
                  f"{rate:.0f} files/s ({t:.2f} s)", rate / 1000, ">= 1000 files/s", rate >= 1000)
        notes.append(f"throughput run: {cpu:.2f} CPU-s for {t:.2f} s wall ({cpu / t:.2f} cores busy; "
                     f"{nfiles / cpu:.0f} files per CPU-second); load average (1, 5, 15 min) after it: {load()}; "
                     f"two CPU-bound processes side by side ran {parallel_capacity(env):.2f}x as fast as one "
                     "after the other (2.0 on two free cores)")
        dsl_files = sorted(dsl.iterdir())
        dsl_bytes = sum(p.stat().st_size for p in dsl_files)
        t = run(env.pipespec("check", "--jobs", "1", "--format", "json", "-o", str(out), str(dsl)), env)
        verify_report(out, len(dsl_files))
        mbs = dsl_bytes / t / 1e6
        notes.append(f"DSL per core: {dsl_bytes / LAST_CPU[0] / 1e6:.2f} MB per CPU-second")
        table.add(f"throughput: DSL text parsed+checked per core ({len(dsl_files)} .pipe, "
                  f"{dsl_bytes / 1e6:.2f} MB, --jobs 1)", f"{mbs:.2f} MB/s", mbs / 1.0, ">= 1 MB/s", mbs >= 1.0)

        # 3. scaling ---------------------------------------------------------------------------------------
        lim = ["--max-bytes", str(1 << 30), "--max-stages", "10000000", "--max-nodes", "100000000"]
        res: dict[int, tuple[float, float]] = {}
        for n in sizes:
            f = work / f"large-{n}.pipe"
            f.write_text(gen.large_dsl(n), encoding="utf-8")
            res[n] = time_and_rss(env.pipespec("check", *lim, "--format", "json", "-o", str(work / "large.json"),
                                               str(f)), env)
        for n in sizes:
            t, rss = res[n]
            table.add(f"scaling: {n:,} stages (DSL, {Path(work / f'large-{n}.pipe').stat().st_size / 1e3:,.0f} kB)",
                      f"{t:.2f} s, {rss:.0f} MB peak", None, "", None)
        for lo, hi in zip(sizes, sizes[1:]):
            r = res[hi][0] / res[lo][0]
            bound = 1.1 * hi / lo
            table.add(f"scaling: t({hi:,}) / t({lo:,})", f"{res[hi][0]:.2f} s / {res[lo][0]:.2f} s", r,
                      f"<= {bound:.0f} (linear)", r <= bound)
        top = sizes[-1]
        table.add(f"scaling: peak memory at {top:,} stages", f"{res[top][1]:.0f} MB", res[top][1] / 500,
                  "<= 500 MB", res[top][1] <= 500)

        # 4. peer ------------------------------------------------------------------------------------------
        yfiles = [str(p) for p in sorted(yaml_dir.iterdir())]
        if env.peer is None:
            notes.append(f"peer comparison skipped: {PEER} is not installed (the full run installs it)")
        else:
            schema = str(ROOT / "schema" / "pipeline.schema.json")
            tp = run([*env.peer, "--schemafile", schema, *yfiles], env, check_rc=(0,))
            t1 = run(env.pipespec("check", "--jobs", "1", "--format", "json", "-o", str(out), *yfiles), env)
            verify_report(out, len(yfiles))
            t2 = run(env.pipespec("check", "--jobs", str(a.jobs), "--format", "json", "-o", str(out), *yfiles), env)
            table.add(f"peer: pipespec check --jobs 1 / check-jsonschema, {len(yfiles)} YAML specs",
                      f"{t1:.2f} s / {tp:.2f} s", t1 / tp, "<= 1.0", t1 / tp <= 1.0)
            table.add(f"peer: pipespec check --jobs {a.jobs} / check-jsonschema",
                      f"{t2:.2f} s / {tp:.2f} s", t2 / tp, "<= 1.0", t2 / tp <= 1.0)
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"pipespec benchmarks ({'quick smoke mode' if a.quick else 'full'}): {machine()}")
    print(f"pipespec from: {env.how}")
    print(table.text())
    for n in notes:
        print(f"note: {n}")
    if a.markdown:
        a.markdown.write_text(f"Machine: {machine()}\n\n{table.markdown()}\n\n"
                              + "".join(f"- {n}\n" for n in notes), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
