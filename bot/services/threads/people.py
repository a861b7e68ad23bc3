"""Who is asked: what a thread message shows, who is mentioned or told, and who may answer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.authz import Do, allowed
from bot.models import CrossUnitThread, Item, Person, Role, Unit
from bot.services.matching import explain
from bot.services.threads.claims import thread_items
from bot.services.threads.planning import item_unit_ids

MAX_MENTIONS_PER_UNIT = 3


@dataclass(frozen=True)
class UnitPeople:
    """Everyone who could answer for one unit, before Slack says who is still there."""

    unit_id: int
    unit_name: str
    area_name: str | None
    authors: tuple[str, ...]  # who logged a (named) item from this unit
    managers: tuple[str, ...]  # the unit's active managers, by name
    directors: tuple[str, ...]  # the active directors of the unit's area
    # An item from this unit is anonymous: its only manager is never named (that names them).
    anonymous: bool = False


@dataclass(frozen=True)
class Contact:
    """Who is mentioned for one unit, and whether it is the area's director standing in."""

    unit_name: str
    area_name: str | None
    user_ids: tuple[str, ...]
    via_director: bool = False
    # The director stands in for a unit whose one manager would be named by an anonymous item.
    for_anonymity: bool = False


@dataclass(frozen=True)
class CardItem:
    """One item as a thread shows it: an anonymous item has no author here at all."""

    item_id: int
    kind: str
    status: str
    text: str
    situation: str | None
    units: tuple[str, ...]
    author_id: str | None
    goal: str | None


@dataclass(frozen=True)
class Card:
    """Everything a thread message shows, read from the database in one go."""

    items: tuple[CardItem, ...]
    units: tuple[UnitPeople, ...]
    area_names: tuple[str, ...]
    reasons: tuple[str, ...]
    goal: str | None
    # What the items share, in the thesaurus's own words (never an author's), per language.
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _people(session: Session, team_id: str, unit_ids: set[int]) -> list[Person]:
    units = list(
        session.scalars(select(Unit).where(Unit.team_id == team_id, Unit.id.in_(unit_ids)))
    )
    area_ids = {u.area_id for u in units if u.area_id is not None}
    return list(
        session.scalars(
            select(Person)
            .join(Unit, Person.unit_id == Unit.id)
            .where(
                Person.team_id == team_id,
                Person.active.is_(True),
                Person.role.in_([Role.MANAGER.value, Role.DIRECTOR.value]),
                or_(Unit.id.in_(unit_ids), Unit.area_id.in_(area_ids) if area_ids else false()),
            )
            .options(selectinload(Person.unit))
            .order_by(Person.name, Person.user_id)
        )
    )


def card(
    *, session: Session, team_id: str, items: Sequence[Item], reasons: Iterable[str] = ()
) -> Card:
    """Read what a thread message about these items needs to show."""
    unit_ids: set[int] = set()
    for item in items:
        unit_ids |= item_unit_ids(item)
    units = list(
        session.scalars(
            select(Unit)
            .where(Unit.team_id == team_id, Unit.id.in_(unit_ids))
            .options(selectinload(Unit.area))
            .order_by(Unit.name)
        )
    )
    names = {u.id: u.name for u in units}
    people = _people(session, team_id, unit_ids) if unit_ids else []
    by_user = {p.user_id: p for p in people}
    unit_people = []
    for unit in units:
        authors = tuple(
            dict.fromkeys(
                item.author_id
                for item in items
                if not item.anonymous
                and item.unit_id == unit.id
                and item.author_id in by_user
                and by_user[item.author_id].unit_id == unit.id
            )
        )
        managers = tuple(
            p.user_id for p in people if p.unit_id == unit.id and p.role == Role.MANAGER.value
        )
        directors = tuple(
            p.user_id
            for p in people
            if p.role == Role.DIRECTOR.value
            and p.unit is not None
            and unit.area_id is not None
            and p.unit.area_id == unit.area_id
        )
        unit_people.append(
            UnitPeople(
                unit_id=unit.id,
                unit_name=unit.name,
                area_name=unit.area.name if unit.area else None,
                authors=authors,
                managers=managers,
                directors=directors,
                anonymous=any(item.anonymous and item.unit_id == unit.id for item in items),
            )
        )
    card_items = tuple(
        CardItem(
            item_id=item.id,
            kind=item.kind,
            status=item.status,
            text=item.text or "",
            situation=item.citizen_situation,
            units=tuple(
                names[u]
                for u in sorted(item_unit_ids(item), key=lambda u: names.get(u, ""))
                if u in names
            ),
            author_id=None if item.anonymous else item.author_id,
            goal=item.goal.title if item.goal is not None else None,
        )
        for item in items
    )
    goals = {i.goal for i in card_items if i.goal}
    areas = sorted({u.area.name for u in units if u.area is not None})
    texts = [(item.text, item.citizen_situation) for item in items]
    return Card(
        items=card_items,
        units=tuple(unit_people),
        area_names=tuple(areas),
        reasons=tuple(sorted(set(reasons))),
        goal=goals.pop() if len(goals) == 1 else None,
        shared={lang: explain(texts, lang=lang).concepts for lang in ("da", "en")},
    )


