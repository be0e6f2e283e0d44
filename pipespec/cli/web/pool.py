"""A bounded pool of check processes that can really stop a stuck check.

One process per worker, each with its own :func:`multiprocessing.Pipe`, and one thread in the server process
that feeds it: the thread takes a job from a bounded queue, sends it down the pipe and waits at most ``timeout``
seconds for the answer.  A worker past its time (or one that died) is terminated, killed if need be, and replaced
by a fresh process; the job's future gets :class:`CheckTimeout` (or :class:`WorkerCrashed`).  Nothing here runs
on the event loop: ``submit`` only puts a job on the queue (or raises :class:`QueueFull` at once).

Workers are started with ``spawn`` (a clean interpreter, no state forked from the server's threads) and report
ready once their imports are done, so a worker's start-up never counts against a check's time.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

Job = Callable[[str, dict[str, Any]], Any]

_READY = "ready"
_START_TIMEOUT = 120.0  # a fresh worker's imports, on a loaded machine


class PoolError(Exception):
    """Base of the pool's refusals and failures."""


class QueueFull(PoolError):
    """Every worker is busy and the waiting queue is full."""


class CheckTimeout(PoolError):
    """The check ran past the time limit; its worker was killed and replaced."""


class WorkerCrashed(PoolError):
    """The worker died (or could not start) while handling the job; it was replaced."""


class PoolClosed(PoolError):
    """The pool is shutting down."""


def _worker_main(conn: Connection, target: Job, warm: Callable[[], None] | None) -> None:
    """The loop of one worker process: (kind, payload) in, ("ok", result) or ("error", text) out."""
    try:
        if warm is not None:
            warm()
        conn.send(_READY)
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            kind, payload = message
            try:
                result = ("ok", target(kind, payload))
            except Exception as exc:  # a bug in the job: report it, keep the worker
                result = ("error", f"{type(exc).__name__}: {exc}")
            conn.send(result)
    except (EOFError, OSError, KeyboardInterrupt):
        return


class _Slot:
    """One worker process and the thread in the server process that drives it."""

    def __init__(self, pool: WorkerPool, index: int):
        self.pool = pool
        self.index = index
        self.process: Any = None
        self.conn: Connection | None = None
        self.busy_since: float | None = None
        self.restarts = 0
        self.thread = threading.Thread(target=self._run, name=f"pipespec-pool-{index}", daemon=True)

    def _spawn(self) -> bool:
        ctx = self.pool.context
        parent, child = ctx.Pipe(duplex=True)
        process = ctx.Process(target=_worker_main, args=(child, self.pool.target, self.pool.warm),
                              name=f"pipespec-check-{self.index}", daemon=True)
        try:
            process.start()
        except Exception:  # no process could be made (resources, or an unsafe __main__ under spawn)
            parent.close()
            child.close()
            return False
        child.close()
        self.process, self.conn = process, parent
        try:
            ready = parent.poll(_START_TIMEOUT) and parent.recv() == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._kill()
        return bool(ready)

    def _kill(self) -> None:
        process, conn = self.process, self.conn
        self.process = self.conn = None
        if conn is not None:
            conn.close()
        if process is None:
            return
        process.terminate()
        process.join(2)
        if process.is_alive():
            process.kill()
            process.join(5)
        process.close()

    def _run(self) -> None:
        pool = self.pool
        self._spawn()  # ready before the first job when possible
        while not pool.closing.is_set():
            try:
                item = pool.jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            if item is None:
                break
            kind, payload, future, limit = item
            if not future.set_running_or_notify_cancel():
                continue
            self.busy_since = time.monotonic()
            result: Any = None
            error: BaseException | None = None
            try:
                if self.conn is None and not self._spawn():
                    raise WorkerCrashed("no check process could be started")
                result = self._call(kind, payload, limit)
            except PoolError as exc:
                error = exc
            except BaseException as exc:  # never leave a request waiting
                error = WorkerCrashed(f"the pool failed: {type(exc).__name__}: {exc}")
                self._kill()
            # Idle again before the answer is delivered: a client that sends its next request the moment it has
            # this one's answer must find this worker free, not get a 503 as if every worker were still busy.
            self.busy_since = None
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)
            if self.conn is None and not pool.closing.is_set():
                self._spawn()  # replace a killed or dead worker now, not when the next job comes
        self._stop()

    def _call(self, kind: str, payload: dict[str, Any], limit: tuple[float, str] | None) -> Any:
        conn = self.conn
        assert conn is not None
        timeout, what = limit or (self.pool.timeout, "check")
        try:
            conn.send((kind, payload))
            answered = conn.poll(timeout)
            reply = conn.recv() if answered else None
        except (EOFError, OSError, ValueError):
            self.restarts += 1
            self._kill()
            raise WorkerCrashed("the check process stopped unexpectedly; it was replaced") from None
        if not answered:
            self.restarts += 1
            self._kill()
            raise CheckTimeout(f"the {what} took longer than {timeout:g} s and was stopped")
        status, value = reply if isinstance(reply, tuple) else ("error", "a malformed answer")
        if status != "ok":
            raise WorkerCrashed(f"the check failed: {value}")
        return value

    def _stop(self) -> None:
        if self.conn is not None:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
            if self.process is not None:
                self.process.join(2)
        self._kill()


