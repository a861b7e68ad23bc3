"""What a web worker loads at start-up: the app answers Slack; it does not draw charts.

matplotlib is over half of a worker's import time and a third of its idle memory; it is
imported where the digest's chart is drawn, in the clock's process, not by the app.
"""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = """
import json, sys
import bot.wsgi, bot.app, handlers, jobs, jobs.scheduler
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {"matplotlib"})))
"""


def test_the_app_and_the_clock_start_without_matplotlib() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(loaded.stdout) == []
