"""Cross-cutting goals and their effect indicators, as admins add, change and retire them in
App Home. Each change is authorised, validated and written to the audit log; nothing is deleted
(a retired goal or indicator keeps its history).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot.errors import InputError
from bot.models import Goal, Indicator
from bot.services.admin.audit import audit, require_admin
from bot.services.admin.validation import MAX_DESCRIPTION, MAX_MEASURE_UNIT
from bot.services.admin.validation import clean_name as _name
from bot.services.admin.validation import lock_workspace as _lock_workspace
from bot.services.admin.validation import rename as _rename
from bot.services.admin.validation import same_name as _same_name
from bot.services.admin.validation import valid_id as _valid_id
from bot.services.guard import contains_personal_data
from bot.services.org import MAX_ACTIVE_GOALS


@dataclass(frozen=True)
class IndicatorDraft:
    """An effect indicator as the admin typed it."""

    name: str
    measure_unit: str
    higher_is_better: bool
    target: str | None = None


def _indicator_values(draft: IndicatorDraft) -> tuple[str, str, float | None]:
    name = _name(draft.name, field="indicator_name")
    measure = _name(draft.measure_unit, field="measure_unit", limit=MAX_MEASURE_UNIT)
    target: float | None = None
    text = (draft.target or "").strip().replace(",", ".")
    if text:
        try:
            target = float(text)
        except ValueError:
            raise InputError("admin.err_target", field="target") from None
        if not math.isfinite(target):
            raise InputError("admin.err_target", field="target")
    return name, measure, target


def get_goal(session: Session, team_id: str, goal_id: int | None) -> Goal:
    """An active goal of the workspace; InputError when it is gone."""
    goal = session.get(Goal, goal_id) if _valid_id(goal_id) else None
    if goal is None or goal.team_id != team_id or not goal.active:
        raise InputError("admin.err_goal_gone", field="title")
    return goal


def _active_goal_count(session: Session, team_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Goal)
            .where(Goal.team_id == team_id, Goal.active.is_(True))
        )
        or 0
    )


def _description(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > MAX_DESCRIPTION:
        raise InputError(
            "admin.err_name_long", field="description", limit=MAX_DESCRIPTION, count=len(text)
        )
    if contains_personal_data(text):
        raise InputError("admin.err_cpr", field="description")
    return text


def add_goal(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    title: str,
    description: str | None,
    indicator: IndicatorDraft,
) -> Goal:
    """Add a cross-cutting goal with its first effect indicator (at most five are active)."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    title = _name(title, field="title")
    description = _description(description)
    ind_name, measure, target = _indicator_values(indicator)
    _lock_workspace(session, team_id)
    if _active_goal_count(session, team_id) >= MAX_ACTIVE_GOALS:
        raise InputError("admin.err_sixth_goal", field="title", limit=MAX_ACTIVE_GOALS)
    goals = session.scalars(
        select(Goal).where(Goal.team_id == team_id).options(selectinload(Goal.indicators))
    ).all()
    same = next((g for g in goals if _same_name(g.title, title)), None)
    if same is not None and same.active:
        raise InputError("admin.err_goal_exists", field="title", title=same.title)
    position = max((g.position for g in goals if g.active), default=-1) + 1
    if same is not None:
        goal = same
        goal.active, goal.title, goal.position = True, title, position
        goal.description = description
        audit(session, team_id=team_id, actor_id=actor_id, action="goal.reactivated", subject=title)
    else:
        goal = Goal(team_id=team_id, title=title, description=description, position=position)
        session.add(goal)
        session.flush()
        audit(session, team_id=team_id, actor_id=actor_id, action="goal.added", subject=title)
    _put_indicator(session, team_id, actor_id, goal, ind_name, measure, indicator, target)
    session.flush()
    return goal


