"""What a web worker loads at start-up: the app answers Slack; it does not draw charts.

matplotlib is over half of a worker's import time and a third of its idle memory; it is
imported where the digest's chart is drawn, in the clock's process, not by the app.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


def test_importing_the_jobs_reads_no_setting_and_no_env_file(tmp_path: Path) -> None:
    # A .env in the working folder is read when the clock (or the app) loads its settings,
    # not as a side effect of importing a module.
    (tmp_path / ".env").write_text("CROSS_UNIT_SCHEDULE=fredag 14:15\n", encoding="utf-8")
    probe = "import os, jobs, jobs.scheduler; print(os.environ.get('CROSS_UNIT_SCHEDULE'))"
    root = str(Path(__file__).resolve().parent.parent)
    env = {k: v for k, v in os.environ.items() if k != "CROSS_UNIT_SCHEDULE"}
    loaded = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": root},
    )
    assert loaded.stdout.strip() == "None"
