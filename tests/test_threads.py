"""Cross-unit threads through the sandbox: opening, growing, following up, answering, escalating.

Managers log items through the real /barriere form; the job runs against the sandbox's Web API;
people click the follow-up buttons and reply in threads as Slack would send it.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select, update

from bot import clock
from bot.db import session_scope
from bot.models import (
    CrossUnitThread,
    CrossUnitThreadItem,
    Item,
    Person,
    Workspace,
)
from bot.services import schedule
from bot.services.calendar import DEFAULT
from jobs import cross_unit_threads
from sandbox import fill, render_message
from tests.conftest import BOT_TOKEN, RunningApp, add_org_users, import_example_org

CHANNEL = "C0TVAERS"
GUSTAV, DAVID, NIELS, ANNA, RIKKE = "U0GUSTAV", "U0DAVID", "U0NIELS", "U0ANNA", "U0RIKKE"
SOFIE, TOBIAS, WILLIAM, JONAS, ADMIN = "U0SOFIE", "U0TOBIAS", "U0WILLIAM", "U0JONAS", "U0ADMIN"
MONDAY = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)

YOUNG = {
    "barrier_text": "Unge med angst falder ud af uddannelse, fordi ventetiden på en psykiatrisk "
    "udredning er lang",
    "barrier_situation": "En ung på 19 uden job eller uddannelse, som bor alene og har angst",
    "barrier_goal": "Flere borgere i job eller uddannelse",
}
ANXIOUS = {
    "barrier_text": "Vi kan ikke starte behandling af unge med angst, før jobcentrets forløb er "
    "afklaret – og jobcentret venter på os",
    "barrier_situation": "En ung på 19 med angst, som er droppet ud af uddannelse og bor alene",
}
PERMITS = {
    "barrier_text": "Ventetiden på byggetilladelser til handicapboliger er lang, så borgere "
    "bliver boende for længe på plejehjem",
    "barrier_situation": "En borger i kørestol der venter på en handicapvenlig bolig",
}


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """Tværby Kommune, with a public #tvaers channel the bot has not joined yet."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.fake.add_channel(CHANNEL, "tvaers", is_member=False)
    return app


def log(app: RunningApp, user: str, answers: dict[str, Any]) -> int:
    """The user logs an item through the /barriere form; returns its id."""
    before = len(app.fake.calls_to("views.open"))
    app.sender.command("", user_id=user)
    calls = app.fake.calls_to("views.open")
    assert len(calls) == before + 1
    view = calls[-1].response["view"]
    answer = app.sender.view_submission(view, user_id=user, values=fill(view, answers))
    assert answer.status == 200 and not answer.body, answer.body
    with app.session() as session:
        return int(session.scalar(select(func.max(Item.id))) or 0)


def client(app: RunningApp) -> WebClient:
    """The bot's Web API client, as the clock process has it."""
    return WebClient(token=BOT_TOKEN, base_url=app.fake.base_url)


def working(moment: datetime) -> datetime:
    """`moment`, or 09:00 on the next working day when its day is closed (Copenhagen): threads
    mention people, so the jobs post nothing on a closed day."""
    zone = ZoneInfo("Europe/Copenhagen")
    day = moment.astimezone(zone).date()
    if DEFAULT.is_working_day(day):
        return moment
    return schedule.local_moment(DEFAULT.next_working_day(day), schedule.parse_hhmm("09:00"), zone)


def weekly(app: RunningApp, at: datetime = MONDAY, **settings: Any) -> str:
    """Run the weekly job as the clock would, at `at`."""
    with session_scope(app.sessions) as session:
        return cross_unit_threads.run(
            session, client(app), at, settings=app.settings.with_overrides(**settings)
        )


def daily(app: RunningApp, at: datetime, **settings: Any) -> str:
    """Run the daily follow-up pass at `at`."""
    with session_scope(app.sessions) as session:
        return cross_unit_threads.follow_up(
            session, client(app), at, settings=app.settings.with_overrides(**settings)
        )


