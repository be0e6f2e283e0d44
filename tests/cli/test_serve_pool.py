"""The worker pool of ``pipespec serve``: a stuck check is killed and its worker replaced, the queue is bounded,
a dead worker is replaced, and closing stops every process."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import Future
from typing import Any

import pytest

from pipespec.cli.web import jobs
from pipespec.cli.web.pool import CheckTimeout, PoolClosed, QueueFull, WorkerCrashed, WorkerPool

from . import _hang


def _wait_busy(pool: WorkerPool, n: int) -> None:
    deadline = time.monotonic() + 60
    while pool.stats()["busy"] < n and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.stats()["busy"] == n


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def test_a_stuck_check_is_killed_and_its_worker_replaced() -> None:
    pool = WorkerPool(_hang.pid, workers=1, queue_size=4, timeout=0.5)
    pool.start()
    try:
        first = pool.submit("pid", {"text": ""}).result(60)
        stuck = pool.submit("pid", {"text": _hang.HANG})
        after = pool.submit("pid", {"text": ""})  # waits behind the stuck one, then runs on the new worker
        with pytest.raises(CheckTimeout):
            stuck.result(60)
        second = after.result(60)
        assert second != first
        assert not _alive(first)
        assert pool.stats()["restarts"] == 1
        assert pool.submit("pid", {"text": ""}).result(60) == second  # the replacement keeps serving
    finally:
        pool.close()


def test_checks_run_in_parallel_workers_and_the_real_jobs_answer() -> None:
    pool = WorkerPool(jobs.run, workers=2, queue_size=8, timeout=30, warm=jobs.warm)
    pool.start()
    try:
        futures = [pool.submit("check", {"text": 'pipeline "x" {', "format": "dsl"}) for _ in range(6)]
        for f in futures:
            status, media, body = f.result(60)
            assert status == 200 and media == "application/json" and '"PS10' in body
    finally:
        pool.close()


def test_the_queue_is_bounded() -> None:
    pool = WorkerPool(_hang.pid, workers=1, queue_size=2, timeout=2.0)
    pool.start()
    try:
        pool.submit("pid", {"text": ""}).result(60)  # the worker is up
        held = [pool.submit("pid", {"text": _hang.HANG})]
        _wait_busy(pool, 1)
        held += [pool.submit("pid", {"text": ""}) for _ in range(2)]  # the two that may wait
        with pytest.raises(QueueFull):
            pool.submit("pid", {"text": ""})
        assert pool.stats()["waiting"] == 2
        with pytest.raises(CheckTimeout):
            held[0].result(60)
        assert all(isinstance(f.result(60), int) for f in held[1:])
        pool.submit("pid", {"text": ""}).result(60)  # room again
    finally:
        pool.close()


def test_a_worker_that_dies_is_replaced() -> None:
    pool = WorkerPool(_hang.run, workers=1, queue_size=2, timeout=30)
    pool.start()
    try:
        with pytest.raises(WorkerCrashed):
            pool.submit("check", {"text": _hang.DIE}).result(60)
        status, _, _ = pool.submit("check", {"text": "x"}).result(60)
        assert status == 200
    finally:
        pool.close()


def test_close_fails_waiting_jobs_and_stops_every_process() -> None:
    pool = WorkerPool(_hang.pid, workers=2, queue_size=4, timeout=1.0)
    pool.start()
    pids = {pool.submit("pid", {"text": ""}).result(60) for _ in range(8)}
    stuck: list[Future[Any]] = [pool.submit("pid", {"text": _hang.HANG}) for _ in range(2)]
    _wait_busy(pool, 2)
    waiting = pool.submit("pid", {"text": ""})
    start = time.monotonic()
    pool.close()
    assert time.monotonic() - start < 30
    with pytest.raises(PoolClosed):
        waiting.result(1)
    for f in stuck:
        assert f.done()
    with pytest.raises(PoolClosed):
        pool.submit("pid", {"text": ""})
    for pid in pids:
        assert not _alive(pid)
    for slot in pool.slots:
        assert slot.process is None and not slot.thread.is_alive()


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        WorkerPool(_hang.pid, workers=0, queue_size=1, timeout=1)
    with pytest.raises(ValueError):
        WorkerPool(_hang.pid, workers=1, queue_size=1, timeout=0)


def test_a_worker_is_idle_again_before_its_answer_is_delivered() -> None:
    # The future's callbacks run in the worker's thread at the moment the answer is delivered: a client that sends
    # its next request right then must find the worker free, not be refused as if every worker were busy.
    pool = WorkerPool(_hang.pid, workers=1, queue_size=0, timeout=30)
    pool.start()
    try:
        seen: list[Any] = []

        def resubmit(done: Future[Any]) -> None:
            seen.append(pool.stats()["busy"])
            try:
                seen.append(pool.submit("pid", {"text": ""}))
            except QueueFull as exc:
                seen.append(exc)

        first = pool.submit("pid", {"text": ""})
        first.add_done_callback(resubmit)
        first.result(60)
        deadline = time.monotonic() + 60
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert seen[0] == 0
        assert isinstance(seen[1], Future), seen[1]
        assert seen[1].result(60) == first.result()
    finally:
        pool.close()


def test_the_workers_answer_limits_without_the_command_line_options() -> None:
    """An API client cannot pass --max-stages: the server's workers state the limit and name no option."""
    text = 'pipeline "big" {\n' + "".join(f"  input s{i}: CT image3d\n" for i in range(5001)) + "}\n"
    pool = WorkerPool(jobs.run, workers=1, queue_size=2, timeout=60, warm=jobs.warm)
    pool.start()
    try:
        status, _, body = pool.submit("check", {"text": text, "format": "dsl"}).result(120)
    finally:
        pool.close()
    error = json.loads(body)["files"][0]["errors"][0]
    assert status == 200 and error["code"] == "PS112"
    assert error["message"] == "more than 5000 stages"
