"""Scenes of the administrator: install day's first-run guide, then keeping the organisation
right from App Home."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import runtime_of
from sandbox.demo.driver import Demo, _click_home


def _run_job(demo: Demo, name: str) -> None:
    """The clock runs a job now, recorded like every scheduled run (admins see it in App Home)."""
    from jobs.scheduler import run_job

    demo.settle()
    summary = run_job(name, runtime_of(demo.app), demo.app.client)
    demo.transcript.story.append(f"`python -m jobs run {name}`\n\n```\n{summary}\n```\n")
    demo.settle()


def _install_day(demo: Demo) -> None:
    t = demo.transcript
    t.scene(
        "Install day: Asger opens Tværs before anything is set up",
        "No units and no people exist yet, so App Home shows a short set-up guide instead of an "
        "empty page. Asger is an admin of the Slack workspace, so he may start right here.",
    )
    # The sandbox's add_user has no admin flag; Asger administers the Slack workspace.
    demo.fake._teams[demo.fake.team_id].users["U0ADMIN"]["is_admin"] = True
    demo.home("U0ADMIN")
    t.scene(
        "Asger clicks *Start her* and becomes Tværs's first administrator",
        "App Home now shows the admin section, with a checklist of what is still missing.",
    )
    _click_home(demo, "U0ADMIN", "admin_claim")


def _admin_change(demo: Demo) -> None:
    t = demo.transcript
    t.scene(
        "Asger keeps the organisation right from App Home",
        "A new unit may not take a name that exists already, whatever its case:",
    )
    _click_home(demo, "U0ADMIN", "admin_unit_new")
    demo.submit("U0ADMIN", {"admin_name": "jobcentret"})
    t.scene(
        "Asger links Jobcentret to the Slack user group @jobcentret",
        "From now on the hourly sync puts the group's members in the unit. Nanna was just hired "
        "and added to the group in Slack; she becomes a manager in Jobcentret without anyone "
        "typing her in.",
    )
    demo.fake.add_user("U0NANNA", name="Nanna Nyansat")
    t.names["U0NANNA"] = "Nanna Nyansat (new in Jobcentret)"
    members = ["U0ANNA", "U0RIKKE", "U0TOBIAS", "U0NANNA"]
    demo.fake.add_usergroup("S0JOB", "jobcentret", members, name="Jobcentret")
    _click_home(demo, "U0ADMIN", "admin_unit_pick", option="Jobcentret")
    demo.submit("U0ADMIN", {"admin_usergroup": "S0JOB"})
    _run_job(demo, "usergroup-sync")
    _run_job(demo, "channel-check")
    t.scene(
        "The change log and the status in Asger's App Home; Nanna's first look at Tværs",
        "Every change says who made it and when; the sync signs its own.",
    )
    demo.home("U0ADMIN")
    demo.home("U0NANNA")


# Scenes that run before the organisation file is imported (the first-run guide).
BEFORE_IMPORT: list[Callable[[Demo], None]] = [_install_day]
# Scenes once the organisation exists.
SCENES: list[Callable[[Demo], None]] = [_admin_change]
