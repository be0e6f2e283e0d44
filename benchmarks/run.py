#!/usr/bin/env python3
"""pipespec benchmark suite: the comparisons, measured side by side in one run, printed as one table.

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
5. drawing: the stage graph pipespec draws (report and page) against Graphviz ``dot`` top to bottom, on the shipped
   examples, a 15-stage hybrid study and a generated 42-stage multi-sequence study (benchmarks/graphs/): label
   overlaps, edges through boxes, crossing edge pairs, area (``--drawing`` prints these rows alone).

``--baseline REF`` also installs commit REF (``git archive`` into a temporary directory, ``pip install`` into a
venv cached under ``benchmarks/_work/``) and measures every pipespec figure for this checkout and for REF in the
same run, alternating the two so that machine noise hits both alike; it prints each as a ratio, higher is better
(baseline time / current time, baseline memory / current memory), against the bar 0.95.  A second table holds the
targets against the baseline: DSL text checked per CPU-second (``--jobs 1`` over at least 1,000 generated .pipe
files both read cleanly) at least 1.6x the baseline's, a cold ``pipespec check`` at most 6x ``python -c pass``,
peak memory at the largest size no higher, and, as a reference, libyaml (PyYAML's CSafeLoader) parsing the same
pipelines written as YAML, parse only, texts already read.  With ``--quick`` the
current checkout is pip-installed too (into ``benchmarks/_work/venv-current``), so both sides run as a user gets
them.  Without ``.git`` (an unpacked archive) ``--quick`` skips the baseline with a note.
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
from collections.abc import Callable
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


def venv_env(venv: Path, install: bool, with_peer: bool = True) -> Env:
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / ("python.exe" if os.name == "nt" else "python")
    if not py.exists():
        print(f"[setup] creating {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = True
    if install:
        print(f"[setup] pip install .{' and ' + PEER if with_peer else ''} into {venv}", file=sys.stderr)
        pip = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, *([PEER] if with_peer else []), str(ROOT)], check=True, cwd=tempfile.gettempdir())
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


def baseline_env(ref: str, cache: Path) -> Env:
    """Commit ``ref`` of this repository, installed (once per commit) into a venv under ``cache``."""
    rev = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=ROOT, capture_output=True,
                         text=True)
    if rev.returncode != 0:
        raise SystemExit(f"--baseline {ref}: not a commit of this repository ({rev.stderr.strip()})")
    sha = rev.stdout.strip()
    venv = cache / f"baseline-{sha[:12]}"
    bindir = venv / "bin"
    marker = venv / ".pipespec-installed"
    if not marker.exists():
        import tarfile

        shutil.rmtree(venv, ignore_errors=True)
        print(f"[setup] installing baseline {ref} ({sha[:12]}) into {venv}", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="pipespec-baseline-") as tmp:
            archive = subprocess.run(["git", "archive", "--format=tar", sha], cwd=ROOT, capture_output=True,
                                     check=True).stdout
            import io

            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(tmp, filter="data")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            tmp], check=True, cwd=tempfile.gettempdir())
        marker.write_text(sha + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return Env(str(bindir / "python"), str(bindir / "pipespec"), None, env, f"baseline {ref} ({sha[:12]}), {venv}")


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


# ----------------------------------------------------------------------------------------------- the baseline
BAR = 0.95  # every figure at least this fraction of the baseline's


def paired(cmd: Callable[[Env], list[str]], envs: tuple[Env, Env], n: int,
           check: Callable[[], None] | None = None) -> tuple[float, float]:
    """Median wall time of the same command for the current and the baseline install, runs alternating."""
    times: tuple[list[float], list[float]] = ([], [])
    for k in range(n):
        order = (0, 1) if k % 2 == 0 else (1, 0)
        for i in order:
            times[i].append(run(cmd(envs[i]), envs[i]))
            if check is not None and k == 0:
                check()
    return statistics.median(times[0]), statistics.median(times[1])


# interleaved runs of each side for the throughput and per-CPU-second figures against a baseline (their medians:
# three runs left a 0.05 ratio to one slow run on a shared machine)
THROUGHPUT_RUNS = 7
DSL_CPU_FILES = 1000  # the DSL corpus of the per-CPU-second figure (at least this many files, quick mode too)
DSL_TARGET, DSL_STRETCH, COLD_TARGET = 1.6, 2.0, 6.0

_LIBYAML = ("import sys, time, yaml\n"
            "texts = [open(p, encoding='utf-8').read() for p in sys.argv[1:]]\n"
            "load, loader = yaml.load, yaml.CSafeLoader\n"
            "best = None\n"
            "for _ in range(3):\n"
            "    t = time.process_time()\n"
            "    for text in texts:\n"
            "        load(text, Loader=loader)\n"
            "    dt = time.process_time() - t\n"
            "    best = dt if best is None else min(best, dt)\n"
            "print(best)\n")


def libyaml_cpu(python: str, files: list[Path]) -> float | None:
    """CPU seconds libyaml (PyYAML's CSafeLoader) takes to parse ``files``, texts already read (parse only, best
    of three); None without libyaml."""
    probe = subprocess.run([python, "-c", "import yaml; print(yaml.__with_libyaml__)"], capture_output=True,
                           text=True)
    if probe.stdout.strip() != "True":
        return None
    out = subprocess.run([python, "-c", _LIBYAML, *map(str, files)], capture_output=True, text=True, check=True)
    return float(out.stdout)


def compare(cur: Env, base: Env, work: Path, ex: Path, mixed: Path, dsl: Path, yaml_dir: Path, sizes: list[int],
            runs: int, jobs: int) -> tuple[Table, Table]:
    """Every pipespec figure for both installs; ratio = baseline cost / current cost (>= BAR to pass). Also the
    targets against the baseline: DSL text checked per CPU-second, cold start against ``python -c pass``, and
    libyaml parsing the same pipelines as YAML as a reference."""
    envs = (cur, base)
    table = Table(("figure", "current", "baseline", "ratio", f"bar >= {BAR}"))
    targets = Table(("target", "current", "baseline", "ratio", "met"))
    out = work / "compare.json"

    def add(what: str, c: float, b: float, unit: str, fmt: str = "{:.3f}") -> None:
        ratio = b / c if c else float("inf")
        table.rows.append((what, fmt.format(c) + unit, fmt.format(b) + unit, f"{ratio:.2f}",
                           "yes" if ratio >= BAR else "NO"))

    # cold start, each side and python -c pass interleaved (pass timed in the current side's interpreter)
    cold: dict[str, list[float]] = {"pass": [], "cur-m": [], "base-m": [], "cur": [], "base": []}
    cmds = {"pass": ([cur.python, "-c", "pass"], cur),
            "cur-m": ([cur.python, "-m", "pipespec", "check", str(ex)], cur),
            "base-m": ([base.python, "-m", "pipespec", "check", str(ex)], base),
            "cur": (cur.pipespec("check", str(ex)), cur), "base": (base.pipespec("check", str(ex)), base)}
    for cmd, env in cmds.values():  # warm the page cache and the .pyc files
        run(cmd, env)
    names = list(cmds)
    for k in range(max(runs, 5)):
        for name in names[k % len(names):] + names[:k % len(names)]:
            cold[name].append(run(*cmds[name]))
    med = {name: statistics.median(t) for name, t in cold.items()}
    add("cold start: python -m pipespec check (s)", med["cur-m"], med["base-m"], " s")
    add("cold start: pipespec check, console script (s)", med["cur"], med["base"], " s")
    c, b = med["cur"] / med["pass"], med["base"] / med["pass"]
    targets.rows.append((f"cold start: pipespec check / python -c pass ({med['pass'] * 1000:.0f} ms), <= {COLD_TARGET}",
                         f"{c:.2f}x ({med['cur'] * 1000:.0f} ms)", f"{b:.2f}x ({med['base'] * 1000:.0f} ms)",
                         f"{b / c:.2f}", "yes" if c <= COLD_TARGET else "NO"))

    n_mixed = len(list(mixed.iterdir()))
    for name, folder, j, n in (("throughput: mixed DSL+YAML", mixed, jobs, n_mixed),
                               ("throughput: DSL, --jobs 1", dsl, 1, len(list(dsl.iterdir()))),
                               ("throughput: YAML, --jobs 1", yaml_dir, 1, len(list(yaml_dir.iterdir())))):
        def each(e: Env, folder: Path = folder, j: int = j) -> list[str]:
            return e.pipespec("check", "--jobs", str(j), "--format", "json", "-o", str(out), str(folder))
        def valid(n: int = n) -> None:  # the corpus is valid for both languages
            verify_report(out, n)

        c, b = paired(each, envs, THROUGHPUT_RUNS, check=valid)
        add(f"{name} ({n} files, --jobs {j})", c, b, " s", "{:.2f}")

    # DSL text checked per CPU-second, on a corpus both read cleanly (verified for each side)
    cpu_dir = dsl
    if len(list(dsl.iterdir())) < DSL_CPU_FILES:
        cpu_dir = work / "dsl-cpu"
        cpu_dir.mkdir(exist_ok=True)
        for i in range(DSL_CPU_FILES):
            (cpu_dir / f"spec{i:05d}.pipe").write_text(gen.typical_dsl(i, seed=1), encoding="utf-8")
    cpu_files = sorted(cpu_dir.iterdir())
    n_cpu, mb = len(cpu_files), sum(p.stat().st_size for p in cpu_files) / 1e6
    cpu: tuple[list[float], list[float]] = ([], [])
    for k in range(THROUGHPUT_RUNS):
        for i in ((0, 1) if k % 2 == 0 else (1, 0)):
            run(envs[i].pipespec("check", "--jobs", "1", "--format", "json", "-o", str(out), str(cpu_dir)), envs[i])
            cpu[i].append(LAST_CPU[0])
            verify_report(out, n_cpu)
    c_rate, b_rate = mb / statistics.median(cpu[0]), mb / statistics.median(cpu[1])
    table.rows.append((f"throughput: DSL text checked per CPU-second ({n_cpu} .pipe, {mb:.2f} MB, --jobs 1)",
                       f"{c_rate:.2f} MB/CPU-s", f"{b_rate:.2f} MB/CPU-s", f"{c_rate / b_rate:.2f}",
                       "yes" if c_rate / b_rate >= BAR else "NO"))
    targets.rows.append((f"DSL text checked per CPU-second, >= {DSL_TARGET}x the baseline ({DSL_STRETCH}x stretch)",
                         f"{c_rate:.2f} MB/CPU-s", f"{b_rate:.2f} MB/CPU-s", f"{c_rate / b_rate:.2f}",
                         ("yes, stretch too" if c_rate / b_rate >= DSL_STRETCH else "yes")
                         if c_rate / b_rate >= DSL_TARGET else "NO"))
    # reference: libyaml parsing the same pipelines written as YAML (parse only, no checking)
    yaml_cpu = work / "yaml-cpu"
    yaml_cpu.mkdir(exist_ok=True)
    for p in cpu_files:
        (yaml_cpu / (p.stem + ".yaml")).write_text(gen.to_yaml(p.read_text(encoding="utf-8")), encoding="utf-8")
    ly = libyaml_cpu(cur.python, sorted(yaml_cpu.iterdir()))
    if ly is not None:
        ly_rate = mb / ly  # the same pipelines, counted in MB of their DSL text
        yaml_mb = sum(p.stat().st_size for p in yaml_cpu.iterdir()) / 1e6
        targets.rows.append((f"reference: libyaml parse only, the same {n_cpu} pipelines as YAML ({yaml_mb:.2f} MB; "
                             "ratio = pipespec's DSL check / libyaml, per pipeline)",
                             f"{ly_rate:.2f} MB/CPU-s of DSL-equivalent ({yaml_mb / ly:.2f} MB/CPU-s of YAML)",
                             f"current {c_rate / ly_rate:.2f}, baseline {b_rate / ly_rate:.2f}",
                             f"{c_rate / ly_rate:.2f}", "-"))

    lim = ["--max-bytes", str(1 << 30), "--max-stages", "10000000", "--max-nodes", "100000000"]
    for n in sizes:
        f = work / f"large-{n}.pipe"
        f.write_text(gen.large_dsl(n), encoding="utf-8")
        res = {0: [], 1: []}  # type: dict[int, list[tuple[float, float]]]
        for k in range(3):
            for i in ((0, 1) if k % 2 == 0 else (1, 0)):
                res[i].append(time_and_rss(envs[i].pipespec("check", *lim, "--format", "json", "-o", str(out),
                                                            str(f)), envs[i]))
        (ct, cm), (bt, bm) = ((statistics.median(x[0] for x in res[i]), statistics.median(x[1] for x in res[i]))
                              for i in (0, 1))
        add(f"scaling: {n:,} stages, time", ct, bt, " s", "{:.2f}")
        add(f"scaling: {n:,} stages, peak memory", cm, bm, " MB", "{:.0f}")
        if n == max(sizes):
            targets.rows.append((f"peak memory at {n:,} stages: no higher than the baseline", f"{cm:.0f} MB",
                                 f"{bm:.0f} MB", f"{bm / cm:.2f}", "yes" if cm <= bm else "NO"))
    return table, targets


# ----------------------------------------------------------------------------------------------- the table
class Table:
    def __init__(self, head: tuple[str, str, str, str, str] = ("comparison", "measured", "ratio", "target", "met")):
        self.head = head
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, measured: str, ratio: float | None, target: str, ok: bool | None) -> None:
        r = "-" if ratio is None else f"{ratio:.2f}"
        self.rows.append((what, measured, r, target, "-" if ok is None else ("yes" if ok else "NO")))

    def text(self) -> str:
        head = self.head
        widths = [max(len(str(r[k])) for r in [head, *self.rows]) for k in range(5)]
        line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
        return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, self.rows)])

    def markdown(self) -> str:
        out = ["| " + " | ".join(self.head) + " |", "| --- | --- | --- | ---: | --- |" if self.head[0] in ("figure", "target")
               else "| --- | --- | ---: | --- | --- |"]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(out)


DRAFT_TARGET_MS = 50.0
_WARM_DRAFT = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import pipespec
from draft_text import methods_text
text = methods_text(3000)
pipespec.draft(text)  # warm: imports and compiled patterns
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    pipespec.draft(text)
    times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({"median": times[len(times) // 2], "words": len(text.split())}))
"""