def roots(app: RunningApp) -> list[dict[str, Any]]:
    """Top-level messages in #tvaers."""
    return [
        m
        for m in app.fake.messages(CHANNEL)
        if m.get("thread_ts") in (None, m["ts"]) and m.get("subtype") != "tombstone"
    ]


def replies(app: RunningApp, root: dict[str, Any]) -> list[dict[str, Any]]:
    """The bot's replies in a thread."""
    return [
        m
        for m in app.fake.messages(CHANNEL)
        if m.get("thread_ts") == root["ts"] and m["ts"] != root["ts"]
    ]


def shown(message: dict[str, Any]) -> str:
    """What a reader sees of a message."""
    return render_message(message)


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """label -> action_id of the message's buttons."""
    return {
        e["text"]["text"]: e["action_id"]
        for b in message.get("blocks", [])
        if b["type"] == "actions"
        for e in b["elements"]
    }


QUESTION = "Vi beder direktionen om at afklare, hvem der betaler for et fælles forløb"


def click(
    app: RunningApp, user: str, message: dict[str, Any], label: str, *, question: str = QUESTION
) -> Any:
    """The user clicks a button (by its label) in a message in #tvaers; *Kræver direktionen*
    opens a modal, which the user fills in with `question` and sends."""
    opened = len(app.fake.calls_to("views.open"))
    answer = app.sender.block_action(
        user_id=user, action_id=buttons(message)[label], message=message, channel_id=CHANNEL
    )
    views = app.fake.calls_to("views.open")[opened:]
    if answer.status == 200 and views and views[-1].ok:
        view = views[-1].response["view"]
        if view.get("callback_id") == "thread_escalate_modal":
            return app.sender.view_submission(
                view, user_id=user, values=fill(view, {"thread_question": question})
            )
    return answer


def resolved_form(app: RunningApp, user: str, message: dict[str, Any]) -> dict[str, Any]:
    """The user clicks *Løst*: the small form that asks what moved it (nothing stored yet)."""
    before = len(app.fake.calls_to("views.open"))
    assert click(app, user, message, "Løst").status == 200
    calls = app.fake.calls_to("views.open")
    assert len(calls) == before + 1 and calls[-1].ok, "*Løst* opened no form"
    view: dict[str, Any] = calls[-1].response["view"]
    return view


def resolve(app: RunningApp, user: str, message: dict[str, Any], note: str = "") -> Any:
    """The user clicks *Løst* and sends the form, with what moved it (or nothing)."""
    view = resolved_form(app, user, message)
    answers = {"thread_resolved_note": note} if note else {}
    return app.sender.view_submission(view, user_id=user, values=fill(view, answers))


def current(app: RunningApp, message: dict[str, Any]) -> dict[str, Any]:
    """The message as it is now in the channel."""
    return next(m for m in app.fake.messages(CHANNEL) if m["ts"] == message["ts"])


def two_areas(app: RunningApp) -> tuple[int, int]:
    """Gustav (Ungeindsatsen, employment) and David (social psychiatry) log the same young
    citizen; Niels (building) logs something that only sounds alike."""
    first = log(app, GUSTAV, YOUNG)
    second = log(app, DAVID, ANXIOUS)
    log(app, NIELS, PERMITS)
    return first, second


def opened_thread(app: RunningApp) -> dict[str, Any]:
    """Two related items, the weekly run, and the one root message it posted."""
    two_areas(app)
    weekly(app)
    [root] = roots(app)
    return root


def followed_up(app: RunningApp) -> tuple[dict[str, Any], dict[str, Any]]:
    """A thread that got its follow-up 14 days later: (root, follow-up)."""
    root = opened_thread(app)
    daily(app, MONDAY + timedelta(days=14))
    [question] = replies(app, root)
    return root, question


def item_rows(app: RunningApp) -> list[Item]:
    with app.session() as session:
        return list(session.scalars(select(Item).order_by(Item.id)))


# -- opening a thread ------------------------------------------------------------------------


