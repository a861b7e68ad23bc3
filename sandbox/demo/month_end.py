"""Scenes of the month's end: effect figures, the monthly digest, and a person's own data.

Keep these scenes last: the month ends with its digest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.db import session_scope
from bot.models import utcnow
from sandbox import fill, render_message, render_view
from sandbox.demo.driver import Demo


def _uploads(demo: Demo, seen: set[str]) -> list[dict[str, Any]]:
    """Files uploaded to the sandbox since `seen`, oldest first (and mark them seen)."""
    new = [f for f in demo.fake.files.values() if f["id"] not in seen and f.get("completed")]
    seen.update(f["id"] for f in new)
    return sorted(new, key=lambda f: f["created"])


def _effect_csv(month: str) -> str:
    """A year of figures for three indicators, as a municipality's BI team would export them."""
    from bot.services.effect import shift_month

    lines = ["mål;indikator;måned;værdi"]
    series = [
        ("Flere borgere i job eller uddannelse", "Unge 18-24 år i job eller uddannelse", 84.0, 0.4),
        ("Ældre klarer sig selv længere", "Forebyggelige genindlæggelser", 47.0, -0.5),
        ("Børn og unge trives og lærer", "Elever med højt skolefravær", 10.4, 0.1),
    ]
    for goal, indicator, start, step in series:
        for back in range(12, -1, -1):
            value = str(round(start + step * (12 - back), 1)).replace(".", ",")
            lines.append(f"{goal};{indicator};{shift_month(month, -back)};{value}")
    return "\n".join(lines) + "\n"


def _monthly_digest(demo: Demo) -> None:
    from bot.services.digest import local_month, post_time
    from bot.services.effect import format_effect_report, import_effect

    t = demo.transcript
    tz = "Europe/Copenhagen"
    month = local_month(utcnow(), tz)
    seen: set[str] = set(demo.fake.files)
    t.scene(
        "Effect figures arrive by themselves: effect-sync fetches them from Danmarks Statistik",
        "The share of 16-64-year-olds on public benefits is fed from Statistikbanken (AUK01, "
        "full-time people on benefits, per FOLK1A, the population aged 16-64; quarterly). The "
        "daily `effect-sync` job checks both tables' tableinfo, backfills the latest 24 "
        "quarters the first time and afterwards fetches only new ones (here from the local "
        "stand-in for api.statbank.dk).",
    )
    demo.job("effect-sync", utcnow())
    t.scene("A second run the same day fetches nothing new")
    demo.job("effect-sync", utcnow() + timedelta(minutes=5))
    demo.home("U0SOFIE")
    t.scene(
        "Asger loads a year of figures from the statistics team's file",
        "`python -m bot import-effect effekt.csv` (goal, indicator, month, value; re-running it "
        "changes nothing; a bad line stops the import and names the line). The file is "
        "[effekt.csv](effekt.csv).",
    )
    text = _effect_csv(month)
    t.attach("effekt.csv", text.encode("utf-8"))
    with session_scope(demo.app.runtime.session_factory) as session:
        report = import_effect(session=session, team_id=demo.fake.team_id, text=text, tz=tz)
    t.story.append("```\n" + format_effect_report(report) + "\n```\n")
    t.scene(
        "The first working day at 08:00: the month's digest in #direktionen",
        "Effect first, then what only top management can move, then activity, labelled as "
        "output. The thread opens with the effect chart (one panel per goal, the latest 24 "
        "periods against the target, the source named); the activity chart follows it.",
    )
    demo.job("monthly-digest", post_time(month, tz))
    for upload in _uploads(demo, seen):
        name = t.attach(f"digest-{upload['name']}", upload["content"])
        t.show(
            "#direktionen",
            "gets a chart in the digest's thread",
            f"{upload['title']}\n![{upload.get('alt_txt') or ''}]({name})",
        )
    t.scene("A second clock, or a re-run, posts nothing and says so")
    demo.job("monthly-digest", post_time(month, tz) + timedelta(minutes=5))
    t.scene(
        "Sofie asks for the overview herself and exports the month's items",
        "`/barriere overblik` shows the same digest to her alone; the export button sends the "
        "month's items as CSV to her DM (anonymous items have no name).",
    )
    demo.settle()
    answer = demo.sender.command(f"overblik {month}", user_id="U0SOFIE").json()
    t.show(
        "U0SOFIE",
        f"types `/barriere overblik {month}` and sees (only visible to her)",
        render_message(answer),
        story=False,
    )
    t.story.append(f"**{t.names.get('U0SOFIE')}** types `/barriere overblik {month}`.\n")
    demo.click("U0SOFIE", answer, "digest_export")
    for upload in _uploads(demo, seen):
        name = t.attach(f"sofie-{upload['name']}", upload["content"])
        t.show("U0SOFIE", "gets a file in her DM", f"{upload['title']}: [{name}]({name})")
    t.scene("Anna tries the overview too, and gets a polite no")
    demo.command("U0ANNA", "overblik")


def _own_data(demo: Demo) -> None:
    t = demo.transcript
    t.scene(
        "Vibeke asks what Tværs holds about her, and has it deleted",
        "Directors' digests already posted stay as they are; only counts that identify nobody "
        "remain.",
    )
    seen = {f["id"] for f in demo.fake.files.values()}
    demo.settle()
    answer = demo.sender.command("mine data", user_id="U0VIKAR").json()
    t.show(
        "U0VIKAR",
        "types `/barriere mine data` and sees (only visible to her)",
        render_message(answer),
    )
    for upload in _uploads(demo, seen):
        name = t.attach(f"vibeke-{upload['name']}", upload["content"])
        t.show("U0VIKAR", "gets a file in her DM", f"{upload['title']}: [{name}]({name})")
    demo.click("U0VIKAR", answer, "privacy_erase")
    view = demo.last_view()
    done = demo.sender.view_submission(view, user_id="U0VIKAR", values=fill(view, {})).json()
    t.show("U0VIKAR", "confirms, and the form says", render_view(done["view"]))


SCENES: list[Callable[[Demo], None]] = [
    _own_data,
    _monthly_digest,  # keep last: the month ends with its digest
]
