"""The weekly reflection in the digest: participation by area (small ones merged), themes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, exists, false, func, or_, select, union_all
from sqlalchemy.orm import Session

from bot.models import Area, Person, Unit
from bot.services.digest.parts import ParticipationGroup, ReflectionSummary
from bot.services.digest.period import Period
from bot.services.digest.sql import _between, _model
from bot.services.digest.themes import THEME_KEYS, _haystack, _ranked_themes, _texts, _theme_flags

QUOTE_LIMIT = 3


def reflection_summary(
    *, session: Session, team_id: str, period: Period, area_id: int | None, threshold: int
) -> ReflectionSummary | None:
    """Who answered the weekly reflection, by area, with small areas merged; None to hide.

    None while the reflection tables are not in this build, or when nobody was asked in the
    month. A manager counts as asked when a prompt due in the month reached them, and as
    answered when any of those prompts has an answer (the form's or a reply in the DM).
    """
    prompt, reply = _model("ReflectionPrompt"), _model("ReflectionReply")
    if prompt is None:
        return None
    reached = or_(prompt.state == "sent", prompt.answered_at.is_not(None))
    has_reply = exists().where(reply.prompt_id == prompt.id) if reply is not None else false()
    answered_prompt = or_(prompt.answered_at.is_not(None), has_reply)
    base = [prompt.team_id == team_id, _between(prompt.due_at, period), reached]
    if area_id is not None:
        base.append(
            prompt.user_id.in_(
                select(Person.user_id)
                .join(Unit, Unit.id == Person.unit_id)
                .where(Person.team_id == team_id, Unit.area_id == area_id)
            )
        )
    # One row per manager (with their area): did any of their prompts this month get an answer?
    per_manager = (
        select(
            prompt.user_id.label("user_id"),
            Unit.area_id.label("area_id"),
            func.max(case((answered_prompt, 1), else_=0)).label("answered"),
        )
        .select_from(prompt)
        .outerjoin(Person, and_(Person.team_id == prompt.team_id, Person.user_id == prompt.user_id))
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(*base)
        .group_by(prompt.user_id, Unit.area_id)
        .subquery()
    )
    by_area = session.execute(
        select(
            per_manager.c.area_id,
            func.count().label("asked"),
            func.coalesce(func.sum(per_manager.c.answered), 0).label("answered"),
        ).group_by(per_manager.c.area_id)
    ).all()
    asked = sum(int(row.asked) for row in by_area)
    if not asked:
        return None
    answered = sum(int(row.answered) for row in by_area)
    names = {
        row.id: row.name
        for row in session.execute(select(Area.id, Area.name).where(Area.team_id == team_id))
    }
    sizes = [
        (
            names.get(row.area_id) if row.area_id is not None else None,
            int(row.asked),
            int(row.answered),
        )
        for row in by_area
    ]
    groups = merge_small_groups(sizes, threshold=threshold) if asked >= threshold else ()
    themes: tuple[tuple[str, int], ...] = ()
    quotes: tuple[str, ...] = ()
    if answered >= threshold:
        themes = _reflection_themes(session, prompt, reply, base)
        quotes = shareable_quotes(session=session, base=base)
    return ReflectionSummary(
        threshold=threshold,
        asked=asked,
        answered=answered,
        groups=groups,
        themes=themes,
        quotes=quotes,
    )


def _reflection_themes(
    session: Session, prompt: Any, reply: Any, base: Sequence[Any]
) -> tuple[tuple[str, int], ...]:
    """How many managers' answers (in the form or in the DM) touched each theme."""
    answers = select(
        prompt.user_id.label("user_id"),
        _haystack(prompt.answer_need, prompt.answer_barriers, prompt.answer_action).label("hay"),
    ).where(*base, prompt.answered_at.is_not(None))
    if reply is not None:
        replies = (
            select(prompt.user_id.label("user_id"), _haystack(reply.text).label("hay"))
            .join(prompt, prompt.id == reply.prompt_id)
            .where(*base)
        )
        texts = _texts(union_all(answers, replies))
    else:
        texts = _texts(answers)
    flags = select(texts.c.user_id, *_theme_flags(texts.c.hay)).subquery()
    per_manager = (
        select(flags.c.user_id, *(func.max(flags.c[key]).label(key) for key in THEME_KEYS))
        .group_by(flags.c.user_id)
        .subquery()
    )
    row = session.execute(
        select(*(func.coalesce(func.sum(per_manager.c[key]), 0).label(key) for key in THEME_KEYS))
    ).first()
    return _ranked_themes(row)


def shareable_quotes(*, session: Session, base: Sequence[Any]) -> tuple[str, ...]:
    """Answers their managers marked as shareable, newest first; () while no answer can be.

    The reflection feature does not (yet) let a manager mark an answer as shareable: until a
    boolean `shareable` column exists on its prompts, no quote is ever shown.
    """
    prompt = _model("ReflectionPrompt")
    flag = getattr(prompt, "shareable", None) if prompt is not None else None
    if flag is None:
        return ()
    rows = session.execute(
        select(prompt.answer_need, prompt.answer_barriers, prompt.answer_action)
        .where(*base, flag.is_(True))
        .order_by(prompt.answered_at.desc())
        .limit(QUOTE_LIMIT)
    ).all()
    return tuple(next(a for a in row if a) for row in rows if any(row))


def merge_small_groups(
    sizes: Sequence[tuple[str | None, int, int]], *, threshold: int
) -> tuple[ParticipationGroup, ...]:
    """Groups of at least `threshold` asked managers: small areas are merged until they are.

    `sizes` holds (area name or None for "no area", asked, answered). Areas big enough stand
    alone; the small ones are pooled. If the pool is still too small, the smallest standing
    area joins it, so no group under the threshold can be read off, not even by subtracting
    the shown groups from the total. Empty when all of them together are too few.
    """
    if sum(asked for _, asked, _ in sizes) < threshold:
        return ()
    alone = sorted(
        (s for s in sizes if s[0] is not None and s[1] >= threshold),
        key=lambda s: (s[1], s[0] or ""),
    )
    pool = [s for s in sizes if s not in alone]
    while pool and sum(s[1] for s in pool) < threshold and alone:
        pool.append(alone.pop(0))
    groups = [
        ParticipationGroup(name, (name or "",), asked, answered) for name, asked, answered in alone
    ]
    if pool:
        names = tuple(sorted(name for name, _, _ in pool if name is not None))
        label = names[0] if len(pool) == 1 and names else None
        groups.append(
            ParticipationGroup(
                label=label,
                areas=names,
                asked=sum(s[1] for s in pool),
                answered=sum(s[2] for s in pool),
            )
        )
    named = sorted((g for g in groups if g.label is not None), key=lambda g: g.label or "")
    merged = [g for g in groups if g.label is None]
    return tuple(named + merged)