def contacts(card: Card, reachable: Callable[[str], bool]) -> list[Contact]:
    """Who to mention for each unit: the named authors, else its other active managers, else
    the directors of its area. `reachable` says whether Slack still has the user."""
    found = []
    for unit in card.units:
        # Mentioning a unit's one manager beside an anonymous item from it would name the
        # author: the area's director is asked instead.
        managers = () if unit.anonymous and len(unit.managers) == 1 else unit.managers
        for group, via_director in (
            (unit.authors, False),
            (managers, False),
            (unit.directors, True),
        ):
            people = tuple(u for u in group if reachable(u))[:MAX_MENTIONS_PER_UNIT]
            if people:
                hidden = via_director and managers != unit.managers
                found.append(Contact(unit.unit_name, unit.area_name, people, via_director, hidden))
                break
        else:
            found.append(Contact(unit.unit_name, unit.area_name, ()))
    return found


def directors_to_tell(
    *, session: Session, team_id: str, items: Sequence[Item], reachable: Callable[[str], bool]
) -> list[str]:
    """The active directors of the areas the items involve (else those with no unit: the top)."""
    unit_ids: set[int] = set()
    for item in items:
        unit_ids |= item_unit_ids(item)
    area_ids = set(
        session.scalars(
            select(Unit.area_id).where(
                Unit.team_id == team_id, Unit.id.in_(unit_ids), Unit.area_id.is_not(None)
            )
        )
    )
    directors = select(Person.user_id).where(
        Person.team_id == team_id,
        Person.active.is_(True),
        Person.role == Role.DIRECTOR.value,
    )
    found: list[str] = []
    if area_ids:
        found = list(
            session.scalars(
                directors.join(Unit, Person.unit_id == Unit.id)
                .where(Unit.area_id.in_(area_ids))
                .order_by(Person.name, Person.user_id)
            )
        )
    found = [u for u in found if reachable(u)]
    if not found:
        top = session.scalars(directors.where(Person.unit_id.is_(None)).order_by(Person.user_id))
        found = [u for u in top if reachable(u)]
    return list(dict.fromkeys(found))


def may_answer(*, session: Session, thread: CrossUnitThread, user_id: str) -> bool:
    """Authors of the items, managers and directors of the units and areas involved, admins."""
    person = session.scalar(
        select(Person)
        .where(Person.team_id == thread.team_id, Person.user_id == user_id)
        .options(selectinload(Person.unit))
    )
    items = thread_items(session=session, thread_id=thread.id)
    author = any(item.author_id == user_id for item in items)
    role = person.role if person is not None and person.active else None
    return allowed(
        Do.ANSWER_THREAD,
        role=role,
        author=author,
        involved=role is not None and _involved(session, person, items),
    )


def _involved(session: Session, person: Person | None, items: list[Item]) -> bool:
    """A manager or director of a unit in the thread, or a director of one of their areas."""
    if person is None:
        return False
    unit_ids: set[int] = set()
    for item in items:
        unit_ids |= item_unit_ids(item)
    if person.unit_id in unit_ids:
        return True
    if person.role == Role.DIRECTOR.value:
        if person.unit_id is None:
            return True  # the chief executive
        area_ids = set(session.scalars(select(Unit.area_id).where(Unit.id.in_(unit_ids))))
        return person.unit is not None and person.unit.area_id in area_ids
    return False
