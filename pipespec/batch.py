"""Batch checking: many files and directories, in parallel when there are many, in a stable order.

``check_paths`` expands directories (recursively; ``.pipe``, ``.yaml``, ``.yml``, ``.json``), checks every file and
returns one :class:`~pipespec.report.FileReport` per file *in the order the paths were given* (a directory's files
sorted), whatever the number of worker processes.  One bad file never stops the others: input problems are in its
report, and an unexpected exception while checking it becomes a PS199 diagnostic for that file.

Parallelism: below ``PARALLEL_THRESHOLD`` files, or with ``jobs=1``, files are checked in this process (starting
worker processes costs more than checking a few dozen files).  Above it, files are sent to a process pool in chunks
(a few per worker, so that per-task overhead is small and the load still balances), and the results are put back
in input order.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from pipespec.checker import Options, check_file, walk
from pipespec.errors import Diagnostic, Span
from pipespec.report import FileReport, Skipped

PARALLEL_THRESHOLD = 50  # fewer files than this are checked in-process
MAX_CHUNK = 64  # files per task sent to a worker

Progress = Callable[[int, int], None]
Finish = Callable[[FileReport], FileReport]  # done to each report where it is made (in the worker, in parallel)


def internal_error(path: str, exc: BaseException) -> FileReport:
    """The report of a file on which pipespec itself failed (PS199): the batch goes on."""
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    return FileReport(path, errors=[Diagnostic(
        "PS199", f"internal error while checking this file ({detail[:200]}); this is a bug, please report it",
        Span(path, 1, 1))])


def check_one(path: str, options: Options, named: frozenset[str] | None = None,
              finish: Finish | None = None) -> FileReport:
    """``check_file`` that never raises: anything unexpected becomes a PS199 report.  A path not among ``named``
    (the paths given, when known) was found by walking a folder: only a regular file is opened.  ``finish`` is
    done to the report (the corrections as edits of the JSON and SARIF reports: pipespec.fixing.with_fixes)."""
    try:
        report = check_file(path, options, named is not None and path not in named)
        return report if finish is None else finish(report)
    except Exception as exc:  # noqa: BLE001 - the point is to catch everything (RecursionError, MemoryError too)
        return internal_error(path, exc)


def _check_chunk(paths: Sequence[str], options: Options, named: frozenset[str] | None = None,
                 finish: Finish | None = None) -> list[FileReport]:
    """The unit of work of a worker process."""
    return [check_one(p, options, named, finish) for p in paths]


def expand(paths: Sequence[str], follow_external_links: bool = False,
           skipped: list[Skipped] | None = None) -> list[str | FileReport]:
    """Files to check, in the order given (directories expanded, sorted); problems as ready-made reports; what a
    folder walk left out deliberately is appended to ``skipped`` (see pipespec.checker.walk_folder)."""
    out: list[str | FileReport] = []
    for p in paths:
        found = walk([p], follow_external_links)
        out.extend(found.problems)
        out.extend(found.files)
        if skipped is not None:
            skipped.extend(found.skipped)
    return out


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


MAX_JOBS_PER_CORE = 4  # more worker processes than this only slow a batch (or a server) down


def clamp_jobs(n: int, flag: str) -> tuple[int, str | None]:
    """``n`` worker processes, lowered to MAX_JOBS_PER_CORE per core, and the note saying so (None if not lowered)."""
    cores = default_jobs()
    limit = MAX_JOBS_PER_CORE * cores
    if n <= limit:
        return n, None
    return limit, f"{flag} {n} is more than {MAX_JOBS_PER_CORE} per core ({cores} core(s)); using {limit}"


def chunk_size(n: int, jobs: int) -> int:
    """A few chunks per worker: large enough to amortise the per-task cost, small enough to balance."""
    return max(1, min(MAX_CHUNK, n // (jobs * 4) or 1))


def check_paths(paths: Sequence[str], options: Options = Options(), jobs: int | None = None,
                progress: Progress | None = None, skipped: list[Skipped] | None = None,
                finish: Finish | None = None) -> list[FileReport]:
    """Check files and directories; one report per file, in a stable order (see the module docstring).  What the
    folder walks skipped on purpose (hidden folders, FIFOs, links out of the tree, ...) is appended to ``skipped``;
    ``finish`` (a module-level function: it is sent to the workers) is done to each file's report as it is made."""
    items = expand(paths, options.follow_external_links, skipped)
    named = frozenset(paths)  # read as given; every other file was found by a folder walk
    todo = [(i, p) for i, p in enumerate(items) if isinstance(p, str)]
    results: list[FileReport | None] = [p if isinstance(p, FileReport) else None for p in items]
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    total = len(todo)
    if jobs == 1 or total < PARALLEL_THRESHOLD:
        for k, (i, p) in enumerate(todo, 1):
            results[i] = check_one(p, options, named, finish)
            if progress is not None:
                progress(k, total)
    else:
        _parallel(todo, results, options, jobs, progress, named, finish)
    return [r for r in results if r is not None]


def _parallel(todo: list[tuple[int, str]], results: list[FileReport | None], options: Options, jobs: int,
              progress: Progress | None, named: frozenset[str] | None = None, finish: Finish | None = None) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    # check the first file here: it builds the parser and the other lazy caches once, before the workers are
    # forked, so that they inherit them instead of each building its own
    i0, p0 = todo[0]
    results[i0] = check_one(p0, options, named, finish)
    done_files = 1
    todo_all, todo = todo, todo[1:]
    size = chunk_size(len(todo), jobs)
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
    # fork is the cheapest start on Linux; elsewhere the platform default
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else None)
    failed: list[list[tuple[int, str]]] = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=ctx) as pool:
        # keep a bounded number of chunks in flight so memory stays flat for very large batches
        pending: dict[Future[list[FileReport]], list[tuple[int, str]]] = {}
        queue = iter(chunks)
        limit = jobs * 4

        def submit() -> None:
            for chunk in queue:
                try:
                    pending[pool.submit(_check_chunk, [p for _, p in chunk], options, named, finish)] = chunk
                except Exception:  # noqa: BLE001 - the pool broke: the rest is checked in this process
                    failed.append(chunk)
                    failed.extend(queue)
                    return
                if len(pending) >= limit:
                    return

        submit()
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = pending.pop(fut)
                try:
                    reports = fut.result()
                except Exception:  # noqa: BLE001 - a worker died (BrokenProcessPool) or could not send back
                    failed.append(chunk)
                    continue
                for (i, _), r in zip(chunk, reports):
                    results[i] = r
                done_files += len(chunk)
                if progress is not None:
                    progress(done_files, len(todo_all))
            submit()
    # chunks whose worker failed: check them here, file by file, each guarded
    for chunk in failed:
        for i, p in chunk:
            results[i] = check_one(p, options, named, finish)
            done_files += 1
            if progress is not None:
                progress(done_files, len(todo_all))