def test_related_items_from_two_areas_open_one_thread_that_asks_the_question(
    org_app: RunningApp,
) -> None:
    gustav_item, david_item = two_areas(org_app)
    summary = weekly(org_app)
    assert f"opened 1 thread(s) (items {gustav_item}, {david_item})" in summary
    assert org_app.fake.channel(CHANNEL)["is_member"], "the bot joined the public channel"
    [root] = roots(org_app)
    text = shown(root)
    # The citizen first, then the items, who is asked, and the question.
    assert text.index("Borgerens situation") < text.index("Unge med angst falder ud")
    assert "En ung på 19 uden job eller uddannelse" in text
    assert "Ungeindsatsen" in text and "Socialpsykiatrien" in text
    assert "Beskæftigelsesforvaltningen og Social- og Sundhedsforvaltningen" in text
    assert f"noteret af <@{GUSTAV}>" in text and f"noteret af <@{DAVID}>" in text
    assert f"<@{GUSTAV}> (Ungeindsatsen)" in text and f"<@{DAVID}> (Socialpsykiatrien)" in text
    assert "Hvad kan I gøre for at hjælpe løsningen på vej?" in text
    # Why, in the thesaurus's words: both write about anxiety, living alone, dropping out.
    assert "fordi I skriver begge om »angst«, »ensomhed« og »frafald«" in text
    # The near-miss is not in it.
    assert "byggetilladelser" not in text
    assert "Hvad kan I gøre for at hjælpe løsningen på vej?" in root["text"]


def test_the_same_group_is_never_posted_twice(org_app: RunningApp) -> None:
    two_areas(org_app)
    weekly(org_app)
    again = weekly(org_app, MONDAY + timedelta(days=7))
    assert "opened 0 thread(s)" in again
    assert len(roots(org_app)) == 1


def test_two_clocks_at_once_post_one_thread(org_app: RunningApp) -> None:
    two_areas(org_app)
    summaries: list[str] = []
    start = threading.Barrier(2)

    def clock() -> None:
        start.wait()
        summaries.append(weekly(org_app))

    clocks = [threading.Thread(target=clock) for _ in range(2)]
    for c in clocks:
        c.start()
    for c in clocks:
        c.join()
    assert len(roots(org_app)) == 1
    assert sorted("opened 1 thread(s)" in s for s in summaries) == [False, True]
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(CrossUnitThread)) == 1


def test_an_anonymous_item_never_shows_its_author(org_app: RunningApp) -> None:
    anonymous = log(
        org_app,
        RIKKE,
        {
            "barrier_text": "Vi mangler en fælles indgang for unge mellem Jobcentret og PPR",
            "barrier_units": ["Jobcentret", "PPR"],
            "barrier_anonymous": ["anonymous"],
        },
    )
    log(org_app, GUSTAV, {"barrier_text": "Unge mangler én fælles indgang til Jobcentret og PPR"})
    weekly(org_app)
    [root] = roots(org_app)
    text = shown(root)
    assert "fælles indgang for unge" in text and "anonym" in text
    assert f"noteret af <@{RIKKE}>" not in text and f"noteret af <@{GUSTAV}>" in text
    # Jobcentret is asked through all its managers, so nobody can tell who wrote it.
    assert f"<@{ANNA}>, <@{RIKKE}> (Jobcentret)" in text
    with org_app.session() as session:
        assert session.get(CrossUnitThreadItem, anonymous) is not None


def test_the_only_manager_of_an_anonymous_items_unit_is_never_mentioned(
    org_app: RunningApp,
) -> None:
    # David is Socialpsykiatrien's only manager: naming him beside its anonymous item would
    # say who wrote it, so the area's director is asked instead.
    log(org_app, DAVID, {**ANXIOUS, "barrier_anonymous": ["anonymous"]})
    log(org_app, GUSTAV, YOUNG)
    weekly(org_app)
    [root] = roots(org_app)
    text = shown(root)
    assert f"<@{DAVID}>" not in text and f"<@{GUSTAV}>" in text
    assert (
        f"<@{SOFIE}> (direktør for Social- og Sundhedsforvaltningen, for Socialpsykiatrien)" in text
    )
    daily(org_app, MONDAY + timedelta(days=14))
    [question] = replies(org_app, root)
    assert f"<@{DAVID}>" not in shown(question)


