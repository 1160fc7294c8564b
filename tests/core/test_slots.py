"""PrioritySlots: the next free slot goes to the highest priority waiting, ties in arrival order."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable

import pytest

from rightsdesk.core.slots import PrioritySlots


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def queued(slots: PrioritySlots, count: int) -> bool:
    return slots.waiting() == count


def test_the_highest_priority_waiting_gets_the_next_slot() -> None:
    slots = PrioritySlots(1)
    assert slots.acquire(0, timeout=1)
    order: list[str] = []
    lock = threading.Lock()

    def worker(name: str, priority: int) -> None:
        assert slots.acquire(priority, timeout=10)
        with lock:
            order.append(name)
        time.sleep(0.01)
        slots.release()

    arrivals = [("a0", 0), ("b5", 5), ("c1", 1), ("d9", 9), ("e0", 0), ("f5", 5), ("g3", 3)]
    threads = []
    for count, (name, priority) in enumerate(arrivals, start=1):
        thread = threading.Thread(target=worker, args=(name, priority))
        thread.start()
        threads.append(thread)
        wait_for(functools.partial(queued, slots, count))  # arrival order is fixed
    slots.release()
    for thread in threads:
        thread.join()
    assert order == ["d9", "b5", "f5", "g3", "c1", "a0", "e0"]


def test_two_slots_serve_two_at_once_in_priority_order() -> None:
    slots = PrioritySlots(2)
    assert slots.acquire(0, timeout=1)
    assert slots.acquire(0, timeout=1)
    got: list[int] = []
    lock = threading.Lock()
    gate = threading.Event()

    def worker(priority: int) -> None:
        assert slots.acquire(priority, timeout=10)
        with lock:
            got.append(priority)
        gate.wait(5)
        slots.release()

    threads = [threading.Thread(target=worker, args=(p,)) for p in (1, 7, 3, 9)]
    for count, thread in enumerate(threads, start=1):
        thread.start()
        wait_for(functools.partial(queued, slots, count))
    slots.release()
    slots.release()
    wait_for(lambda: len(got) == 2)
    assert sorted(got) == [7, 9]  # the two highest, while 1 and 3 still wait
    gate.set()
    for thread in threads:
        thread.join()
    assert got[2:] == [3, 1]


def test_a_waiter_that_times_out_leaves_the_queue_and_does_not_block_others() -> None:
    slots = PrioritySlots(1)
    assert slots.acquire(0, timeout=1)
    started = time.monotonic()
    assert not slots.acquire(100, timeout=0.05)
    assert time.monotonic() - started < 1
    assert slots.waiting() == 0
    slots.release()
    assert slots.acquire(0, timeout=0.1)  # the timed-out high priority left nothing behind


def test_a_low_priority_waits_while_a_higher_one_is_queued() -> None:
    slots = PrioritySlots(1)
    assert slots.acquire(0, timeout=1)
    high = threading.Thread(target=lambda: slots.acquire(50, timeout=5))
    high.start()
    wait_for(lambda: slots.waiting() == 1)
    slots.release()
    high.join()
    assert not slots.acquire(0, timeout=0.05)  # the high one took it


def test_releasing_more_than_taken_is_a_bug() -> None:
    slots = PrioritySlots(1)
    with pytest.raises(ValueError, match="released more"):
        slots.release()