def _put_indicator(
    session: Session,
    team_id: str,
    actor_id: str,
    goal: Goal,
    name: str,
    measure: str,
    draft: IndicatorDraft,
    target: float | None,
) -> Indicator:
    same = next((i for i in goal.indicators if _same_name(i.name, name)), None)
    if same is not None and same.active:
        raise InputError("admin.err_indicator_exists", field="indicator_name", name=same.name)
    if same is not None:
        same.active, same.name, same.measure_unit = True, name, measure
        same.higher_is_better, same.target = draft.higher_is_better, target
        action, indicator = "indicator.reactivated", same
    else:
        indicator = Indicator(
            team_id=team_id,
            goal_id=goal.id,
            name=name,
            measure_unit=measure,
            higher_is_better=draft.higher_is_better,
            target=target,
        )
        goal.indicators.append(indicator)
        action = "indicator.added"
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action=action,
        subject=f"{goal.title}: {name}",
    )
    return indicator


def update_goal(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    goal_id: int,
    title: str,
    description: str | None,
    retire: bool = False,
) -> Goal:
    """Rename a goal, change its description, or retire it (its history stays)."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    title = _name(title, field="title")
    description = _description(description)
    goal = get_goal(session, team_id, goal_id)
    _rename(session, goal, "title", title, team_id=team_id, actor_id=actor_id, kind="goal")
    if description != goal.description:
        # The text itself is not repeated in the log; the goal shows it.
        audit(session, team_id=team_id, actor_id=actor_id, action="goal.description", subject=title)
        goal.description = description
    if retire:
        goal.active = False
        audit(session, team_id=team_id, actor_id=actor_id, action="goal.retired", subject=title)
        # Keep the active goals numbered 0..n-1, as an import numbers them.
        remaining = session.scalars(
            select(Goal)
            .where(Goal.team_id == team_id, Goal.active.is_(True), Goal.id != goal.id)
            .order_by(Goal.position, Goal.id)
        ).all()
        for position, other in enumerate(remaining):
            other.position = position
    session.flush()
    return goal


def add_indicator(
    *, session: Session, team_id: str, actor_id: str, goal_id: int, draft: IndicatorDraft
) -> Indicator:
    """Add an effect indicator to an active goal."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    name, measure, target = _indicator_values(draft)
    goal = get_goal(session, team_id, goal_id)
    indicator = _put_indicator(session, team_id, actor_id, goal, name, measure, draft, target)
    session.flush()
    return indicator


def get_indicator(session: Session, team_id: str, indicator_id: int | None) -> Indicator:
    """An active indicator of an active goal; InputError when it is gone."""
    indicator = session.get(Indicator, indicator_id) if _valid_id(indicator_id) else None
    if (
        indicator is None
        or indicator.team_id != team_id
        or not indicator.active
        or not indicator.goal.active
    ):
        raise InputError("admin.err_indicator_gone", field="indicator_name")
    return indicator


def update_indicator(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    indicator_id: int,
    draft: IndicatorDraft,
    retire: bool = False,
) -> Indicator:
    """Change an indicator, or retire it (a goal keeps at least one)."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    name, measure, target = _indicator_values(draft)
    indicator = get_indicator(session, team_id, indicator_id)
    goal = indicator.goal
    subject = f"{goal.title}: {name}"
    if retire:
        others = [i for i in goal.indicators if i.active and i.id != indicator.id]
        if not others:
            raise InputError("admin.err_last_indicator", field="retire")
        indicator.active = False
        audit(
            session, team_id=team_id, actor_id=actor_id, action="indicator.retired", subject=subject
        )
        session.flush()
        return indicator
    siblings = [i for i in goal.indicators if i.id != indicator.id]
    if name != indicator.name and any(_same_name(i.name, name) for i in siblings):
        raise InputError("admin.err_indicator_exists", field="indicator_name", name=name)
    for attr, value in (
        ("name", name),
        ("measure_unit", measure),
        ("higher_is_better", draft.higher_is_better),
        ("target", target),
    ):
        before = getattr(indicator, attr)
        if before != value:
            audit(
                session,
                team_id=team_id,
                actor_id=actor_id,
                action="indicator.changed",
                subject=subject,
                field=attr,
                before=before,
                after=value,
            )
            setattr(indicator, attr, value)
    session.flush()
    return indicator
