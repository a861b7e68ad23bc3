"""Block Kit for the directors' decisions: the three buttons, the modal, the decision message."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.csv_cells import formula_safe
from bot.ids import Decisions, Threads
from bot.models import DecisionKind
from bot.slack_text import one_line, safe_mrkdwn
from bot.texts import count_of, prose_date, t, table_date
from bot.views.blocks import plain as _plain
from bot.views.threads import mention, when

_BUTTON_OF = {
    DecisionKind.TAKEN.value: Decisions.TAKE,
    DecisionKind.ANSWERED.value: Decisions.ANSWER,
    DecisionKind.NOT_OURS.value: Decisions.NOT_OURS,
}
KIND_OF = {str(action): kind for kind, action in _BUTTON_OF.items()}


def question_block(question: str | None, lang: str) -> list[dict[str, Any]]:
    """What the directors are asked, as a section (none when nobody said)."""
    if not question:
        return []
    text = t("decisions.question", lang, question=safe_mrkdwn(question, limit=1500))
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def escalate_modal(
    *, thread_id: int, channel: str | None, ts: str | None, lang: str
) -> dict[str, Any]:
    """*Kræver direktionen* on a thread: one short field for what the directors are asked."""
    element = {
        "type": "plain_text_input",
        "action_id": str(Threads.QUESTION),
        "multiline": True,
        "max_length": 500,
        "placeholder": _plain(t("decisions.escalate.placeholder", lang)),
    }
    return {
        "type": "modal",
        "callback_id": str(Threads.ESCALATE_MODAL),
        "private_metadata": json.dumps({"thread": thread_id, "channel": channel, "ts": ts}),
        "title": _plain(t("decisions.escalate.title", lang), 24),
        "submit": _plain(t("decisions.escalate.submit", lang), 24),
        "close": _plain(t("decisions.modal.cancel", lang), 24),
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": t("decisions.escalate.intro", lang)},
            },
            {
                **_input(Threads.QUESTION, t("decisions.escalate.label", lang), element),
                "hint": _plain(t("decisions.escalate.hint", lang)),
            },
        ],
    }


def buttons(*, escalation_id: int, lang: str) -> dict[str, Any]:
    """The directors' three answers."""
    elements = []
    for kind, action_id in _BUTTON_OF.items():
        button: dict[str, Any] = {
            "type": "button",
            "text": _plain(t(f"decisions.button.{kind}", lang)),
            "action_id": str(action_id),
            "value": str(escalation_id),
        }
        if kind == DecisionKind.TAKEN.value:
            button["style"] = "primary"
        elements.append(button)
    return {
        "type": "actions",
        "block_id": f"{Decisions.ACTIONS}_{escalation_id}",
        "elements": elements,
    }


def modal(
    *,
    escalation_id: int,
    kind: str,
    directors: Sequence[tuple[str, str]],
    me: str,
    lang: str,
    replaces: int | None = None,
) -> dict[str, Any]:
    """The modal a director fills in for one of the three answers (`replaces`: the decision
    this one changes)."""
    blocks: list[dict[str, Any]] = []
    if kind == DecisionKind.TAKEN.value:
        options = [{"text": _plain(name, 75), "value": user} for user, name in directors[:100]]
        owner: dict[str, Any] = {
            "type": "static_select",
            "action_id": str(Decisions.OWNER),
            "options": options,
        }
        initial = next((o for o in options if o["value"] == me), None)
        if initial:
            owner["initial_option"] = initial
        blocks.append(_input(Decisions.OWNER, t("decisions.modal.owner", lang), owner))
        blocks.append(
            _input(
                Decisions.DUE,
                t("decisions.modal.due", lang),
                {"type": "datepicker", "action_id": str(Decisions.DUE)},
                optional=True,
            )
        )
    note = {
        "type": "plain_text_input",
        "action_id": str(Decisions.NOTE),
        "multiline": True,
        "max_length": 2000,
    }
    blocks.append(
        _input(
            Decisions.NOTE,
            t(f"decisions.modal.note.{kind}", lang),
            note,
            optional=kind == DecisionKind.TAKEN.value,
        )
    )
    return {
        "type": "modal",
        "callback_id": str(Decisions.MODAL),
        "private_metadata": json.dumps(
            {"escalation": escalation_id, "kind": kind}
            | ({"replaces": replaces} if replaces is not None else {})
        ),
        "title": _plain(t("decisions.modal.title", lang)),
        "submit": _plain(t("decisions.modal.submit", lang)),
        "close": _plain(t("decisions.modal.cancel", lang)),
        "blocks": blocks,
    }


def _input(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False
) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": str(block_id),
        "label": _plain(label),
        "element": element,
        "optional": optional,
    }


def outcome_text(
    *,
    kind: str,
    owner_id: str | None,
    due_on: date | None,
    note: str | None,
    by: str,
    at: datetime,
    tz: str,
    lang: str,
) -> str:
    """One decision as a reader sees it."""
    if kind == DecisionKind.TAKEN.value:
        owner = mention(owner_id or by)
        if due_on is not None:
            head = t("decisions.outcome.taken", lang, owner=owner, due=prose_date(due_on, lang))
        else:
            head = t("decisions.outcome.taken_no_date", lang, owner=owner)
    else:
        head = t(f"decisions.outcome.{kind}", lang)
    lines = [head]
    if note:
        lines.append(">" + safe_mrkdwn(note, limit=2000).replace("\n", "\n>"))
    lines.append(t("decisions.by", lang, person=mention(by), when=when(at, tz)))
    return "\n".join(lines)


