"""The first-run guide, the admins' status overview and the directors' App Home section."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.app import Runtime
from bot.db import session_scope
from bot.models import AuditLog, Item, JobRun, Person, Workspace
from bot.services import items as item_service
from jobs import JOBS
from jobs.scheduler import JobFailed, run_job
from sandbox import FakeSlack, render_view
from tests.conftest import BOT_TOKEN, RunningApp
from tests.test_admin import (
    ADMIN,
    ANNA,
    BO,
    SOFIE,
    VIKAR,
    admin_modal,
    click,
    home_text,
    open_home,
    org_app,
    submit,
)

__all__ = ["org_app"]  # the fixture, shared with tests/test_admin.py

KOMDIR = "U0KOMDIR"


def make_slack_admin(fake: FakeSlack, user_id: str) -> None:
    """Make a sandbox user an admin of the Slack workspace (add_user has no flag for it)."""
    fake._teams[fake.team_id].users[user_id]["is_admin"] = True


def _runtime(app: RunningApp) -> Runtime:
    return Runtime(app.settings, app.engine, app.sessions)


def _client(app: RunningApp) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=app.fake.base_url)


# -- the first-run guide -------------------------------------------------------------------


def test_an_empty_workspace_shows_the_set_up_guide_with_start_here_for_slack_admins(
    app: RunningApp,
) -> None:
    app.fake.add_user("U0INSTALL", name="Ina Installatør")
    app.fake.add_user("U0MEDARB", name="Mads Medarbejder")
    make_slack_admin(app.fake, "U0INSTALL")
    guide = open_home(app, "U0INSTALL")
    text = json.dumps(guide, ensure_ascii=False)
    assert "Velkommen til Tværs" in text
    assert "python -m bot import-org org.yaml" in text and "python -m bot export-org" in text
    assert '"action_id": "admin_claim"' in text
    # Slack first; the file is the other way, for many units and people at once.
    seen = render_view(guide)
    assert seen.index("1. Start her i Slack") < seen.index("2. Eller indlæs en fil")
    other = home_text(app, "U0MEDARB")
    assert "Velkommen til Tværs" in other and '"action_id": "admin_claim"' not in other
    assert "Kun en administrator eller ejer af Slack-arbejdsområdet" in other


def test_start_here_makes_the_slack_admin_the_first_admin_once(app: RunningApp) -> None:
    app.fake.add_user("U0INSTALL", name="Ina Installatør")
    app.fake.add_user("U0ANDEN", name="Anden Admin")
    app.fake.add_user("U0MEDARB", name="Mads Medarbejder")
    make_slack_admin(app.fake, "U0INSTALL")
    make_slack_admin(app.fake, "U0ANDEN")
    guide = open_home(app, "U0INSTALL")
    # Someone who is not a Slack admin crafting the same click is refused.
    refused = click(app, "U0MEDARB", guide, "admin_claim")
    assert refused is not None and "Kun en administrator" in json.dumps(refused, ensure_ascii=False)
    with app.session() as session:
        assert session.scalars(select(Person)).all() == []
    assert click(app, "U0INSTALL", guide, "admin_claim") is None
    with app.session() as session:
        [person] = session.scalars(select(Person)).all()
        assert (person.user_id, person.role, person.name) == (
            "U0INSTALL",
            "admin",
            "Ina Installatør",
        )
        [entry] = session.scalars(select(AuditLog)).all()
        assert (entry.actor_id, entry.action) == ("U0INSTALL", "first_admin")
    home = json.dumps(app.fake.home_view("U0INSTALL"), ensure_ascii=False)
    assert "Administration" in home
    assert "Mangler for at Tværs kan gøre sit arbejde:* enheder, direktionens kanal" in home
    # Once set up, a second Slack admin cannot claim it too.
    refused = click(app, "U0ANDEN", guide, "admin_claim")
    assert refused is not None and "allerede sat op" in json.dumps(refused, ensure_ascii=False)


def test_the_first_admin_builds_the_organisation_from_slack(app: RunningApp) -> None:
    app.fake.add_user("U0INSTALL", name="Ina Installatør")
    app.fake.add_user("U0LEDER", name="Lea Leder")
    make_slack_admin(app.fake, "U0INSTALL")
    click(app, "U0INSTALL", open_home(app, "U0INSTALL"), "admin_claim")

    def modal(action_id: str, **pick: str) -> dict[str, object]:
        found = click(app, "U0INSTALL", open_home(app, "U0INSTALL"), action_id, **pick)
        assert found is not None
        return found

    submit(app, "U0INSTALL", modal("admin_area_new"), {"admin_name": "Socialforvaltningen"})
    submit(
        app,
        "U0INSTALL",
        modal("admin_unit_new"),
        {"admin_name": "Hjemmeplejen", "admin_area": "Socialforvaltningen"},
    )
    submit(
        app,
        "U0INSTALL",
        modal("admin_person_pick", selected_user="U0LEDER"),
        {"admin_unit": "Hjemmeplejen"},
    )
    submit(
        app,
        "U0INSTALL",
        modal("admin_goal_new"),
        {
            "admin_title": "Ældre klarer sig selv længere",
            "admin_indicator_name": "Borgere over 75 uden hjemmehjælp",
            "admin_measure_unit": "procent",
        },
    )
    home = json.dumps(app.fake.home_view("U0INSTALL"), ensure_ascii=False)
    assert "Mangler for at Tværs kan gøre sit arbejde:* direktionens kanal." in home
    leder = home_text(app, "U0LEDER")
    assert "leder* i *Hjemmeplejen" in leder and "Ældre klarer sig selv længere" in leder


# -- status: jobs, waiting items, channels -------------------------------------------------


def _fails(session: object, client: object, now: datetime, *, team_id: str) -> str:
    raise RuntimeError("the digest service is down")


def test_the_last_run_of_each_job_is_shown(
    org_app: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(JOBS, "zz-broken", (_fails, {"trigger": "interval", "hours": 1}))
    runtime, client = _runtime(org_app), _client(org_app)
    assert "pruned" in run_job("prune-events", runtime, client)
    with pytest.raises(RuntimeError):
        run_job("zz-broken", runtime, client)
    with org_app.session() as session:
        runs = {r.name: r for r in session.scalars(select(JobRun))}
        assert runs["prune-events"].ok is True and runs["prune-events"].finished_at is not None
        assert (runs["zz-broken"].ok, runs["zz-broken"].summary) == (False, "failed: RuntimeError")
    text = home_text(org_app, ADMIN)
    assert ":white_check_mark: `prune-events`" in text and "0 gamle hændelses-id'er glemt" in text
    assert "pruned 0" not in text
    assert ":x: `zz-broken` fejlede" in text and "sidst gennemført: aldrig" in text
    assert "(stoppede med en fejl (RuntimeError); se loggen)" in text
    assert ":white_circle: `channel-check` har ikke kørt endnu" in text


def test_items_waiting_for_an_admin_are_counted(org_app: RunningApp) -> None:
    org_app.sender.command("Kalenderne kan ikke ses på tværs", user_id=VIKAR)
    org_app.sender.command("Ingen enhed på denne", user_id=ADMIN)
    text = home_text(org_app, ADMIN)
    assert "fra personer uden enhed: 2" in text and "uden nogen enhed: 2" in text


def test_the_channel_check_job_finds_channels_the_bot_cannot_post_in(
    org_app: RunningApp,
) -> None:
    org_app.fake.add_channel("C0TVAERS", "tvaers", is_member=True, is_archived=True)
    # An area's own digest channel, configured but gone from Slack.
    modal = admin_modal(org_app, "admin_area_pick", option="Beskæftigelsesforvaltningen")
    submit(org_app, ADMIN, modal, {"admin_channel": "C0BORTE"})
    summary = run_job("channel-check", _runtime(org_app), _client(org_app))
    assert summary == "checked 3 channel(s); 2 the bot cannot post in"
    text = home_text(org_app, ADMIN)
    assert "`channel-check` " in text and "3 kanaler tjekket; 2 kan Tværs ikke skrive i" in text
    assert "Tværs kan ikke skrive i <#C0TVAERS> (tværgående tråde): kanalen er arkiveret" in text
    assert "<#C0BORTE> (overblik for Beskæftigelsesforvaltningen): kanalen findes ikke" in text
    assert "<#C0DIREKTION>" not in text.split("Driftsstatus")[1].split("Ændringslog")[0]
    # Fixed in Slack: the next check clears it.
    org_app.fake.add_channel("C0TVAERS", "tvaers", is_member=True)
    org_app.fake.add_channel("C0BORTE", "beskaeftigelse", is_member=True)
    run_job("channel-check", _runtime(org_app), _client(org_app))
    assert "Tværs kan skrive i alle valgte kanaler (3)" in home_text(org_app, ADMIN)


def test_a_passing_slack_failure_does_not_mark_a_channel_broken(org_app: RunningApp) -> None:
    org_app.fake.fail("conversations.info", status=500, times=20)
    summary = run_job("channel-check", _runtime(org_app), _client(org_app))
    assert summary.endswith("2 could not be checked now")
    assert "Kanaler, der ikke er tjekket endnu: 2" in home_text(org_app, ADMIN)


# -- the directors' section ----------------------------------------------------------------


def _escalated_items(app: RunningApp) -> None:
    """Bo (Social og Sundhed) and Anna (Beskæftigelse, anonymously) escalate one item each."""
    app.sender.command("Genoptræning starter for sent efter udskrivning", user_id=BO)
    app.sender.command("Ressourceforløb venter på psykiatrien", user_id=ANNA)
    app.sender.command("potentiale Fælles morgenmøde", user_id=BO)
    with app.session() as session:
        bo_item, anna_item, _potential = session.scalars(select(Item).order_by(Item.id)).all()
        anna_item.anonymous = True
        for item, author in ((bo_item, BO), (anna_item, ANNA)):
            item_service.change_status(
                session=session,
                team_id=item.team_id,
                item_id=item.id,
                user_id=author,
                status="in_progress",
                escalate=True,
            )
        session.commit()


def test_a_director_sees_what_is_escalated_in_their_area_and_the_month(
    org_app: RunningApp,
) -> None:
    _escalated_items(org_app)
    text = home_text(org_app, SOFIE)
    assert "Dit overblik: Social- og Sundhedsforvaltningen" in text
    assert "Kræver direktionen (1)" in text
    assert "Genoptræning starter for sent" in text and "fra <@U0BO>" in text
    assert "Ressourceforløb" not in text
    assert ":construction: Barrierer: 1 · :seedling: Potentialer: 1 · :scales: Dilemmaer: 0" in text
    assert "løftet til direktionen: 1" in text
    assert "Administration" not in text


def test_the_chief_executive_sees_everything_and_anonymous_authors_stay_hidden(
    org_app: RunningApp,
) -> None:
    _escalated_items(org_app)
    text = home_text(org_app, KOMDIR)
    assert "Dit overblik: hele organisationen" in text and "Kræver direktionen (2)" in text
    assert "Ressourceforløb venter på psykiatrien" in text
    assert "<@U0ANNA>" not in text and "fra <@U0BO>" in text


def test_a_director_with_nothing_escalated_is_told_so(org_app: RunningApp) -> None:
    text = home_text(org_app, "U0TOBIAS")
    assert "Intet er løftet til direktionen lige nu" in text
    assert "første arbejdsdag i måneden" in text


def test_managers_see_no_directors_section(org_app: RunningApp) -> None:
    _escalated_items(org_app)
    assert "Kræver direktionen" not in home_text(org_app, ANNA)


def test_this_weeks_prompts_sent_and_failed_are_shown(org_app: RunningApp) -> None:
    from zoneinfo import ZoneInfo

    from bot.models import PromptState, ReflectionPrompt, utcnow
    from bot.services.schedule import period_of

    now = utcnow()
    period = period_of(now.astimezone(ZoneInfo("Europe/Copenhagen")).date())
    week = int(period.rsplit("W", 1)[1])
    assert f"Ugens spørgsmål, uge {week}: ingen sendt endnu" in home_text(org_app, ADMIN)
    states = [PromptState.SENT] * 3 + [PromptState.FAILED, PromptState.UNKNOWN, PromptState.RETRY]
    with org_app.session() as session:
        for index, state in enumerate(states):
            session.add(
                ReflectionPrompt(
                    team_id=org_app.fake.team_id,
                    user_id=f"U0P{index}",
                    period=period,
                    state=state.value,
                    due_at=now,
                    answered_at=now if index == 0 else None,
                )
            )
        # Last week's prompts are not this week's.
        session.add(
            ReflectionPrompt(
                team_id=org_app.fake.team_id,
                user_id="U0P0",
                period="2000-W01",
                state=PromptState.FAILED.value,
                due_at=now,
            )
        )
        session.commit()
    text = home_text(org_app, ADMIN)
    assert f"uge {week}: sendt 3 · fejlet 2 · på vej 1 · besvaret 1" in text


def test_with_one_token_a_foreign_workspaces_rows_get_no_jobs(org_app: RunningApp) -> None:
    # An old organisation file with another team id left rows the one token cannot act for.
    with session_scope(org_app.sessions) as session:
        session.add(Workspace(team_id="T0FREMMED", name="En anden kommune"))
    with pytest.raises(JobFailed, match="T0FREMMED"):
        run_job("channel-check", _runtime(org_app), _client(org_app))
    with org_app.session() as session:
        runs = {r.team_id: r for r in session.scalars(select(JobRun))}
    assert runs["T0TVAERS"].ok is True
    assert runs["T0FREMMED"].ok is False
    assert "belongs to another workspace" in (runs["T0FREMMED"].summary or "")


# -- job summaries in the workspace's language ---------------------------------------------


def _status_section(app: RunningApp) -> str:
    return home_text(app, ADMIN).split("Driftsstatus")[1].split("Ændringslog")[0]


def test_job_summaries_are_shown_in_the_workspaces_language_not_the_clis_english(
    org_app: RunningApp,
) -> None:
    from bot.models import utcnow
    from tests.test_isolation import prompt_moment

    runtime, client = _runtime(org_app), _client(org_app)
    moment = prompt_moment(utcnow())
    # The CLI keeps its English line (scripts read it) ...
    first = run_job("weekly-prompts", runtime, client, moment)
    sent = int(re.search(r"prompts: (\d+) sent", first).group(1))  # type: ignore[union-attr]
    assert sent > 1
    again = run_job("weekly-prompts", runtime, client, moment + timedelta(minutes=5))
    assert "prompts: 0 sent" in again
    checked = run_job("channel-check", runtime, client)
    assert checked == "checked 2 channel(s); 0 the bot cannot post in"
    run_job("prune-events", runtime, client)
    # ... and the admins read Danish, with Danish plurals.
    status = _status_section(org_app)
    assert "`weekly-prompts` " in status and "0 beskeder med ugens spørgsmål sendt" in status
    assert "`channel-check` " in status and "2 kanaler tjekket; 0 kan Tværs ikke skrive i" in status
    assert "0 gamle hændelses-id'er glemt" in status
    with org_app.session() as session:
        english = [r.summary or "" for r in session.scalars(select(JobRun))]
    for line in english:
        for fragment in line.split("; "):
            assert fragment not in status, fragment
    for word in ("sent", "checked", "pruned", "channel(s)", "waiting for", "failed:"):
        assert word not in status, word
    # The first run's count, plural: every manager's prompt went out.
    with org_app.session() as session:
        [run] = session.scalars(select(JobRun).where(JobRun.name == "weekly-prompts").limit(1))
        run.started_at -= timedelta(minutes=1)  # keep the first run only
        for later in session.scalars(
            select(JobRun).where(JobRun.name == "weekly-prompts", JobRun.id != run.id)
        ):
            session.delete(later)
        session.commit()
    assert f"{sent} beskeder med ugens spørgsmål sendt" in _status_section(org_app)

    # An English workspace reads English, with English plurals.
    with session_scope(org_app.sessions) as session:
        workspace = session.get(Workspace, org_app.fake.team_id)
        assert workspace is not None
        workspace.language = "en"
    text = home_text(org_app, ADMIN)
    assert "2 channels checked; 0 Tværs cannot post in" in text
    assert f"{sent} weekly prompts sent" in text


def test_a_job_summary_says_one_and_many_in_danish_and_english() -> None:
    from bot.views.admin import job_summary

    def shown(lang: str, *parts: tuple[str, dict[str, object]]) -> str:
        run = JobRun(name="cross-unit-threads", summary="opened 1 thread(s)")
        run.details = [[key, values] for key, values in parts]
        return job_summary(run, lang)

    one = (
        ("threads_opened", {"count": 1}),
        ("threads_grown", {"count": 2}),
        ("reminders_sent", {"count": 1}),
        ("directors_told", {"count": 1}),
    )
    assert shown("da", *one) == (
        "1 tråd åbnet; 2 tråde udvidet; 1 påmindelse sendt; "
        "direktører fik besked om 1 eskaleret tråd"
    )
    assert shown("en", *one) == (
        "1 thread opened; 2 threads grown; 1 reminder sent; directors told about 1 escalated thread"
    )
    many = (("follow_ups_posted", {"count": 3}), ("paired", {"count": 1}))
    assert shown("da", *many) == "3 opfølgninger postet; 1 makkerpar foreslået"
    # Channels are linked, days and months in words, anything else escaped.
    text = shown(
        "da",
        ("digest_posted", {"month": "2026-11", "channel": "C0DIR", "area": "Børn & Unge"}),
        ("closed_day", {"day": "2026-12-24", "reason": "juleaftensdag", "moved_day": "2026-12-28"}),
        ("unit_not_synced", {"unit": "<!channel>", "error": "ratelimited"}),
    )
    assert text.startswith(
        "overblikket for november 2026 postet i <#C0DIR> (Børn &amp; Unge); "
        "24. december 2026 er ikke en arbejdsdag (juleaftensdag); intet sendt, det sker "
        "28. december 2026; "
    )
    assert text.endswith(" ikke synkroniseret (ratelimited)") and "<!channel>" not in text
    # A run recorded before parts were kept, or by a newer build, shows its line as it is.
    assert shown("da") == "opened 1 thread(s)"
    assert shown("da", ("from_the_future", {"count": 1})) == "opened 1 thread(s)"