def test_one_managers_item_alone_opens_no_thread_but_joins_one_that_names_her_unit(
    org_app: RunningApp,
) -> None:
    log(
        org_app,
        ANNA,
        {
            "barrier_text": "Fælles plan for familier med mange møder i begge afdelinger",
            "barrier_units": ["Jobcentret", "Familieafdelingen"],
        },
    )
    # One manager's item alone never makes a thread, even when it names two units.
    assert "opened 0 thread(s)" in weekly(org_app)
    log(org_app, "U0CAMILLA", {"barrier_text": "Familier får en plan fra hver afdeling"})
    assert "opened 1 thread(s)" in weekly(org_app, MONDAY + timedelta(days=7))
    text = shown(roots(org_app)[0])
    assert "et punkt nævner en anden enhed" in text
    assert "(Familieafdelingen)" in text and "U0CAMILLA" in text


def test_no_cross_unit_channel_gives_one_warning_and_posts_nothing(org_app: RunningApp) -> None:
    with org_app.session() as session:
        session.execute(update(Workspace).values(cross_unit_channel=None))
        session.commit()
    two_areas(org_app)
    log(org_app, ANNA, {"barrier_text": "Én plan for familier", "barrier_units": ["PPR"]})
    log(org_app, "U0CAMILLA", {"barrier_text": "Én plan for familier med børn i PPR"})
    summary = weekly(org_app)
    warnings = [line for line in summary.splitlines() if "no cross-unit channel" in line]
    assert len(warnings) == 1 and "2 new group(s) found, nothing posted" in warnings[0]
    assert org_app.fake.calls_to("chat.postMessage") == []
    assert org_app.fake.calls_to("conversations.join") == []
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(CrossUnitThread)) == 0
    org_app.sender.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"})
    home = shown(org_app.fake.home_view(ADMIN) or {})
    assert "Tråde på tværs er ikke slået til" in home
    assert "Vælg kanalen under *Indstillinger*" in home


@pytest.mark.parametrize(
    ("archived", "reason"), [(True, "kanalen er arkiveret"), (False, "kanalen findes ikke")]
)
def test_an_archived_or_missing_channel_is_reported_to_admins_once_and_not_retried(
    app: RunningApp, archived: bool, reason: str
) -> None:
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    if archived:
        app.fake.add_channel(CHANNEL, "tvaers", is_member=True, is_archived=True)
    two_areas(app)
    first = weekly(app)
    assert "cannot be used" in first and "reported to admins in App Home" in first
    assert app.fake.calls_to("chat.postMessage") == []
    lookups = len(app.fake.calls_to("conversations.info"))
    # Next week: the same report, and Slack is not asked again.
    second = weekly(app, MONDAY + timedelta(days=7))
    assert "not retried" in second
    assert len(app.fake.calls_to("conversations.info")) == lookups
    app.sender.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"})
    home = app.fake.home_view(ADMIN) or {}
    assert reason in shown(home) and "<#C0TVAERS>" in shown(home)
    # Managers do not see it.
    app.sender.event({"type": "app_home_opened", "user": GUSTAV, "tab": "home"})
    assert "Tråde på tværs" not in shown(app.fake.home_view(GUSTAV) or {})
    # The admin fixes the channel and presses "Prøv igen": the next run posts.
    app.fake.add_channel(CHANNEL, "tvaers", is_member=False)
    retry = app.sender.block_action(user_id=ADMIN, action_id="thread_retry_channel", view=home)
    assert retry.status == 200
    assert reason not in shown(app.fake.home_view(ADMIN) or {})
    assert "opened 1 thread(s)" in weekly(app, MONDAY + timedelta(days=14))
    assert len(roots(app)) == 1


def test_only_admins_can_clear_a_channel_problem(org_app: RunningApp) -> None:
    org_app.fake.add_channel(CHANNEL, "tvaers", is_archived=True)
    two_areas(org_app)
    weekly(org_app)
    org_app.sender.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"})
    home = org_app.fake.home_view(ADMIN) or {}
    org_app.sender.block_action(user_id=GUSTAV, action_id="thread_retry_channel", view=home)
    org_app.sender.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"})
    assert "arkiveret" in shown(org_app.fake.home_view(ADMIN) or {})


