"""An indicator fed from Danmarks Statistik's Statistikbank, set up from App Home in two steps.

Step 1 asks for the table (and optionally one to divide by); step 2 shows each variable's values
as `tableinfo` gives them to pick from, the areas to compare with, and a button that previews the
latest values before anything is saved. Saving checks the choice against `tableinfo` again; a
wrong table or code gets a plain Danish error on its own field.

Statistikbanken is asked with a short timeout (a form has Slack's 3 seconds), and the request's
database transaction is ended before each call, as before a Web API call.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.errors import InputError, TvaersError
from bot.ids import Admin, input_action
from bot.models import Indicator
from bot.request_client import end_transaction
from bot.services import admin as admin_service
from bot.services import effect_sources
from bot.services import goals as goals_service
from bot.statbank import StatbankClient, StatbankError, TableInfo
from bot.texts import t
from bot.views import effect_source as views
from bot.views.admin import notice_modal
from bot.views.digest import fmt_number
from bot.views.effect import period_label
from handlers.admin_forms import meta_id as _meta_id
from handlers.admin_forms import metadata as _metadata
from handlers.admin_forms import refresh_home as _refresh_home
from handlers.admin_forms import text_of as _text
from handlers.context import language as _lang

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

# Seconds Statistikbanken gets inside a form (Slack allows 3 for the whole answer).
FORM_TIMEOUT = 2.0
PREVIEW_PERIODS = 4


class FormStatbank(StatbankClient):
    """The Statistikbank client of a form: ends the request's transaction before each call."""

    def _post(self, function: str, body: dict[str, Any]) -> bytes:
        end_transaction()
        return super()._post(function, body)


def register(app: App, runtime: Runtime) -> None:
    """Register the source form's steps and buttons."""
    app.view(Admin.SOURCE_MODAL)(submit_source)
    app.action(Admin.SOURCE_PREVIEW)(preview_source)
    app.action(Admin.SOURCE_BACK)(back_to_table)


def _statbank(context: BoltContext) -> FormStatbank:
    return FormStatbank(context["settings"].statbank_api_url, timeout=FORM_TIMEOUT)


def _infos(client: StatbankClient, table: str, per: str | None) -> list[TableInfo]:
    """tableinfo for the table and the one to divide by, asked at once (a form has 3 seconds);
    InputError on the field of the first that cannot be had."""
    end_transaction()  # the calls run in other threads: nothing may be held meanwhile
    if not per or per == table:
        info = effect_sources.table_info(client, table, field=Admin.SOURCE_TABLE)
        return [info, info] if per else [info]
    with ThreadPoolExecutor(max_workers=2) as pool:
        asked = [
            pool.submit(effect_sources.table_info, client, name, field=field)
            for name, field in ((table, Admin.SOURCE_TABLE), (per, Admin.SOURCE_PER))
        ]
        return [future.result() for future in asked]


def opening_view(
    *, session: Session, context: BoltContext, indicator: Indicator, lang: str
) -> dict[str, Any]:
    """The form as an admin opens it from the goal's menu: step 2 with the source's own choices
    when there is one (step 1 with the reason when Statistikbanken cannot be asked)."""
    source = effect_sources.source_of(session=session, indicator_id=indicator.id)
    if source is None:
        return views.table_modal(indicator=indicator, table=None, per=None, lang=lang)
    spec = effect_sources.spec_of(source)
    try:
        infos = _infos(_statbank(context), spec.table, spec.denominator_table)
    except InputError as error:
        return views.table_modal(
            indicator=indicator,
            table=spec.table,
            per=spec.denominator_table,
            lang=lang,
            notice=t(error.key, lang, **error.values),
        )
    chosen = [spec.selection, spec.denominator_selection or {}]
    return views.values_modal(
        indicator=indicator, infos=infos, chosen=chosen, comparison=spec.comparison, lang=lang
    )