def standing_line(*, escalated_at: datetime, decision: Any, tz: str, lang: str) -> str:
    """Where an item stands with the directors, in one line under it in a list."""
    if decision is None:
        day = prose_date(escalated_at.astimezone(ZoneInfo(tz)).date(), lang)
        return t("decisions.standing.waiting", lang, since=day)
    if decision.kind == DecisionKind.TAKEN.value:
        owner = mention(decision.owner_id or decision.decided_by)
        if decision.due_on is not None:
            due = prose_date(decision.due_on, lang)
            head = t("decisions.outcome.taken", lang, owner=owner, due=due)
        else:
            head = t("decisions.outcome.taken_no_date", lang, owner=owner)
    else:
        head = t(f"decisions.outcome.{decision.kind}", lang)
        if decision.note:
            head += " " + one_line(decision.note, limit=200)
    return t("decisions.standing.decided", lang, outcome=head)


def decision_message(*, title_key: str, outcome: str, changed: bool, lang: str) -> dict[str, Any]:
    """The post in the thread or the DM to the managers who raised it."""
    text = f"{t(title_key, lang)}\n{outcome}"
    if changed:
        text += f"\n_{t('decisions.changed', lang)}_"
    return {
        "text": t("decisions.fallback", lang),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
        "unfurl_links": False,
    }


def already_message(*, escalation_id: int, kind: str, first: Any, lang: str) -> dict[str, Any]:
    """What a director who clicks a decided escalation is told, with a way to change it."""
    text = already(kind=first.kind, by=first.decided_by, lang=lang)
    change = {
        "type": "button",
        "text": _plain(
            t("decisions.button.change", lang, kind=t(f"decisions.button.{kind}", lang))
        ),
        "action_id": str(Decisions.CHANGE),
        "value": f"{escalation_id}:{kind}:{first.id}",
    }
    return {
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": t("decisions.change_hint", lang)}],
            },
            {"type": "actions", "elements": [change]},
        ],
    }


def already_modal(message: dict[str, Any], lang: str) -> dict[str, Any]:
    """The 'already decided' answer as a modal, for a click in App Home."""
    return {
        "type": "modal",
        "title": _plain(t("decisions.modal.title", lang), 24),
        "close": _plain(t("decisions.modal.close", lang), 24),
        "blocks": [b for b in message["blocks"] if b["type"] == "section"],
    }


def already(*, kind: str, by: str, lang: str) -> str:
    """What a second director to click is told."""
    return t(
        "decisions.already", lang, person=mention(by), kind=t(f"decisions.button.{kind}", lang)
    )


def reminder(*, question: str | None, days: int, escalation_id: int, lang: str) -> dict[str, Any]:
    """The one reminder to the directors of an escalation nobody has decided."""
    text = t("decisions.reminder", lang, waited=count_of("day", lang, days))
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    blocks += question_block(question, lang)
    blocks.append(buttons(escalation_id=escalation_id, lang=lang))
    return {"text": text, "blocks": blocks, "unfurl_links": False}


def nudge(*, due_on: date | None, note: str | None, lang: str) -> dict[str, Any]:
    """The one nudge to the owner whose date passed."""
    day = prose_date(due_on, lang) if due_on else ""
    text = t("decisions.nudge", lang, due=day)
    if note:
        text += "\n>" + safe_mrkdwn(note, limit=1500).replace("\n", "\n>")
    return {
        "text": t("decisions.nudge", lang, due=day),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
        "unfurl_links": False,
    }


def agenda_message(*, escalations: Sequence[Any], now: datetime, lang: str) -> dict[str, Any]:
    """The open escalations, oldest first, ready to paste into the direktionsmøde's agenda."""
    if not escalations:
        text = t("decisions.agenda.none", lang)
        return {"response_type": "ephemeral", "text": text}
    lines = [t("decisions.agenda.title", lang)]
    for number, line in enumerate(escalations, start=1):
        days = max((now - line.raised_at).days, 0)
        units = safe_mrkdwn(", ".join(line.units), limit=300) if line.units else "–"
        waited = count_of("day", lang, days)
        entry = t("decisions.agenda.line", lang, number=number, units=units, waited=waited)
        entry += " " + t("decisions.agenda.raised_by", lang, person=mention(line.raised_by))
        if line.question:
            entry += "\n   " + t(
                "decisions.question", lang, question=safe_mrkdwn(line.question, limit=500)
            )
        lines.append(entry)
    text = "\n".join(lines)
    csv_button = {
        "type": "button",
        "text": _plain(t("decisions.agenda.csv_button", lang), 75),
        "action_id": str(Decisions.AGENDA_CSV),
        "value": "agenda",
    }
    return {
        "response_type": "ephemeral",
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text[:2900]}},
            {"type": "actions", "elements": [csv_button]},
        ],
    }


def agenda_csv(
    *, escalations: Sequence[Any], names: dict[str, str], now: datetime, tz: str, lang: str
) -> bytes:
    """The agenda as CSV for a spreadsheet or the meeting's papers: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"decisions.agenda.csv.{c}", lang) for c in _AGENDA_COLUMNS])
    for number, line in enumerate(escalations, start=1):
        cells = [
            str(number),
            table_date(line.raised_at.astimezone(ZoneInfo(tz)).date(), lang),
            str(max((now - line.raised_at).days, 0)),
            ", ".join(line.units),
            names.get(line.raised_by, line.raised_by),
            line.question or "",
        ]
        writer.writerow([formula_safe(cell) for cell in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_AGENDA_COLUMNS = ("number", "raised", "days", "units", "raised_by", "question")
