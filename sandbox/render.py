"""Block Kit to readable Markdown, for the offline demo's transcript.

Pure functions over plain dicts. Slack mrkdwn (*bold*, _italic_, <@U123>) is kept as written;
only the three HTML entities Slack requires (&lt; &gt; &amp;) are turned back into characters.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.server import Call

_SELECTS = {
    "static_select",
    "multi_static_select",
    "external_select",
    "multi_external_select",
}
_PICKERS = {
    "users_select": "choose a person",
    "multi_users_select": "choose people",
    "conversations_select": "choose a conversation",
    "multi_conversations_select": "choose conversations",
    "channels_select": "choose a channel",
    "multi_channels_select": "choose channels",
    "datepicker": "pick a date",
    "timepicker": "pick a time",
    "datetimepicker": "pick a date and time",
}


def unescape(text: str) -> str:
    """Undo Slack's &lt; &gt; &amp; escaping (&amp; last, so "&amp;lt;" stays "&lt;")."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def text_of(obj: Any) -> str:
    """The display text of a text object (plain_text or mrkdwn), a string, or ""."""
    if isinstance(obj, dict):
        return unescape(str(obj.get("text", "")))
    if isinstance(obj, str):
        return unescape(obj)
    return ""


def render_blocks(blocks: Any) -> str:
    """Markdown for a list of blocks (a JSON string is accepted too)."""
    blocks = _decode(blocks)
    if not isinstance(blocks, list):
        return ""
    parts = [_block(block) for block in blocks if isinstance(block, dict)]
    return "\n\n".join(part for part in parts if part)


def render_message(args: dict[str, Any]) -> str:
    """Markdown for a message as sent (chat.postMessage args, a response_url body, ...)."""
    parts: list[str] = []
    blocks = _decode(args.get("blocks"))
    if blocks:
        parts.append(render_blocks(blocks))
    elif args.get("text") or args.get("markdown_text"):
        parts.append(text_of(args.get("text") or args.get("markdown_text")))
    for attachment in _decode(args.get("attachments")) or []:
        if isinstance(attachment, dict):
            body = render_blocks(attachment["blocks"]) if attachment.get("blocks") else ""
            body = body or text_of(attachment.get("text") or attachment.get("fallback") or "")
            parts.append("\n".join(f"▌ {line}" for line in body.splitlines()))
    for file in args.get("files") or []:
        if isinstance(file, dict):
            parts.append(f"📎 {file.get('title') or file.get('name')}")
    return "\n\n".join(part for part in parts if part)


def render_view(view: dict[str, Any]) -> str:
    """Markdown for a modal or Home tab: title, blocks, then the submit/close buttons."""
    view = _decode(view)
    if not isinstance(view, dict):
        return ""
    parts: list[str] = []
    title = text_of(view.get("title"))
    if title:
        parts.append(f"## {title}")
    elif view.get("type") == "home":
        parts.append("## Home")
    body = render_blocks(view.get("blocks"))
    if body:
        parts.append(body)
    buttons = [f"[{text_of(view[key])}]" for key in ("close", "submit") if view.get(key)]
    if buttons:
        parts.append(" ".join(buttons))
    return "\n\n".join(parts)


def render_call(call: Call) -> str:
    """A transcript entry for one recorded call: what the bot did and what a user would see."""
    args = call.args
    method = call.method
    if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
        where = f"#{args.get('channel')}"
        if args.get("thread_ts"):
            where += f" (thread {args['thread_ts']})"
        if method == "chat.postEphemeral":
            where += f", only visible to {args.get('user')}"
        head, body = f"**{method}** → {where}", render_message(args)
    elif method in ("views.open", "views.push", "views.update", "views.publish"):
        target = f" for {args['user_id']}" if args.get("user_id") else ""
        head, body = f"**{method}**{target}", render_view(args.get("view") or {})
    elif method == "response_url":
        mode = (
            "replaces the original"
            if args.get("replace_original") in (True, "true")
            else args.get("response_type") or "ephemeral"
        )
        head, body = f"**response_url** ({mode})", render_message(args)
    else:
        shown = {k: v for k, v in args.items() if k not in ("blocks", "view", "attachments")}
        head, body = f"**{method}** {json.dumps(shown, ensure_ascii=False)}", ""
    if not call.ok:
        head += f" ⚠ {call.error or call.http_status}"
    return f"{head}\n\n{_quote(body)}" if body else head


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _block(block: dict[str, Any]) -> str:
    kind = block.get("type")
    if kind == "header":
        return f"### {text_of(block.get('text'))}"
    if kind == "divider":
        return "---"
    if kind == "section":
        lines = [text_of(block.get("text"))] if block.get("text") else []
        lines.extend(f"- {text_of(field)}" for field in block.get("fields") or [])
        if isinstance(block.get("accessory"), dict):
            lines.append(_element(block["accessory"]))
        return "\n".join(line for line in lines if line)
    if kind == "context":
        items = [
            f"![{e.get('alt_text', '')}]" if e.get("type") == "image" else text_of(e)
            for e in block.get("elements") or []
            if isinstance(e, dict)
        ]
        return "<sub>" + " · ".join(items) + "</sub>"
    if kind == "actions":
        return " ".join(_element(e) for e in block.get("elements") or [] if isinstance(e, dict))
    if kind == "input":
        return _input(block)
    if kind == "image":
        title = text_of(block.get("title"))
        image = f"![{block.get('alt_text', '')}]({block.get('image_url', '')})"
        return f"{image}\n*{title}*" if title else image
    if kind == "rich_text":
        return _rich_text(block.get("elements") or [])
    if kind == "markdown":
        return str(block.get("text", ""))
    if kind == "video":
        return f"▶ {text_of(block.get('title'))} ({block.get('video_url', '')})"
    return f"[{kind} block]"