def _new_values_view(
    session: Session,
    team_id: str,
    indicator: Indicator,
    infos: list[TableInfo],
    lang: str,
    kept: Any = None,
) -> dict[str, Any]:
    """Step 2 for tables just chosen: a table the form held before it went back to step 1
    (`kept`) opens with what was picked then, a table the source uses with its choices, any
    other with each variable at its sensible value."""
    areas = effect_sources.area_codes(session=session, team_id=team_id)
    source = effect_sources.source_of(session=session, indicator_id=indicator.id)
    stored = effect_sources.spec_of(source) if source is not None else None
    kept = kept if isinstance(kept, dict) else {}
    kept_tables = [str(x) for x in kept.get("tables") or []]
    chosen: list[dict[str, list[str]]] = []
    codes: list[str] = []
    for part, info in enumerate(infos):
        own: dict[str, list[str]] = {}
        typed = ""
        if kept_tables[part : part + 1] == [info.id]:
            own = _kept_part(kept.get("chosen"), part)
            typed = _kept_text(kept.get("codes"), part)
        elif stored is not None and stored.tables[part : part + 1] == (info.id,):
            own = stored.selection if part == 0 else (stored.denominator_selection or {})
        chosen.append(
            {
                v.id: [c for c in own.get(v.id) or () if v.has(c)]
                or views.default_codes(v, area_codes=areas)
                for v in views.choosable(info)
            }
        )
        codes.append(typed)
    if kept_tables[:1] == [infos[0].id]:
        area = next((v for v in infos[0].variables if views.is_area(v)), None)
        comparison: Sequence[str] = [
            str(c) for c in kept.get("comparison") or [] if area is not None and area.has(str(c))
        ]
    else:
        comparison = stored.comparison if stored is not None else ()
    return views.values_modal(
        indicator=indicator,
        infos=infos,
        chosen=chosen,
        codes=codes,
        comparison=comparison,
        lang=lang,
    )


def _kept_part(chosen: Any, part: int) -> dict[str, list[str]]:
    """One part's picks as step 2 held them (from the form's own metadata, checked anyway)."""
    if not isinstance(chosen, list) or len(chosen) <= part or not isinstance(chosen[part], dict):
        return {}
    return {
        str(name): [str(code) for code in codes]
        for name, codes in chosen[part].items()
        if isinstance(codes, list)
    }


def _kept_text(codes: Any, part: int) -> str:
    if not isinstance(codes, list) or len(codes) <= part:
        return ""
    return str(codes[part] or "")


def _picked(values: dict[str, Any], block_id: str) -> list[str]:
    state = values.get(block_id, {}).get(input_action(block_id), {})
    return [str(o.get("value")) for o in state.get("selected_options") or []]


def _spec(view: dict[str, Any]) -> effect_sources.SourceSpec:
    """The source as step 2's form holds it; InputError (with its block) when it cannot be read.
    Codes typed as text replace the picked values of the variables they name."""
    tables = [str(x) for x in _metadata(view).get("tables") or []][:2]
    chosen, codes, comparison = _form_state(view)
    if not tables or len(chosen) < len(tables):
        raise InputError("statbank.err_form_gone", field=Admin.SOURCE_TABLE)
    selections: list[dict[str, list[str]]] = []
    for part in range(len(tables)):
        picked = {name: picks for name, picks in chosen[part].items() if picks}
        if codes[part].strip():
            try:
                parsed = effect_sources.parse_codes(codes[part])
            except InputError as error:
                raise InputError(error.key, field=views.codes_block(part)) from None
            known = {n.casefold(): n for n in chosen[part]}
            picked.update({known.get(k.casefold(), k): v for k, v in parsed.items()})
        selections.append(picked)
    return effect_sources.SourceSpec(
        table=tables[0],
        selection=selections[0],
        denominator_table=tables[1] if len(tables) > 1 else None,
        denominator_selection=selections[1] if len(tables) > 1 else None,
        comparison=tuple(comparison),
    )


def _error_block(view: dict[str, Any], error: TvaersError) -> str:
    """The block that shows `error`: the variable's own select when the error names one, the
    codes field of its table, its own field, or else the form's first field."""
    meta = _metadata(view)
    field = str(error.values.get("field") or "")
    inputs = [str(b["block_id"]) for b in view.get("blocks", []) if b.get("type") == "input"]
    variable, table = error.values.get("variable"), error.values.get("table")
    tables = [str(x) for x in meta.get("tables") or []]
    variables = list(meta.get("variables") or [])
    named = error.values.get("part")
    parts = [named] if isinstance(named, int) else range(len(variables))
    for part in parts:
        if part < min(len(tables), len(variables)) and table == tables[part]:
            for index, name in enumerate(variables[part]):
                if str(name).casefold() == str(variable or "").casefold():
                    return views.value_block(part, index)
            return views.codes_block(part)
    if field in inputs:
        return field
    return inputs[0] if inputs else Admin.SOURCE_TABLE


def _indicator(session: Session, team_id: str, user_id: str, view: dict[str, Any]) -> Indicator:
    admin_service.require_admin(session=session, team_id=team_id, user_id=user_id)
    indicator_id = _meta_id(_metadata(view), "indicator_id") or 0
    return goals_service.get_indicator(session, team_id, indicator_id)


def _latest(
    spec: effect_sources.SourceSpec, client: StatbankClient, info: TableInfo
) -> dict[str, float] | None:
    """The latest values as the sync would store them ({} when the table has none for the
    choice), or None when Statistikbanken does not send them now."""
    end_transaction()
    try:
        return effect_sources.preview(spec, client=client, count=PREVIEW_PERIODS, info=info)
    except StatbankError:
        return None


def _shown(latest: dict[str, float], lang: str) -> str:
    return " · ".join(
        f"{period_label(period, lang)}: {fmt_number(value, lang)}"
        for period, value in sorted(latest.items())
    )


def submit_source(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Step 1 goes on to the table's values; step 2 checks the choice and saves it."""
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    values = view["state"]["values"]
    statbank = _statbank(context)
    step = _metadata(view).get("step")
    try:
        indicator = _indicator(session, team_id, user_id, view)
        if step == "table":
            table = _text(values, Admin.SOURCE_TABLE).strip().upper()
            per = _text(values, Admin.SOURCE_PER).strip().upper() or None
            infos = _infos(statbank, table, per)
            kept = _metadata(view).get("kept")
            ack(
                response_action="update",
                view=_new_values_view(session, team_id, indicator, infos, lang, kept),
            )
            return
        spec = _spec(view)
        infos = _infos(statbank, spec.table, spec.denominator_table)
        effect_sources.check(spec, infos)
        # The figures are asked before anything is written: a choice the table has no figures
        # for is refused, and no transaction waits on Statistikbanken.
        latest = _latest(spec, statbank, infos[0])
        if latest == {}:
            raise InputError("statbank.err_no_values", field=views.value_block(0, 0))
        effect_sources.connect(
            session=session,
            team_id=team_id,
            indicator_id=indicator.id,
            spec=spec,
            client=statbank,
            infos=infos,
        )
        admin_service.audit(
            session,
            team_id=team_id,
            actor_id=user_id,
            action="indicator.changed",
            subject=indicator.name,
            field="source",
            after=", ".join(dict.fromkeys(spec.tables)),
        )
    except TvaersError as error:
        log.info("source form refused: %s", error.key)
        context["rollback"] = True
        block = _error_block(view, error)
        ack(response_action="errors", errors={block: t(error.key, lang, **error.values)})
        return
    saved = views.saved_modal(
        indicator=indicator,
        tables=spec.tables,
        latest=_shown(latest, lang) if latest else None,
        lang=lang,
    )
    ack(response_action="update", view=saved)
    _refresh_home(session, client, context, user_id)


def _update(client: WebClient, body: dict[str, Any], view: dict[str, Any]) -> None:
    """Show `view` in place of the open form (a newer form in its place is left alone)."""
    current = body.get("view") or {}
    try:
        client.views_update(view_id=current.get("id"), hash=current.get("hash"), view=view)
    except SlackApiError as exc:
        log.info("source form not updated (%s)", exc.response.get("error"))


_VIEW_FIELDS = ("type", "callback_id", "title", "submit", "close", "private_metadata", "blocks")


def _with_notice(view: dict[str, Any], notice: str) -> dict[str, Any]:
    """The open form as it is, with `notice` above its buttons (for views.update)."""
    fresh = {key: view[key] for key in _VIEW_FIELDS if key in view}
    blocks = [b for b in view.get("blocks", []) if b.get("block_id") != Admin.SOURCE_NOTICE]
    at = next((i for i, b in enumerate(blocks) if b.get("type") == "actions"), len(blocks))
    blocks.insert(
        at, {**views.notice_block(":warning: " + notice), "block_id": Admin.SOURCE_NOTICE}
    )
    fresh["blocks"] = blocks
    return fresh


def _form_state(view: dict[str, Any]) -> tuple[list[dict[str, list[str]]], list[str], list[str]]:
    """What step 2's form holds now, to show it again: picks, typed codes, comparison."""
    meta = _metadata(view)
    values = (view.get("state") or {}).get("values") or {}
    chosen, codes = [], []
    for part, names in enumerate(meta.get("variables") or []):
        chosen.append(
            {
                str(name): _picked(values, views.value_block(part, index))
                for index, name in enumerate(names)
            }
        )
        codes.append(_text(values, views.codes_block(part)))
    return chosen, codes, _picked(values, Admin.SOURCE_COMPARE)


def preview_source(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Show the latest values for what the form holds now, without saving anything."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    view = body.get("view") or {}
    statbank = _statbank(context)
    try:
        indicator = _indicator(session, team_id, user_id, view)
    except TvaersError as error:
        _update(client, body, notice_modal(text=t(error.key, lang, **error.values), lang=lang))
        return
    tables = [str(x) for x in _metadata(view).get("tables") or []]
    try:
        infos = _infos(statbank, tables[0] if tables else "", tables[1] if tables[1:] else None)
    except InputError as error:
        # The tables cannot be had now: say so in the form, and keep what it holds.
        _update(client, body, _with_notice(view, t(error.key, lang, **error.values)))
        return
    try:
        spec = _spec(view)
        effect_sources.check(spec, infos)
        latest = _latest(spec, statbank, infos[0])
        if latest is None:
            shown = t("statbank.preview_unreachable", lang)
        elif not latest:
            shown = t("statbank.preview_none", lang)
        else:
            shown = t("statbank.preview", lang, values=_shown(latest, lang))
    except InputError as error:
        shown = ":warning: " + t(error.key, lang, **error.values)
    chosen, codes, comparison = _form_state(view)
    fresh = views.values_modal(
        indicator=indicator,
        infos=infos,
        chosen=chosen,
        codes=codes,
        comparison=comparison,
        lang=lang,
        preview=shown,
    )
    _update(client, body, fresh)


def back_to_table(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Go back to step 1, with the tables the form had."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    view = body.get("view") or {}
    try:
        indicator = _indicator(session, team_id, user_id, view)
    except TvaersError as error:
        _update(client, body, notice_modal(text=t(error.key, lang, **error.values), lang=lang))
        return
    tables = [str(x) for x in _metadata(view).get("tables") or []]
    chosen, codes, comparison = _form_state(view)
    kept = {"tables": tables, "chosen": chosen, "codes": codes, "comparison": comparison}
    fresh = views.table_modal(
        indicator=indicator,
        table=tables[0] if tables else None,
        per=tables[1] if len(tables) > 1 else None,
        lang=lang,
        kept=kept,
    )
    _update(client, body, fresh)
