"""The scheduler's bookkeeping on a fake clock: intervals, exponential backoff, the cap, the host gap."""
from __future__ import annotations

from frontwatch.monitor.feeds import FeedSpec
from frontwatch.monitor.schedule import HostGate, Scheduler, backoff


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_backoff_doubles_up_to_the_cap():
    assert backoff(10, 0, 3600) == 10
    assert [backoff(10, n, 3600) for n in range(1, 6)] == [20, 40, 80, 160, 320]
    assert backoff(10, 12, 3600) == 3600
    assert backoff(10, 500, 3600) == 3600          # no overflow on a feed down for weeks
    assert backoff(7200, 3, 3600) == 7200          # never shorter than the interval itself


def test_feeds_due_by_their_own_interval_and_backoff():
    clock = Clock()
    a, b = FeedSpec("http://a.example/f", 10), FeedSpec("http://b.example/f", 30)
    s = Scheduler([a, b], max_backoff=100, clock=clock)
    assert [f.url for f in s.due()] == [a.url, b.url]
    assert s.due() == []                            # busy until done
    s.done(a.url, 0)
    assert s.done(b.url, 2) == 100                  # 30 x 4, capped at 100
    assert s.next_at[b.url] == clock.t + 100
    clock.t += 10
    assert [f.url for f in s.due()] == [a.url]
    s.done(a.url, 1)                                # a failed once: 20 s
    clock.t += 19
    assert s.due() == []
    clock.t += 1
    assert [f.url for f in s.due()] == [a.url]
    assert s.sleep_for(5.0) == 5.0                  # a is busy, b is far off
    s.done(a.url, 0)
    assert s.sleep_for(50.0) == 10.0


def test_host_gate_spaces_requests_to_one_host():
    clock = Clock()
    slept: list[float] = []

    def sleep(d):
        slept.append(d)
        clock.t += d

    gate = HostGate(2.0, clock=clock, sleep=sleep)
    gate.wait("http://a.example/1")
    gate.wait("http://a.example/2")
    gate.wait("http://b.example/1")                 # another host: no wait
    gate.wait("http://a.example/3")
    assert slept == [2.0, 2.0]
