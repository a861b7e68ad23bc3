"""Work after the answer: what a listener hands on so that Slack gets its answer at once.

Slack waits three seconds for the answer to a command, a click or a form (over Socket Mode,
for the acknowledgement), and with process_before_response Bolt holds that answer until the
listener returns. Real Slack answers each Web API call in hundreds of milliseconds, so a
listener that uploads files, DMs the directors and refreshes App Home before returning is
past the limit after a handful of calls. Such a listener checks and stores what the user must
see at once, acknowledges, and passes the rest to `later()`:

    later(context, lambda session: send_the_file(session, ...))

TvaersApp.dispatch commits the request's own work first and then starts each task on a small
thread pool, each with a session of its own (and, like a request, committing before every Web
API call). A request that fails or is rolled back starts none of its tasks. A task that fails
tells the user through the request's response_url when it has one, and logs only the error's
type: never what anyone typed.

Not Bolt's own `lazy=` listeners: they start inside dispatch, before the request's transaction
is committed, so they could not rely on what the listener just stored; and each gets a deep
copy of the request, which a database session cannot be.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import BoltContext
from sqlalchemy.orm import Session, sessionmaker

from bot.request_client import request_session

log = logging.getLogger(__name__)

Task = Callable[[Session], None]
# Told when a task fails: logs it and tells the user what went wrong (bot.app).
Tell = Callable[[BaseException], None]

_TASKS = "tvaers_later"
HEAVY_REST_MAX = 1.0  # seconds the heavy lane rests at most after a task


def later(context: BoltContext, task: Task, *, heavy: bool = False) -> None:
    """Run `task` once the request's work is committed and Slack has its answer.

    `heavy`: the task computes rather than waits (the matcher): such tasks run one at a time,
    so that, under the GIL, they never take more than a thread's share from the answers.
    """
    tasks: list[tuple[Task, bool]] | None = context.get(_TASKS)
    if tasks is None:
        tasks = []
        context[_TASKS] = tasks
    tasks.append((task, heavy))


def pending(context: BoltContext) -> list[tuple[Task, bool]]:
    """The tasks a request handed on, each with whether it is heavy (taken: a second call
    returns none)."""
    tasks: list[tuple[Task, bool]] = context.get(_TASKS) or []
    context[_TASKS] = []
    return tasks


class Runner:
    """Runs handed-on tasks on a few threads, each in its own session; `wait()` for tests."""

    def __init__(self, *, workers: int = 4) -> None:
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._heavy: ThreadPoolExecutor | None = None
        self._lock = threading.Condition()
        self._running = 0

    def start(
        self, tasks: list[tuple[Task, bool]], sessions: sessionmaker[Session], tell: Tell
    ) -> None:
        """Start the tasks, one after the other (they are one request's work): those that wait
        on Slack on a few threads, the heavy ones on a thread of their own."""
        for heavy in (False, True):
            group = [task for task, is_heavy in tasks if is_heavy is heavy]
            if not group:
                continue
            with self._lock:
                # Made at the first task, not at import: a forking server forks without threads.
                if heavy:
                    self._heavy = self._heavy or ThreadPoolExecutor(
                        1, thread_name_prefix="later-heavy"
                    )
                    executor = self._heavy
                else:
                    self._executor = self._executor or ThreadPoolExecutor(
                        self._workers, thread_name_prefix="later"
                    )
                    executor = self._executor
                self._running += 1
            executor.submit(self._run, group, sessions, tell, heavy=heavy)

    def _run(
        self, tasks: list[Task], sessions: sessionmaker[Session], tell: Tell, *, heavy: bool
    ) -> None:
        started = time.monotonic()
        try:
            for task in tasks:
                _run_one(task, sessions, tell)
        finally:
            with self._lock:
                self._running -= 1
                self._lock.notify_all()
        if heavy:
            # Rest as long as it computed (at most a second) before the next heavy task: half
            # the heavy thread's time at most, so a flood of saves cannot starve the answers.
            time.sleep(min(time.monotonic() - started, HEAVY_REST_MAX))

    def wait(self, timeout: float = 30.0) -> bool:
        """Wait until no task runs (True), or `timeout` seconds (False)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._running == 0, timeout)


def _run_one(task: Task, sessions: sessionmaker[Session], tell: Tell) -> None:
    session = sessions()
    try:
        with request_session(session):
            task(session)
        session.commit()
    except Exception as error:
        session.rollback()
        try:
            tell(error)
        except Exception as told:  # the user cannot be told (tell logged the failure first)
            log.warning("could not tell the user (%s)", type(told).__name__)
    finally:
        session.close()