class WorkerPool:
    """``workers`` processes running ``target(kind, payload)``; at most ``queue_size`` jobs wait for one."""

    def __init__(self, target: Job, workers: int, queue_size: int, timeout: float,
                 warm: Callable[[], None] | None = None, start_method: str = "spawn"):
        if workers < 1 or queue_size < 0 or timeout <= 0:
            raise ValueError("workers must be >= 1, queue_size >= 0 and timeout > 0")
        self.target = target
        self.warm = warm
        self.workers = workers
        self.queue_size = queue_size
        self.timeout = timeout
        self.context: Any = multiprocessing.get_context(start_method)
        self.closing = threading.Event()
        # A job waits here until a worker's thread takes it; maxsize bounds the waiting line.  The worker threads
        # block in get(), so a job is taken as soon as a worker is free and only the excess waits.
        self.jobs: queue.Queue[tuple[str, dict[str, Any], Future[Any], tuple[float, str] | None] | None] = queue.Queue(
            maxsize=queue_size + workers)
        self._admit = threading.Lock()
        self.slots = [_Slot(self, i) for i in range(workers)]
        self._started = False
        self._longest = timeout  # the longest time limit a job was given (closing waits that long for a worker)

    def start(self) -> None:
        if not self._started:
            self._started = True
            for slot in self.slots:
                slot.thread.start()

    def submit(self, kind: str, payload: dict[str, Any], timeout: float | None = None,
               what: str = "check") -> Future[Any]:
        """Queue a job; its future resolves to the worker's result or to a :class:`PoolError`.  ``timeout``: this
        job's own time limit instead of the pool's (a draft's), ``what`` the job's name in the timeout's message."""
        if self.closing.is_set():
            raise PoolClosed("the server is shutting down")
        future: Future[Any] = Future()
        with self._admit:
            idle = sum(1 for s in self.slots if s.busy_since is None)  # each takes one queued job at once
            if self.jobs.qsize() >= self.queue_size + idle:
                raise QueueFull(f"all {self.workers} workers are busy and {self.queue_size} requests are waiting")
            try:
                limit = None if timeout is None else (timeout, what)
                self.jobs.put_nowait((kind, payload, future, limit))
                self._longest = max(self._longest, timeout or 0.0)
            except queue.Full:
                raise QueueFull(f"all {self.workers} workers are busy and {self.queue_size} requests are "
                                "waiting") from None
        return future

    def stats(self) -> dict[str, int]:
        return {"workers": self.workers, "busy": sum(1 for s in self.slots if s.busy_since is not None),
                "waiting": self.jobs.qsize(), "queue": self.queue_size,
                "restarts": sum(s.restarts for s in self.slots)}

    def close(self) -> None:
        """Stop taking jobs, fail the waiting ones, and stop every worker process."""
        if self.closing.is_set():
            return
        self.closing.set()
        while True:
            try:
                item = self.jobs.get_nowait()
            except queue.Empty:
                break
            if item is not None and item[2].set_running_or_notify_cancel():
                item[2].set_exception(PoolClosed("the server is shutting down"))
        for slot in self.slots:
            if slot.thread.is_alive():
                slot.thread.join(self._longest + 10)
            else:
                slot._kill()
