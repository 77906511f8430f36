"""Background work: started, progress, then exactly one of finished, failed or cancelled, in the UI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from mnist_draw.ui.worker import WorkerPool


@pytest.fixture
def pool(qtbot):
    workers = WorkerPool()
    yield workers
    workers.shutdown()


def record(worker) -> list[tuple]:
    events: list[tuple] = []
    worker.started.connect(lambda: events.append(("started",)))
    worker.progress.connect(lambda value: events.append(("progress", value)))
    worker.finished.connect(lambda result: events.append(("finished", result, QThread.currentThread())))
    worker.failed.connect(lambda error: events.append(("failed", error)))
    worker.cancelled.connect(lambda: events.append(("cancelled",)))
    return events


def test_a_function_reports_started_then_finished_with_its_result_in_the_ui_thread(qtbot, pool):
    worker = pool.start(lambda: threading.current_thread() is not threading.main_thread())
    events = record(worker)
    with qtbot.waitSignal(worker.finished):
        pass
    assert events == [("started",), ("finished", True, QThread.currentThread())]
    assert not worker.is_running()


def test_an_exception_arrives_as_failed(qtbot, pool):
    def work():
        raise ValueError("not a picture")

    worker = pool.start(work)
    events = record(worker)
    with qtbot.waitSignal(worker.failed):
        pass
    assert [e[0] for e in events] == ["started", "failed"]
    assert str(events[1][1]) == "not a picture"


def test_a_generator_reports_each_value_as_progress_and_its_return_as_the_result(qtbot, pool):
    def work():
        for step in range(3):
            yield step
        return "done"

    worker = pool.start(work)
    events = record(worker)
    with qtbot.waitSignal(worker.finished):
        pass
    assert events[:-1] == [("started",), ("progress", 0), ("progress", 1), ("progress", 2)]
    assert events[-1][:2] == ("finished", "done")


def test_a_cancelled_generator_stops_between_steps_and_reports_cancelled(qtbot, pool):
    release = threading.Event()
    steps_run = []

    def work():
        for step in range(100):
            steps_run.append(step)
            yield step
            release.wait(5)
        return "never"

    worker = pool.start(work)
    events = record(worker)
    qtbot.waitUntil(lambda: ("progress", 0) in events)
    worker.cancel()
    release.set()
    with qtbot.waitSignal(worker.cancelled):
        pass
    assert events[-1] == ("cancelled",)
    assert not any(e[0] == "finished" for e in events)
    assert len(steps_run) < 100


def test_work_cancelled_before_it_starts_never_runs(qtbot, pool):
    gate = threading.Event()
    ran = []
    first = pool.start(lambda: gate.wait(5))  # holds the only thread
    second = pool.start(lambda: ran.append(1))
    events = record(second)
    second.cancel()
    gate.set()
    with qtbot.waitSignal(second.cancelled):
        pass
    assert ran == [] and events == [("cancelled",)]
    assert not first.is_cancel_requested()


def test_a_closed_pool_delivers_nothing(qtbot, pool):
    gate = threading.Event()
    worker = pool.start(lambda: gate.wait(5))
    events = record(worker)
    qtbot.waitUntil(lambda: pool.running() == 1)
    gate.set()
    assert pool.shutdown()
    qtbot.wait(50)
    assert events in ([], [("started",)])
    assert pool.running() == 0


def test_a_closing_pool_runs_work_that_must_finish_to_its_end_but_delivers_nothing(qtbot, pool):
    gate = threading.Event()
    steps_run: list[int] = []

    def install():  # stands for a model's install: stopped between its steps, the user's choice is lost
        for step in range(3):
            steps_run.append(step)
            yield step

    first = pool.start(lambda: gate.wait(5))  # holds the only thread: the install waits in the queue
    pool.start(lambda: steps_run.append(-1))
    must = pool.start(install, must_finish=True)
    events = record(must)
    threading.Timer(0.2, gate.set).start()
    assert pool.shutdown()
    qtbot.wait(50)
    assert steps_run == [0, 1, 2]  # the other queued work never ran
    assert events == [] and not must.is_cancel_requested()
    assert pool.running() == 0


def test_newest_only_runs_one_job_and_keeps_only_the_newest_request(qtbot, pool):
    from mnist_draw.ui.worker import NewestOnly

    live = NewestOnly(pool)
    gate = threading.Event()
    results: list[int] = []

    def job(value: int):
        def work() -> int:
            if value == 0:
                gate.wait(5)
            return value

        return work

    for value in range(4):  # 0 starts; 1 and 2 are replaced by 3 while 0 runs
        live.submit(job(value), results.append, lambda error: results.append(-1))
    gate.set()
    qtbot.waitUntil(lambda: not live.is_busy(), timeout=5000)
    assert results == [0, 3]


def test_newest_only_stopped_delivers_nothing_more(qtbot, pool):
    from mnist_draw.ui.worker import NewestOnly

    live = NewestOnly(pool)
    gate = threading.Event()
    results: list[int] = []
    live.submit(lambda: gate.wait(5) and 1, results.append, lambda error: None)
    live.submit(lambda: 2, results.append, lambda error: None)
    live.stop()
    gate.set()
    qtbot.waitUntil(lambda: pool.running() == 0, timeout=5000)
    qtbot.wait(50)
    assert results == [] and not live.is_busy()


def test_work_that_has_ended_is_let_go_with_all_it_held(qtbot, pool):
    # The live reading starts a job at every pen move over a picture: what each held
    # (the strokes, the picture's ink) must go with it, not pile up while the user draws.
    import gc
    import weakref

    from mnist_draw.ui.worker import NewestOnly

    class Held:
        """Stands for what a job's closures hold."""

    live = NewestOnly(pool)
    held: list[weakref.ref] = []
    delivered: list[int] = []

    def submit(fails: bool) -> None:
        thing = Held()
        held.append(weakref.ref(thing))

        def work() -> int:
            if fails:
                raise ValueError(thing)
            return 1

        live.submit(work, lambda _result: delivered.append(1), lambda _error: delivered.append(-1))

    for fails in (False, True, False):
        submit(fails)
        qtbot.waitUntil(lambda: not live.is_busy(), timeout=5000)
    ran = pool.run(lambda: Held(), lambda _result: delivered.append(2), lambda _error: None)
    held.append(weakref.ref(ran))
    qtbot.waitUntil(lambda: not ran.is_running(), timeout=5000)
    del ran
    qtbot.wait(20)
    gc.collect()
    assert delivered == [1, -1, 1, 2]
    assert [ref() for ref in held] == [None] * 4
