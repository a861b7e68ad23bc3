"""Who may do what in Tværs: the one table every permission check reads.

Roles come from the organisation (manager, director, admin) and count only while the person is
active; someone the organisation does not know has no role. Three relations to the thing acted
on widen the table: the *author* of an item, the person a prompt was sent to (*own*), and the
people *involved* in a cross-unit thread (managers of its units, directors of their areas).
Every handler checks on the server, whatever the Slack payload claims.
"""

from __future__ import annotations

import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Person, Role


class Do(enum.StrEnum):
    """Everything a person can ask Tværs to do."""

    LOG_ITEM = "log_item"  # /barriere, the modal
    CHANGE_ITEM = "change_item"  # edit, status, escalate, delete
    UNDO_ITEM = "undo_item"  # "Fortryd" right after logging
    OWN_DATA = "own_data"  # /barriere mine data, "Slet mine data"
    ANSWER_REFLECTION = "answer_reflection"  # answer, skip or pause a weekly prompt
    ANSWER_THREAD = "answer_thread"  # the follow-up buttons in a cross-unit thread
    SEE_DIGEST = "see_digest"  # /barriere overblik, the director's App Home
    EXPORT_ITEMS = "export_items"  # the digest's CSV export
    RECORD_EFFECT = "record_effect"  # indicator values in App Home
    ADMINISTER = "administer"  # every admin screen


ANYONE, AUTHOR, OWN, INVOLVED = "anyone", "author", "own", "involved"
MANAGER, DIRECTOR, ADMIN = Role.MANAGER.value, Role.DIRECTOR.value, Role.ADMIN.value

RULES: dict[Do, frozenset[str]] = {
    Do.LOG_ITEM: frozenset({ANYONE}),
    Do.CHANGE_ITEM: frozenset({AUTHOR, ADMIN}),
    Do.UNDO_ITEM: frozenset({AUTHOR}),
    Do.OWN_DATA: frozenset({ANYONE}),  # always about oneself: the user id comes from Slack
    Do.ANSWER_REFLECTION: frozenset({OWN}),
    Do.ANSWER_THREAD: frozenset({AUTHOR, INVOLVED, ADMIN}),
    Do.SEE_DIGEST: frozenset({DIRECTOR, ADMIN}),
    Do.EXPORT_ITEMS: frozenset({DIRECTOR, ADMIN}),
    Do.RECORD_EFFECT: frozenset({DIRECTOR, ADMIN}),
    Do.ADMINISTER: frozenset({ADMIN}),
}


def allowed(
    action: Do,
    *,
    role: str | None,
    author: bool = False,
    own: bool = False,
    involved: bool = False,
) -> bool:
    """True when someone with this (active) role and these relations may do `action`."""
    who = RULES[action]
    return (
        ANYONE in who
        or (role is not None and role in who)
        or (author and AUTHOR in who)
        or (own and OWN in who)
        or (involved and INVOLVED in who)
    )


def role_of(*, session: Session, team_id: str, user_id: str) -> str | None:
    """The user's role while they are active in the organisation, else None."""
    return session.scalar(
        select(Person.role).where(
            Person.team_id == team_id, Person.user_id == user_id, Person.active.is_(True)
        )
    )


def may(
    action: Do,
    *,
    session: Session,
    team_id: str,
    user_id: str,
    author: bool = False,
    own: bool = False,
    involved: bool = False,
) -> bool:
    """Look the user's role up and apply the table."""
    role = role_of(session=session, team_id=team_id, user_id=user_id)
    return allowed(action, role=role, author=author, own=own, involved=involved)
