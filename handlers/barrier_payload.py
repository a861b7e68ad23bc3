"""What /barriere's modals and buttons send: the draft, the metadata, the item, the origin."""

from __future__ import annotations

import json
from typing import Any

from bot.ids import Barrier, input_action
from bot.services import items as item_service


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return dict(values.get(block_id, {}).get(input_action(block_id), {}))


def read_draft(values: dict[str, Any]) -> item_service.Draft:
    """The draft a submitted /barriere modal holds (modal inputs arrive as typed)."""
    kind = (_value(values, Barrier.KIND).get("selected_option") or {}).get("value") or "barrier"
    units = _value(values, Barrier.UNITS).get("selected_options") or []
    goal = (_value(values, Barrier.GOAL).get("selected_option") or {}).get("value")
    level = (_value(values, Barrier.LEVEL).get("selected_option") or {}).get("value")
    anonymous = bool(_value(values, Barrier.ANONYMOUS).get("selected_options"))
    return item_service.Draft(
        text=_value(values, Barrier.TEXT).get("value") or "",
        kind=kind,
        unit_ids=[int(o["value"]) for o in units if str(o.get("value", "")).isdigit()],
        citizen_situation=_value(values, Barrier.SITUATION).get("value"),
        goal_id=int(goal) if goal and str(goal).isdigit() else None,
        level=level,
        anonymous=anonymous,
    )


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _item_id(action: dict[str, Any]) -> int:
    value = str(action.get("value") or "")
    if not value.isdigit():
        raise item_service.ItemGone()
    return int(value)


def _origin(body: dict[str, Any]) -> dict[str, Any]:
    """Where an action came from, so the result can be shown in the same place."""
    if (body.get("container") or {}).get("type") == "view" or body.get("view"):
        return {"home": True}
    return {"response_url": body.get("response_url")}
