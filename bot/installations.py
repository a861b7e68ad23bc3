"""OAuth mode: installations in our own database, bot tokens encrypted at rest, signed states.

slack_sdk's SQLAlchemy stores are used as they are, on tables that Alembic creates (see
bot.models). Two things are added: token columns go through Fernet (TOKEN_ENCRYPTION_KEY, several
keys for rotation), and an OAuth state is signed with SLACK_STATE_SECRET and consumed atomically.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context import BoltContext
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Connection, Engine, MetaData, Table, Text, and_, delete, desc, select, update
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from bot import clock

log = logging.getLogger(__name__)

INSTALLATIONS_TABLE = "slack_installations"
BOTS_TABLE = "slack_bots"
STATES_TABLE = "slack_oauth_states"
# Columns holding secrets: encrypted in the database, plain only in memory.
SECRET_COLUMNS = (
    "bot_token",
    "bot_refresh_token",
    "user_token",
    "user_refresh_token",
    "incoming_webhook_url",
)
STATE_SECONDS = 600
# The bot scopes "Add to Slack" asks for: the same as manifest.yml (a test keeps them equal).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "users:read.email",
    "usergroups:read",
    "groups:read",
    "channels:read",
    "channels:join",
    "channels:history",
    "mpim:write",
    "im:history",
    "reactions:write",
    "files:write",
    "im:write",
)


class TokenKeyError(Exception):
    """A stored token cannot be decrypted with any key in TOKEN_ENCRYPTION_KEY."""


class Keyring:
    """TOKEN_ENCRYPTION_KEY: one Fernet key, or several comma-separated (newest first).

    New tokens are encrypted with the first key; any listed key decrypts. Rotating is: put the new
    key first, keep the old one after it, run `python -m bot rotate-keys`, then drop the old one.
    """

    def __init__(self, keys: str) -> None:
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise ValueError("no key")
        self._fernet = MultiFernet([Fernet(part.encode("ascii")) for part in parts])

    def encrypt(self, text: str) -> str:
        """Ciphertext (url-safe base64) for the text, under the newest key."""
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        """The plain text, or TokenKeyError when no key fits."""
        try:
            return self._fernet.decrypt(ciphertext.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise TokenKeyError(
                "a stored Slack token cannot be decrypted with TOKEN_ENCRYPTION_KEY; "
                "put the key it was stored with back in the list (after the new one)"
            ) from None

    def rotate(self, ciphertext: str) -> str:
        """The same secret re-encrypted under the newest key."""
        try:
            return self._fernet.rotate(ciphertext.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError):
            raise TokenKeyError(
                "a stored Slack token cannot be decrypted with any key in TOKEN_ENCRYPTION_KEY"
            ) from None


def new_key() -> str:
    """A fresh key for TOKEN_ENCRYPTION_KEY."""
    return Fernet.generate_key().decode("ascii")


def check_keys(value: str) -> str | None:
    """None when TOKEN_ENCRYPTION_KEY is well formed, else what is wrong with it."""
    try:
        Keyring(value)
    except ValueError:
        return (
            "each key must be 32 url-safe base64-encoded bytes, as `python -m bot new-key` prints"
        )
    return None


class EncryptedText(TypeDecorator[str]):
    """Text that is Fernet-encrypted on the way into the database and decrypted on the way out."""

    impl = Text
    cache_ok = True

    def __init__(self, keyring: Keyring) -> None:
        super().__init__()
        self.keyring = keyring

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        """Encrypt before storing."""
        return None if value is None else self.keyring.encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        """Decrypt after reading."""
        return None if value is None else self.keyring.decrypt(value)


def with_text_secrets(table: Table) -> Table:
    """slack_sdk declares tokens as VARCHAR(200); ciphertext is longer, so they are TEXT here."""
    for name in SECRET_COLUMNS:
        if name in table.c:
            table.c[name].type = Text()
    return table


def define_tables(metadata: MetaData) -> None:
    """slack_sdk's three OAuth tables, as the migrations create them."""
    with_text_secrets(
        SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS_TABLE)
    )
    with_text_secrets(SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS_TABLE))
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, STATES_TABLE)