def draft_rows(table: Table, env: Env, work: Path, runs: int) -> None:
    """Drafting a 3,000-word Methods section: warm, in-process (imports and reading excluded), median of runs;
    and the cold command (a whole ``pipespec draft`` process) beside ``python -c pass``."""
    out = subprocess.run([env.python, "-c", _WARM_DRAFT, str(ROOT / "benchmarks"), str(max(runs, 5))],
                         capture_output=True, text=True, env=env.env, cwd=env.cwd, check=True).stdout
    warm = json.loads(out.strip().splitlines()[-1])
    ms = warm["median"] * 1000
    table.add(f"draft: {warm['words']:,}-word Methods, warm, in-process (median)", f"{ms:.1f} ms",
              ms / DRAFT_TARGET_MS, f"< {DRAFT_TARGET_MS:.0f} ms", ms < DRAFT_TARGET_MS)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from draft_text import methods_text
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    doc = work / "methods.md"
    doc.write_text(methods_text(3000), encoding="utf-8")
    base, cold = median_interleaved([[env.python, "-c", "pass"], env.pipespec("draft", str(doc), "-o",
                                                                               str(work / "draft.pipe"))], env, runs)
    table.add("draft: cold command (pipespec draft, 3,000 words) / python -c pass",
              f"{cold * 1000:.0f} ms / {base * 1000:.0f} ms", cold / base, "", None)


DRAWING_GRAPHS = ["benchmarks/graphs/hybrid-15.pipe", "benchmarks/graphs/multi-sequence-5.pipe",
                  "tests/data/large/twenty-five-stages.pipe"]


def drawing_rows(table: Table, notes: list[str]) -> None:
    """pipespec's drawing (the SVG of the report and the page) against Graphviz dot, top to bottom, on the same
    graphs, measured by the same code (drawing_geometry.py): label overlaps and edges through boxes (0), crossing
    edge pairs (at most ceil(1.2 x) dot's), area (at most 1.5 x dot's).  The shipped examples are summed in one row."""
    import math

    import drawing_geometry as geo

    from pipespec.batch import check_paths
    from pipespec.checker import Options
    from pipespec.render.graph import to_dot, view_for
    from pipespec.render.svg import render_svg

    if shutil.which("dot") is None:
        notes.append("drawing rows skipped: Graphviz dot is not installed (apt-get install graphviz)")
        return
    examples = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.pipe"))
    groups = [(f"{len(examples)} shipped examples", examples)] + [(Path(g).name, [g]) for g in DRAWING_GRAPHS]
    for name, paths in groups:
        tot = {"label_overlaps": 0.0, "through_boxes": 0.0, "crossings": 0.0, "dot_crossings": 0.0, "area": 0.0,
               "dot_area": 0.0, "stages": 0.0, "worst_area": 0.0}
        crossing_ok = True
        for path in paths:
            (r,) = check_paths([str(ROOT / path)], Options(drawing=True))
            view = view_for(r)
            if view is None:
                continue
            ours = geo.measure(geo.from_svg(render_svg(view)))
            dot = geo.measure(geo.from_dot_json(geo.dot_json(to_dot(view))))
            for k in ("label_overlaps", "through_boxes", "crossings", "area"):
                tot[k] += ours[k]
            tot["dot_crossings"] += dot["crossings"]
            tot["dot_area"] += dot["area"]
            tot["stages"] += len(view.stages)
            tot["worst_area"] = max(tot["worst_area"], ours["area"] / dot["area"])
            crossing_ok = crossing_ok and ours["crossings"] <= math.ceil(1.2 * dot["crossings"])
        what = f"drawing: {name} ({tot['stages']:.0f} stages)"
        bad = tot["label_overlaps"] + tot["through_boxes"]
        table.add(f"{what}: label overlaps / edges through boxes", f"{tot['label_overlaps']:.0f} / "
                  f"{tot['through_boxes']:.0f}", None, "0 / 0", bad == 0)
        table.add(f"{what}: crossing edge pairs, pipespec / dot", f"{tot['crossings']:.0f} / {tot['dot_crossings']:.0f}",
                  tot["crossings"] / tot["dot_crossings"] if tot["dot_crossings"] else None,
                  "<= ceil(1.2 x dot)" + (" each" if len(paths) > 1 else ""), crossing_ok)
        table.add(f"{what}: area, pipespec / dot" + (" (worst)" if len(paths) > 1 else ""),
                  f"{tot['area'] / 1e3:.0f}k / {tot['dot_area'] / 1e3:.0f}k", tot["worst_area"], "<= 1.5",
                  tot["worst_area"] <= 1.5)


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
    ap.add_argument("--drawing", action="store_true", help="only the drawing rows (pipespec's drawing against dot)")
    ap.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    ap.add_argument("--keep", type=Path, help="generate inputs here and keep them (default: a temp dir)")
    ap.add_argument("--baseline", metavar="REF", help="also install commit REF and print every figure as a ratio "
                                                      f"against it (bar {BAR})")
    ap.add_argument("--cache", type=Path, default=ROOT / "benchmarks" / "_work",
                    help="where the baseline's venv is kept (default benchmarks/_work)")
    a = ap.parse_args(argv)
    runs = a.runs or (3 if a.quick else 20)
    if a.drawing:
        table, notes = Table(), []
        drawing_rows(table, notes)
        print(table.text())
        for n in notes:
            print(f"note: {n}")
        return 0
    nfiles = a.files or (40 if a.quick else 2000)
    sizes = [int(s) for s in (a.sizes or ("100,1000" if a.quick else "100,1000,10000,100000")).split(",")]

    notes: list[str] = []
    base_env = None
    if a.baseline:
        if (ROOT / ".git").exists():
            base_env = baseline_env(a.baseline, a.cache)
        elif a.quick:
            notes.append(f"baseline {a.baseline} skipped: no .git here (an unpacked archive), so no commit to install")
        else:
            raise SystemExit(f"--baseline {a.baseline} needs a git checkout (there is no .git in {ROOT})")
    if base_env is not None and a.quick:  # both sides installed alike
        env = venv_env(a.cache / "venv-current", True, with_peer=False)
    else:
        env = source_env() if a.quick else venv_env(a.venv, not a.no_install)
    work = Path(tempfile.mkdtemp(prefix="pipespec-bench-")) if a.keep is None else a.keep
    work.mkdir(parents=True, exist_ok=True)
    env.cwd = work
    table = Table()
    versus: Table | None = None
    targets: Table | None = None
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
        # 5. the language server ----------------------------------------------------------------------------
        p = subprocess.run([env.python, str(ROOT / "benchmarks" / "lsp.py"), "--runs", "5" if a.quick else "15"],
                           env=env.env, cwd=env.cwd, capture_output=True, text=True)
        if p.returncode == 0:
            lsp = json.loads(p.stdout)
            table.add(f"language server: diagnostics ready after the debounce, {lsp['stages']} stages (in process)",
                      f"{lsp['diagnostics_ms']:.1f} ms", lsp["diagnostics_ms"] / 50, "<= 50 ms",
                      lsp["diagnostics_ms"] <= 50)
            worst = max(lsp["hover_ms"], lsp["completion_ms"])
            table.add("language server: hover / completion answer", f"{lsp['hover_ms']:.2f} / "
                      f"{lsp['completion_ms']:.2f} ms", worst / 100, "<= 100 ms", worst <= 100)
        else:
            notes.append("language server row skipped: " + (p.stderr.strip().splitlines() or ["failed"])[-1])
        # 6. drafting -----------------------------------------------------------------------------------------
        draft_rows(table, env, work, runs)
        # 7. the drawing against Graphviz dot ----------------------------------------------------------------
        drawing_rows(table, notes)
        # 8. against the baseline ----------------------------------------------------------------------------
        if base_env is not None:
            base_env.cwd = work
            versus, targets = compare(env, base_env, work, ex, mixed, dsl, yaml_dir, sizes, runs, a.jobs)
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"pipespec benchmarks ({'quick smoke mode' if a.quick else 'full'}): {machine()}")
    print(f"pipespec from: {env.how}")
    print(table.text())
    if versus is not None and base_env is not None:
        print()
        print(f"against the baseline: {base_env.how}")
        print(f"(current: {env.how}; ratio = baseline cost / current cost, higher is better)")
        print(versus.text())
        if targets is not None:
            print()
            print("targets against the baseline (ratio = current / baseline for rates, baseline / current for costs)")
            print(targets.text())
        slower = [r[0] for r in versus.rows if r[4] != "yes"]
        notes.append(f"baseline {a.baseline}: " + ("every figure at least " + str(BAR) + " of the baseline's"
                                                   if not slower else "below the bar: " + "; ".join(slower)))
        if targets is not None:
            missed = [r[0] for r in targets.rows if r[4] == "NO"]
            notes.append("targets against the baseline: " + ("all met" if not missed else "missed: " + "; ".join(missed)))
    for n in notes:
        print(f"note: {n}")
    if a.markdown:
        extra = f"\n\nAgainst {base_env.how}:\n\n{versus.markdown()}" if versus and base_env else ""
        if targets is not None:
            extra += f"\n\nTargets against the baseline:\n\n{targets.markdown()}"
        a.markdown.write_text(f"Machine: {machine()}\n\n{table.markdown()}{extra}\n\n"
                              + "".join(f"- {n}\n" for n in notes), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
