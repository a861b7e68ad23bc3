"""App Home: what the bot knows about you, and what it does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.authz import Do, allowed
from bot.later import later
from bot.models import ItemStatus, Role, utcnow
from bot.services import admin as admin_service
from bot.services import calendar as calendar_service
from bot.services import decisions as decisions_service
from bot.services import digest as digest_service
from bot.services import effect_sources, org
from bot.services import items as item_service
from bot.services import reflection as reflection_service
from bot.services import threads as thread_service
from bot.services.effect import indicator_statuses
from bot.views import admin as views
from bot.views import decisions as decision_views
from bot.views.barrier import MAX_LISTED, home_section
from bot.views.digest import effect_home_section
from bot.views.home import build_home
from bot.views.reflection import home_section as reflection_home_section
from bot.views.suggest import home_line
from bot.views.threads import admin_home_section
from handlers import suggest as suggest_handlers
from handlers.context import item_notes, slack_admin
from handlers.context import workspace_tz as _tz

if TYPE_CHECKING:
    from bot.runtime import Runtime


def register(app: App, runtime: Runtime) -> None:
    """Publish the home tab whenever someone opens it."""
    app.event("app_home_opened")(on_home_opened)
    # The messages tab also sends app_home_opened (tab == "messages"); that is handled above.


def on_home_opened(
    event: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Render and publish the App Home for the user who opened it.

    Before the answer, unlike the refreshes after a click (publish_home_later): if Slack
    refuses the view, the event fails and Slack delivers it again."""
    if event.get("tab", "home") != "home":
        return
    publish_home(session=session, client=client, context=context, user_id=event["user"])


def publish_home_later(*, client: WebClient, context: BoltContext, user_id: str) -> None:
    """Publish the user's App Home once the request's work is committed and Slack has its
    answer (bot.later): views.publish waits on Slack, and the answer must not."""

    def publish(session: Session) -> None:
        publish_home(session=session, client=client, context=context, user_id=user_id)

    later(context, publish)


def publish_home(
    *, session: Session, client: WebClient, context: BoltContext, user_id: str
) -> None:
    """Build the user's App Home from the database and publish it."""
    team_id = context.team_id or ""
    settings = context["settings"]
    workspace = org.ensure_workspace(session=session, team_id=team_id)
    lang = workspace.language or settings.language
    context["lang"] = lang
    first_run = _first_run_view(
        session=session, client=client, team_id=team_id, user_id=user_id, lang=lang
    )
    if first_run is not None:
        client.views_publish(user_id=user_id, view=first_run)
        return
    person = org.describe_user(session=session, team_id=team_id, user_id=user_id)
    goals = org.active_goals(session=session, team_id=team_id)
    sections = _director_section(session, context, person, lang)
    sections.extend(_effect_section(session, team_id, person, lang))
    sections.extend(_reflection_section(session, context, user_id, lang))
    sections.append(_items_section(session, context, person, lang))
    sections.extend(_cross_unit_section(session, team_id, person, lang))
    sections.extend(_admin_section(session, context, person, lang))
    view = build_home(person=person, goals=goals, lang=lang, sections=sections)
    client.views_publish(user_id=user_id, view=view)


def _reflection_section(
    session: Session, context: BoltContext, user_id: str, lang: str
) -> list[list[dict[str, Any]]]:
    """A manager's weekly reflection: next prompt, own day and time, pause, latest answers."""
    home = reflection_service.home_reflection(
        session=session,
        team_id=context.team_id or "",
        user_id=user_id,
        now=utcnow(),
        policy=reflection_service.Policy.from_settings(context["settings"]),
    )
    return [] if home is None else [reflection_home_section(home=home, lang=lang)]


def _effect_section(
    session: Session, team_id: str, person: org.PersonView, lang: str
) -> list[list[dict[str, Any]]]:
    """Directors and admins: each effect indicator's latest values, and a form to record one."""
    if not allowed(Do.RECORD_EFFECT, role=_role(person)):
        return []
    statuses = indicator_statuses(session=session, team_id=team_id)
    return [effect_home_section(statuses=statuses, lang=lang)]


def _items_section(
    session: Session, context: BoltContext, person: org.PersonView, lang: str
) -> list[dict[str, Any]]:
    """The user's own items with what relates to them elsewhere; admins also see items from
    people with no unit."""
    team_id, user_id = context.team_id or "", person.user_id
    open_items = item_service.items_of(
        session=session,
        team_id=team_id,
        author_id=user_id,
        statuses=item_service.OPEN_STATUSES,
        limit=MAX_LISTED,
    )
    total = item_service.count_items_of(
        session=session, team_id=team_id, author_id=user_id, statuses=item_service.OPEN_STATUSES
    )
    resolved = item_service.items_of(
        session=session,
        team_id=team_id,
        author_id=user_id,
        statuses=[ItemStatus.RESOLVED.value],
        limit=5,
    )
    is_admin = allowed(Do.ADMINISTER, role=_role(person))
    unplaced = item_service.items_without_unit(session=session, team_id=team_id) if is_admin else []
    found = suggest_handlers.related(session, context, open_items, user_id)
    lines = {
        item_id: [home_line(item_id=item_id, suggestions=suggestions, lang=lang)]
        for item_id, suggestions in found.items()
        if suggestions
    }
    return home_section(
        open_items=open_items,
        open_total=total,
        resolved=resolved,
        unplaced=unplaced,
        lang=lang,
        related=lines,
        notes=item_notes(session, context, [*open_items, *resolved], lang),
    )


