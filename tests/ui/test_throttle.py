"""The throttle behind live reading: the first request at once, a burst folded into one call at the interval's end."""

from __future__ import annotations

import time

from mnist_draw.ui.throttle import Throttle


def test_throttle_calls_at_once_then_folds_a_burst_into_one_call(qtbot):
    calls = []
    throttle = Throttle(50, lambda: calls.append(time.monotonic()))
    throttle.request()
    assert len(calls) == 1
    for _ in range(10):
        throttle.request()
    assert len(calls) == 1
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=1000)
    qtbot.wait(120)
    assert len(calls) == 2  # nothing pending: no more calls


def test_throttle_call_now_drops_the_pending_call(qtbot):
    calls = []
    throttle = Throttle(30, lambda: calls.append(1))
    throttle.request()
    throttle.request()
    throttle.call_now()
    qtbot.wait(80)
    assert len(calls) == 2
