"""Work handed on after the answer: heavy tasks one at a time, the rest beside them."""

from __future__ import annotations

import threading

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from bot.later import Runner, Task


def test_heavy_tasks_run_one_at_a_time_and_the_light_ones_beside_them() -> None:
    sessions = sessionmaker(create_engine("sqlite://"))
    runner = Runner()
    release = threading.Event()
    started: list[str] = []

    def heavy(name: str) -> Task:
        def task(_session: Session) -> None:
            started.append(name)
            release.wait(10)

        return task

    def light(_session: Session) -> None:
        started.append("light")

    def tell(error: BaseException) -> None:
        raise AssertionError(error)

    runner.start([(heavy("first"), True)], sessions, tell)
    runner.start([(heavy("second"), True)], sessions, tell)
    runner.start([(light, False)], sessions, tell)
    assert not runner.wait(timeout=0.5)  # the first heavy task holds its lane
    assert started == ["first", "light"]  # the second waits; the light one did not
    release.set()
    assert runner.wait(timeout=10)
    assert started == ["first", "light", "second"]
