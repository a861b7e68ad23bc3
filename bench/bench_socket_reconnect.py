"""Acks through a `refresh_requested` reconnect under a burst, for each Socket Mode client.

A bare Bolt app (one slash command that only acks) behind each client, the Socket Mode
stand-in with LATENCY each way, N commands 20 ms apart and a `refresh_requested` after half of
them. Prints how many acks Slack would have counted as late (over 3 s) and the p50/p99/max.

    .venv/bin/python bench/bench_socket_reconnect.py [--runs 3] [--count 30]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.socket_mode.builtin import SocketModeClient

from bot.socket_mode import RECEIVE_TIMEOUT, SocketModeRunner
from sandbox import FakeSlack, SlackSender
from sandbox.socketmode import FakeSocketMode

LATENCY = 0.05
TOKEN = "xapp-1-A0BENCH-1-bench"


class ShortTimeoutOnly(SocketModeClient):
    """The built-in client with only a short receive timeout: it still closes before switching."""

    def connect(self) -> None:
        super().connect()
        if self.current_session is not None and self.current_session.sock is not None:
            self.current_session.sock.settimeout(RECEIVE_TIMEOUT)


def _app(fake: FakeSlack) -> App:
    app = App(
        client=WebClient(token=fake.bot_token, base_url=fake.base_url),
        signing_secret="unused",
        token_verification_enabled=False,
    )
    app.command("/barriere")(lambda ack: ack())
    return app


def _start(kind: str, app: App) -> Any:
    if kind == "tvaers":
        runner = SocketModeRunner(app, TOKEN)
        runner.start()
        return runner.stop
    handler = SocketModeHandler(app, TOKEN)
    if kind == "builtin-short-timeout":
        client = ShortTimeoutOnly(app_token=TOKEN, web_client=app.client)
        client.socket_mode_request_listeners.append(handler.handle)  # type: ignore[arg-type]
        handler.client = client
    handler.connect()
    return handler.close


def run(kind: str, count: int) -> list[float]:
    """One burst; the ack seconds of every command."""
    with FakeSlack() as fake, FakeSocketMode(fake, app_token=TOKEN, latency=LATENCY) as stand_in:
        stop = _start(kind, _app(fake))
        try:
            stand_in.wait_connected()
            sender = SlackSender("unused", "unused", fake=fake)
            sent = []
            for number in range(count):
                if number == count // 2:
                    stand_in.disconnect("refresh_requested")
                payload = sender.command_payload(f"punkt {number}", user_id="U0ANNA")
                sent.append(stand_in.deliver("slash_commands", payload))
                time.sleep(0.02)
            for delivery in sent:
                delivery.acked.wait(15)
            return sorted(d.ack_seconds if d.ack_seconds is not None else 99.0 for d in sent)
        finally:
            stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    kinds = ["builtin", "builtin-short-timeout", "tvaers"]
    print(
        f"{args.count} commands, refresh_requested after {args.count // 2}, "
        f"{LATENCY * 1000:.0f} ms each way"
    )
    print(f"{'client':<24}{'run':>4}{'late (>3 s)':>13}{'p50':>8}{'p99':>8}{'max':>8}")
    for kind in kinds:
        for number in range(1, args.runs + 1):
            seconds = run(kind, args.count)
            late = sum(1 for s in seconds if s > 3.0)
            p99 = seconds[max(0, int(len(seconds) * 0.99) - 1)]
            print(
                f"{kind:<24}{number:>4}{late:>13}{statistics.median(seconds):>8.2f}"
                f"{p99:>8.2f}{seconds[-1]:>8.2f}"
            )


if __name__ == "__main__":
    main()
