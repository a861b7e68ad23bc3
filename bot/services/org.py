"""The organisation as the bot sees it: workspaces, units, people, goals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Exists, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.models import Area, Goal, Person, Unit, Workspace, utcnow

MAX_ACTIVE_GOALS = 5


def ensure_workspace(*, session: Session, team_id: str, name: str | None = None) -> Workspace:
    """The workspace row for team_id, created on first contact (concurrent callers are safe)."""
    workspace = session.get(Workspace, team_id)
    if workspace is not None:
        if name and not workspace.name:
            workspace.name = name
        if workspace.uninstalled_at is not None:
            # Someone uses the app again: it was reinstalled, so nothing is to be deleted.
            workspace.uninstalled_at = None
        return workspace
    try:
        with session.begin_nested():
            workspace = Workspace(team_id=team_id, name=name)
            session.add(workspace)
    except IntegrityError:
        # Another request created it between our read and our insert.
        workspace = session.get(Workspace, team_id)
        assert workspace is not None
    return workspace


def get_person(*, session: Session, team_id: str, user_id: str) -> Person | None:
    """The person with this Slack user id in this workspace, active or not, or None."""
    return session.scalar(
        select(Person)
        .where(Person.team_id == team_id, Person.user_id == user_id)
        .options(selectinload(Person.unit).selectinload(Unit.area))
    )


@dataclass(frozen=True)
class PersonView:
    """What the bot knows about a user, for greeting them and deciding what they may do."""

    user_id: str
    known: bool
    role: str | None
    unit_id: int | None
    unit_name: str | None
    area_name: str | None
    active: bool


def describe_user(*, session: Session, team_id: str, user_id: str) -> PersonView:
    """Who a Slack user is to Tværs; users it has never seen come back as unknown."""
    person = get_person(session=session, team_id=team_id, user_id=user_id)
    if person is None:
        return PersonView(user_id, False, None, None, None, None, False)
    unit = person.unit
    return PersonView(
        user_id=user_id,
        known=True,
        role=person.role,
        unit_id=unit.id if unit else None,
        unit_name=unit.name if unit else None,
        area_name=unit.area.name if unit and unit.area else None,
        active=person.active,
    )


def active_goals(*, session: Session, team_id: str) -> list[Goal]:
    """The workspace's active goals with their indicators, in the order the organisation set."""
    return list(
        session.scalars(
            select(Goal)
            .where(Goal.team_id == team_id, Goal.active.is_(True))
            .options(selectinload(Goal.indicators))
            .order_by(Goal.position, Goal.id)
        )
    )


@dataclass(frozen=True)
class Choices:
    """Whether the organisation has units and goals for an item to name."""

    units: bool
    goals: bool


def detail_choices(*, session: Session, team_id: str) -> Choices:
    """What an item's form can offer besides its text: units, goals (either may be none yet)."""

    def some(model: type[Unit] | type[Goal]) -> Exists:
        return exists().where(model.team_id == team_id, model.active.is_(True))

    # One statement: this is on the quick path of every `/barriere TEXT`.
    units, goals = session.execute(select(some(Unit), some(Goal))).one()
    return Choices(units=bool(units), goals=bool(goals))


def active_units(*, session: Session, team_id: str) -> list[Unit]:
    """The workspace's active units, by name."""
    return list(
        session.scalars(
            select(Unit)
            .where(Unit.team_id == team_id, Unit.active.is_(True))
            .options(selectinload(Unit.area))
            .order_by(Unit.name)
        )
    )


def active_areas(*, session: Session, team_id: str) -> list[Area]:
    """The workspace's active areas, by name."""
    return list(
        session.scalars(
            select(Area).where(Area.team_id == team_id, Area.active.is_(True)).order_by(Area.name)
        )
    )


def workspace_language(*, session: Session, team_id: str, default: str) -> str:
    """The language the workspace's users see (the organisation file may set it)."""
    workspace = session.get(Workspace, team_id) if team_id else None
    # Held for the session: the identity map keeps objects weakly, so without this the next
    # read of the workspace in the same request (ensure_workspace) would query it again.
    session.info["workspace"] = workspace
    return workspace.language if workspace is not None and workspace.language else default


def mark_uninstalled(*, session: Session, team_id: str) -> None:
    """Record that the app left the workspace (jobs stop; data goes after the grace period)."""
    workspace = ensure_workspace(session=session, team_id=team_id)
    workspace.uninstalled_at = utcnow()


def installed_workspaces(*, session: Session, team_id: str | None = None) -> list[Workspace]:
    """Workspaces the app is installed in (or just `team_id`, if it is): what jobs work for."""
    query = select(Workspace).where(Workspace.uninstalled_at.is_(None))
    if team_id is not None:
        query = query.where(Workspace.team_id == team_id)
    return list(session.scalars(query.order_by(Workspace.team_id)))