def _cross_unit_section(
    session: Session, team_id: str, person: org.PersonView, lang: str
) -> list[list[dict[str, Any]]]:
    """Admins: why cross-unit threads cannot be posted, shown until it is fixed."""
    if not allowed(Do.ADMINISTER, role=_role(person)):
        return []
    notice = thread_service.admin_notice(session=session, team_id=team_id)
    return [admin_home_section(notice=notice, lang=lang)] if notice is not None else []


def _director_section(
    session: Session, context: BoltContext, person: org.PersonView, lang: str
) -> list[list[dict[str, Any]]]:
    """Directors: what is escalated and the month so far, for their area."""
    if not (person.known and person.active and person.role == Role.DIRECTOR.value):
        return []
    team_id = context.team_id or ""
    return [
        _director_blocks(
            session=session, context=context, team_id=team_id, user_id=person.user_id, lang=lang
        )
    ]


def _admin_section(
    session: Session, context: BoltContext, person: org.PersonView, lang: str
) -> list[list[dict[str, Any]]]:
    """Admins: settings, organisation, goals, status and the change log."""
    if not allowed(Do.ADMINISTER, role=_role(person)):
        return []
    team_id = context.team_id or ""
    return [_admin_blocks(session=session, context=context, team_id=team_id, lang=lang)]


def _role(person: org.PersonView) -> str | None:
    """The role that counts for permissions: only while the person is active."""
    return person.role if person.known and person.active else None


# -- App Home sections -------------------------------------------


def _first_run_view(
    *, session: Session, client: WebClient, team_id: str, user_id: str, lang: str
) -> dict[str, Any] | None:
    """The set-up guide while the workspace has no units and no people, else None."""
    if not admin_service.organisation_is_empty(session=session, team_id=team_id):
        return None
    can_claim, _name = slack_admin(client, user_id)
    return views.first_run_home(lang=lang, can_claim=can_claim)


def _admin_blocks(
    *, session: Session, context: BoltContext, team_id: str, lang: str
) -> list[dict[str, Any]]:
    """The admins' section of App Home."""
    settings = context["settings"]
    workspace = org.ensure_workspace(session=session, team_id=team_id)
    tz = workspace.timezone or settings.timezone
    now = utcnow()
    calendar = calendar_service.calendar_for(session=session, team_id=team_id)
    first_digest = digest_service.first_digest_at(
        session=session, team_id=team_id, now=now, tz=tz, calendar=calendar
    )
    no_data = digest_service.first_month(session=session, team_id=team_id, tz=tz) is None
    overview = views.AdminOverview(
        workspace=workspace,
        default_language=settings.language,
        tz=tz,
        areas=org.active_areas(session=session, team_id=team_id),
        units=org.active_units(session=session, team_id=team_id),
        counts=admin_service.org_counts(session=session, team_id=team_id),
        goals=org.active_goals(session=session, team_id=team_id),
        jobs=admin_service.job_status(
            session=session,
            team_id=team_id,
            names=admin_service.job_names(session=session, team_id=team_id),
        ),
        waiting=admin_service.waiting_items(session=session, team_id=team_id),
        channels=admin_service.channel_status(session=session, team_id=team_id),
        audit=admin_service.audit_entries(session=session, team_id=team_id, limit=5),
        now=now,
        prompts=admin_service.prompt_week(session=session, team_id=team_id, now=now, tz=tz),
        closing_days=calendar_service.closing_days(
            session=session, team_id=team_id, since=now.astimezone(ZoneInfo(tz)).date()
        ),
        first_digest=first_digest,
        no_data_yet=no_data,
        socket=_socket_line(),
        sources=effect_sources.source_statuses(session=session, team_id=team_id),
    )
    return views.admin_section(overview, lang)


def _socket_line() -> views.SocketLine | None:
    from bot import socket_mode

    status = socket_mode.current
    if status is None:
        return None
    return views.SocketLine(status.connected, status.connected_at, status.reconnects)


def _director_blocks(
    *, session: Session, context: BoltContext, team_id: str, user_id: str, lang: str
) -> list[dict[str, Any]]:
    """The directors' section of App Home: escalations and the month so far."""
    tz = _tz(session, context)
    overview = admin_service.director_overview(
        session=session, team_id=team_id, user_id=user_id, now=utcnow(), tz=tz
    )
    standings = decisions_service.standings(
        session=session, team_id=team_id, items=overview.escalated
    )
    answers: dict[int, list[dict[str, Any]]] = {}
    shown: set[int] = set()
    for item in overview.escalated:
        standing = standings.get(item.id)
        if standing is None or standing.escalation.id in shown:
            continue
        shown.add(standing.escalation.id)
        escalation = standing.escalation
        blocks = decision_views.question_block(escalation.question, lang)
        if standing.decision is None:
            blocks.append(decision_views.buttons(escalation_id=escalation.id, lang=lang))
        else:
            line = decision_views.standing_line(
                escalated_at=escalation.raised_at, decision=standing.decision, tz=tz, lang=lang
            )
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": line}]})
        answers[item.id] = blocks
    return views.director_section(overview=overview, tz=tz, lang=lang, answers=answers)