def test_a_deactivated_manager_is_replaced_by_another_manager_or_the_areas_director(
    org_app: RunningApp,
) -> None:
    log(org_app, ANNA, YOUNG)  # Jobcentret has Anna and Rikke
    log(org_app, DAVID, ANXIOUS)  # Socialpsykiatrien has David only
    with org_app.session() as session:
        session.execute(update(Person).where(Person.user_id == ANNA).values(active=False))
        session.commit()
    org_app.fake.add_user(DAVID, name="David Øster", deleted=True)  # deactivated in Slack
    weekly(org_app)
    text = shown(roots(org_app)[0])
    assert f"<@{RIKKE}> (Jobcentret)" in text
    assert f"<@{ANNA}>" not in text.split("Med i tråden")[1]
    assert (
        f"<@{SOFIE}> (direktør for Social- og Sundhedsforvaltningen, da Socialpsykiatrien ikke "
        "har en aktiv leder i Tværs)" in text
    )
    assert f"<@{DAVID}>" not in text.split("Med i tråden")[1]


def test_a_grown_group_gets_a_note_in_its_thread_not_a_second_thread(org_app: RunningApp) -> None:
    root = opened_thread(org_app)
    newcomer = log(
        org_app,
        ANNA,
        {
            "barrier_text": "Unge med angst kommer ikke i gang med job, mens de venter",
            "barrier_situation": "En ung på 19 med angst uden job og uddannelse, bor alene",
        },
    )
    summary = weekly(org_app, MONDAY + timedelta(days=7))
    assert "opened 0 thread(s)" in summary and "grew 1 thread(s)" in summary
    assert len(roots(org_app)) == 1
    [note] = replies(org_app, root)
    text = shown(note)
    assert "Et nyt punkt hænger sammen med denne tråd" in text
    assert "kommer ikke i gang med job" in text and f"<@{ANNA}> (Jobcentret)" in text
    with org_app.session() as session:
        link = session.get(CrossUnitThreadItem, newcomer)
        assert link is not None
    # A later run adds nothing more.
    weekly(org_app, MONDAY + timedelta(days=10))
    assert len(replies(org_app, root)) == 1


def test_the_command_line_runs_the_job_and_prints_what_it_did(
    org_app: RunningApp, database_url: str
) -> None:
    import os
    import subprocess
    import sys

    two_areas(org_app)
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": "x" * 32,
        "SLACK_API_URL": org_app.fake.base_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "ERROR",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobs",
            "run",
            "cross-unit-threads",
            "--at",
            working(clock.now() + timedelta(days=7)).isoformat(),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Tværby Kommune: opened 1 thread(s)" in done.stdout
    assert len(roots(org_app)) == 1


# -- limits ----------------------------------------------------------------------------------


def test_a_large_group_of_long_items_stays_within_slacks_block_limits(
    org_app: RunningApp,
) -> None:
    situation = "En ældre borger der bor alene og er faldet i hjemmet flere gange i år. " * 12
    units = ["Hjemmeplejen", "Sundhedscentret", "Socialpsykiatrien", "Jobcentret", "PPR"]
    units += ["Dagtilbud", "Skoleafdelingen", "Bibliotekerne", "Byg og Miljø", "Ungdomsskolen"]
    authors = ["U0BO", "U0EMMA", DAVID, ANNA, "U0HANNE", "U0KAREN", JONAS, RIKKE, NIELS, "U0LARS"]
    for index, author in enumerate(authors):
        log(
            org_app,
            author,
            {
                "barrier_text": f"Ældre falder i hjemmet {index} <!channel> & " + "træning " * 320,
                "barrier_situation": situation[:1000],
                "barrier_units": units,
            },
        )
    weekly(org_app, cross_unit_max_items=20)
    [root] = roots(org_app)
    assert len(root["blocks"]) <= 50
    for block in root["blocks"]:
        assert len((block.get("text") or {}).get("text", "")) <= 3000
    assert "<!channel>" not in json.dumps(root["blocks"])
