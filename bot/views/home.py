"""App Home builder: a pure function from what the bot knows to a home view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.ids import Home
from bot.models import Goal, Role
from bot.services.org import PersonView
from bot.slack_text import safe_mrkdwn
from bot.texts import t


def build_home(
    *,
    person: PersonView,
    goals: Sequence[Goal],
    lang: str,
    sections: Sequence[list[dict[str, Any]]] = (),
) -> dict[str, Any]:
    """The home view: who you are to Tværs, feature sections, then the goals and the questions."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "block_id": Home.HEADER, "text": _plain(t("home.title", lang))},
        {"type": "section", "text": _mrkdwn(t("home.intro", lang))},
        {"type": "context", "block_id": Home.PROFILE, "elements": [_mrkdwn(_who(person, lang))]},
    ]
    if person.role == Role.DIRECTOR:
        blocks.append({"type": "section", "text": _mrkdwn(t("home.director_note", lang))})
    if person.role == Role.ADMIN:
        blocks.append({"type": "section", "text": _mrkdwn(t("home.admin_note", lang))})
    for section in sections:
        blocks.append({"type": "divider"})
        blocks.extend(section)
    blocks.append({"type": "divider"})
    blocks.append({"type": "header", "text": _plain(t("home.goals_title", lang))})
    if goals:
        lines = []
        for goal in goals:
            indicators = ", ".join(safe_mrkdwn(i.name) for i in goal.indicators if i.active)
            lines.append(
                f"• *{safe_mrkdwn(goal.title)}*" + (f" – {indicators}" if indicators else "")
            )
        blocks.append(
            {"type": "section", "block_id": Home.GOALS, "text": _mrkdwn("\n".join(lines)[:3000])}
        )
    else:
        blocks.append({"type": "section", "text": _mrkdwn(t("home.no_goals", lang))})
    blocks.append({"type": "header", "text": _plain(t("home.questions_title", lang))})
    blocks.append({"type": "section", "text": _mrkdwn(t("home.questions", lang))})
    return {"type": "home", "blocks": blocks[:100]}


def _who(person: PersonView, lang: str) -> str:
    if not person.known or not person.active:
        return t("home.unknown_person", lang)
    role = t(f"role.{person.role}", lang)
    if person.unit_name is None:
        return t("home.you_are_no_unit", lang, role=role)
    text = t("home.you_are", lang, role=role, unit=safe_mrkdwn(person.unit_name))
    if person.area_name:
        text += "  ·  " + t("home.area", lang, area=safe_mrkdwn(person.area_name))
    return text


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150], "emoji": True}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}