def _raw_secret_columns() -> list[tuple[Table, list[Any]]]:
    """The token tables with plain TEXT columns (ciphertext in, ciphertext out), and their
    secret columns: what key rotation and the start-up check read."""
    raw = MetaData()
    define_tables(raw)
    found = []
    for name in (BOTS_TABLE, INSTALLATIONS_TABLE):
        table = raw.tables[name]
        found.append((table, [table.c[n] for n in SECRET_COLUMNS if n in table.c]))
    return found


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy installation store, with every token encrypted at rest."""

    def __init__(self, client_id: str, engine: Engine, keyring: Keyring) -> None:
        self.keyring = keyring
        super().__init__(
            client_id=client_id,
            engine=engine,
            bots_table_name=BOTS_TABLE,
            installations_table_name=INSTALLATIONS_TABLE,
            logger=log,
        )
        for table in (self.bots, self.installations):
            for name in SECRET_COLUMNS:
                if name in table.c:
                    table.c[name].type = EncryptedText(keyring)

    def bot_on(
        self,
        connection: Session | Connection,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """find_bot() on the caller's connection: a request reads its token in its own
        transaction instead of checking out a second pooled connection."""
        if is_enterprise_install or team_id is None:
            team_id = None
        c = self.bots.c
        query = (
            self.bots.select()
            .where(
                c.client_id == self.client_id,
                c.enterprise_id == enterprise_id,
                c.team_id == team_id,
                c.bot_token.is_not(None),
            )
            .order_by(desc(c.installed_at))
            .limit(1)
        )
        row = connection.execute(query).mappings().first()
        return None if row is None else self.build_bot_entity(row)

    def latest_bot(
        self, team_id: str, connection: Session | Connection | None = None
    ) -> Bot | None:
        """The newest bot installed in a workspace, whatever its enterprise (for the jobs);
        on the caller's connection when given."""
        c = self.bots.c
        query = (
            self.bots.select()
            .where(c.client_id == self.client_id, c.team_id == team_id, c.bot_token.is_not(None))
            .order_by(desc(c.installed_at), desc(c.id))
            .limit(1)
        )
        if connection is not None:
            row = connection.execute(query).mappings().first()
        else:
            with self.engine.connect() as conn:
                row = conn.execute(query).mappings().first()
        return None if row is None else self.build_bot_entity(row)

    def delete_workspace(self, connection: Session | Connection, team_id: str) -> int:
        """Forget every token of a workspace; returns how many rows went.

        Runs on the caller's session, so it commits or rolls back with the rest of the
        request (on SQLite a second connection would wait for the request's own write lock).
        """
        gone = 0
        for table in (self.bots, self.installations):
            result = connection.execute(
                delete(table).where(table.c.client_id == self.client_id, table.c.team_id == team_id)
            )
            gone += getattr(result, "rowcount", 0) or 0
        return gone

    def rotate_keys(self) -> int:
        """Re-encrypt every stored secret under the newest key; returns how many were rewritten.

        Runs in one transaction: either every secret is under the new key, or none changed.
        """
        rotated = 0
        with self.engine.begin() as conn:
            for table, columns in _raw_secret_columns():
                for row in conn.execute(select(table.c.id, *columns)).mappings():
                    values = {
                        column.name: self.keyring.rotate(row[column.name])
                        for column in columns
                        if row[column.name] is not None
                    }
                    if values:
                        conn.execute(update(table).where(table.c.id == row["id"]).values(values))
                        rotated += len(values)
        return rotated

    def readable(self) -> bool:
        """True when every stored secret decrypts with the keys given (checked at start-up)."""
        with self.engine.connect() as conn:
            for _table, columns in _raw_secret_columns():
                for row in conn.execute(select(*columns)):
                    for value in row:
                        if value is not None:
                            try:
                                self.keyring.decrypt(value)
                            except TokenKeyError:
                                return False
        return True


class SignedStateStore(SQLAlchemyOAuthStateStore):
    """OAuth states signed with SLACK_STATE_SECRET and usable once, even across processes."""

    def __init__(self, engine: Engine, secret: str, expiration_seconds: int = STATE_SECONDS):
        super().__init__(expiration_seconds=expiration_seconds, engine=engine, logger=log)
        self._secret = secret.encode("utf-8")

    def _sign(self, nonce: str) -> bytes:
        digest = hmac.new(self._secret, nonce.encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:32].encode("ascii")

    def issue(self, *args: Any, **kwargs: Any) -> str:
        """A new state, remembered until it is used or expires."""
        nonce = secrets.token_urlsafe(24)
        state = f"{nonce}.{self._sign(nonce).decode('ascii')}"
        expire_at = clock.now() + timedelta(seconds=self.expiration_seconds)
        with self.engine.begin() as conn:
            conn.execute(
                self.oauth_states.insert(),
                {"state": state, "expire_at": normalize_datetime_for_db(expire_at)},
            )
        return state

    def consume(self, state: str) -> bool:
        """True once for a state this app issued and that has not expired; False otherwise."""
        nonce, _, signature = (state or "").partition(".")
        if not nonce or not hmac.compare_digest(signature.encode("utf-8"), self._sign(nonce)):
            log.info("refused an OAuth state that this app did not sign")
            return False
        now = normalize_datetime_for_db(clock.now())
        c = self.oauth_states.c
        with self.engine.begin() as conn:
            # One DELETE decides: of two redirects racing with the same state, one wins.
            result = conn.execute(
                delete(self.oauth_states).where(and_(c.state == state, c.expire_at > now))
            )
            used = (result.rowcount or 0) == 1
            conn.execute(delete(self.oauth_states).where(c.expire_at <= now))
        if not used:
            log.info("refused an OAuth state that was used before or has expired")
        return used


class StoredBotAuthorize(Authorize):
    """Authorize a request from the stored bot of its workspace, without calling auth.test.

    Bolt's default asks Slack's auth.test on every request; everything it would learn (bot id,
    bot user, team) was stored at install time, so one indexed read is enough.
    """

    def __init__(self, store: EncryptedInstallationStore) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store = store

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        actor_enterprise_id: str | None = None,
        actor_team_id: str | None = None,
        actor_user_id: str | None = None,
    ) -> AuthorizeResult | None:
        """The stored bot for the request's workspace, or None when it is not installed."""
        session = context.get("session")  # TvaersApp.dispatch opened it for this request
        where: dict[str, Any] = {
            "enterprise_id": enterprise_id,
            "team_id": team_id,
            "is_enterprise_install": context.is_enterprise_install,
        }
        if session is not None:
            bot = self.store.bot_on(session, **where)
        else:
            bot = self.store.find_bot(**where)
        if bot is None and team_id:
            bot = self.store.latest_bot(team_id, session)
        if bot is None:
            return None
        return AuthorizeResult(
            enterprise_id=bot.enterprise_id,
            team_id=team_id or bot.team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )
