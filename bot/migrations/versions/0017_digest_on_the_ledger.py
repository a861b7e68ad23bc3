"""the monthly digest's claims move onto the delivery ledger (one ledger for every post)

Each digest_claims row becomes a deliveries row of kind "digest", keyed
"digest:<channel>:<month>" (the key its message metadata already carried), with its state,
attempts, error, channel, ts and times; the area goes in ref_id. The chart's file id is not
kept (nothing read it).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        'INSERT INTO deliveries (team_id, "key", kind, ref_id, state, attempts, error, '
        "channel_id, ts, claimed_at, sent_at) "
        "SELECT team_id, 'digest:' || channel_id || ':' || month, 'digest', area_id, "
        "CAST(state AS VARCHAR(16)), attempts, error, channel_id, message_ts, claimed_at, "
        "posted_at FROM digest_claims"
    )
    op.drop_table("digest_claims")


def downgrade() -> None:
    op.create_table(
        "digest_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=15), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("chart_file_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "channel_id", "month", name="uq_digest_claims_month"),
    )
    # The month is the key's last seven characters; an area deleted since loses its link.
    op.execute(
        "INSERT INTO digest_claims "
        "(team_id, channel_id, month, area_id, state, attempts, error, claimed_at, posted_at, "
        "message_ts) "
        'SELECT team_id, channel_id, SUBSTR("key", LENGTH("key") - 6), '
        "(SELECT areas.id FROM areas WHERE areas.id = deliveries.ref_id), state, attempts, "
        "error, claimed_at, sent_at, ts FROM deliveries WHERE kind = 'digest'"
    )
    op.execute("DELETE FROM deliveries WHERE kind = 'digest'")