def _input(block: dict[str, Any]) -> str:
    label = text_of(block.get("label"))
    marker = " (optional)" if block.get("optional") else ""
    lines = [f"**{label}**{marker}"]
    element = block.get("element")
    if isinstance(element, dict):
        lines.append(_element(element, in_input=True))
    hint = text_of(block.get("hint"))
    if hint:
        lines.append(f"_{hint}_")
    return "\n".join(lines)


def _element(element: dict[str, Any], *, in_input: bool = False) -> str:
    kind = element.get("type")
    if kind == "button":
        label = text_of(element.get("text"))
        return f"[{label}]({element['url']})" if element.get("url") else f"[{label}]"
    if kind in ("plain_text_input", "email_text_input", "url_text_input", "number_input"):
        shown = element.get("initial_value") or text_of(element.get("placeholder"))
        box = f"[ {shown} ]" if shown else "[ ______ ]"
        return f"{box} (multiline)" if element.get("multiline") else box
    chosen = _initial_values(element)
    if kind == "radio_buttons":
        return "\n".join(
            f"({'•' if o.get('value') in chosen else ' '}) {text_of(o.get('text'))}"
            for o in _options(element)
        )
    if kind == "checkboxes":
        return "\n".join(
            f"[{'x' if o.get('value') in chosen else ' '}] {text_of(o.get('text'))}"
            for o in _options(element)
        )
    if kind in _SELECTS or kind == "overflow":
        labels = [
            f"**{text_of(o.get('text'))}**" if o.get("value") in chosen else text_of(o.get("text"))
            for o in _options(element)
        ]
        prompt = text_of(element.get("placeholder")) or ("⋯" if kind == "overflow" else "choose")
        choices = f": {' | '.join(labels)}" if labels else ""
        return f"[{prompt} ▾]{choices}"
    if kind in _PICKERS:
        initial = next((str(v) for k, v in element.items() if k.startswith("initial_") and v), None)
        return f"[{text_of(element.get('placeholder')) or _PICKERS[kind]} ▾]" + (
            f" {initial}" if initial else ""
        )
    if kind == "image":
        return f"![{element.get('alt_text', '')}]({element.get('image_url', '')})"
    if kind == "rich_text_input":
        return "[ rich text ]"
    return f"[{kind}]"


def _initial_values(element: dict[str, Any]) -> set[str]:
    """The values preselected in a select, radio group or checkbox group (shown in bold / •)."""
    initial = [element.get("initial_option"), *(element.get("initial_options") or [])]
    return {str(o.get("value")) for o in initial if isinstance(o, dict)}


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = [o for o in element.get("options") or [] if isinstance(o, dict)]
    for group in element.get("option_groups") or []:
        options.extend(o for o in group.get("options") or [] if isinstance(o, dict))
    return options


def _rich_text(elements: list[Any]) -> str:
    out: list[str] = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        if kind == "rich_text_list":
            bullet = "1." if element.get("style") == "ordered" else "-"
            indent = "  " * int(element.get("indent", 0))
            for item in element.get("elements") or []:
                out.append(f"{indent}{bullet} {_inline(item.get('elements') or [])}")
        elif kind == "rich_text_quote":
            out.append(f"> {_inline(element.get('elements') or [])}")
        elif kind == "rich_text_preformatted":
            out.append(f"```\n{_inline(element.get('elements') or [])}\n```")
        else:
            out.append(_inline(element.get("elements") or []))
    return "\n".join(out)


def _inline(elements: list[Any]) -> str:
    parts: list[str] = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        if kind == "text":
            text = str(element.get("text", ""))
            style = element.get("style") or {}
            if style.get("bold"):
                text = f"*{text}*"
            if style.get("italic"):
                text = f"_{text}_"
            if style.get("code"):
                text = f"`{text}`"
            parts.append(text)
        elif kind == "link":
            parts.append(f"[{element.get('text') or element.get('url')}]({element.get('url')})")
        elif kind == "user":
            parts.append(f"<@{element.get('user_id')}>")
        elif kind == "channel":
            parts.append(f"<#{element.get('channel_id')}>")
        elif kind == "usergroup":
            parts.append(f"<!subteam^{element.get('usergroup_id')}>")
        elif kind == "emoji":
            parts.append(f":{element.get('name')}:")
        elif kind == "date":
            parts.append(str(element.get("fallback") or element.get("timestamp")))
        elif kind == "broadcast":
            parts.append(f"@{element.get('range')}")
    return "".join(parts)
