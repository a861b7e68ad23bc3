"""suggestions: follows, dismissed pairs and the follow notices' claims

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _team() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "team_id",
        sa.String(length=32),
        sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"),
        nullable=False,
    )


def _item(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "item_follows",
        sa.Column("id", sa.Integer(), primary_key=True),
        _team(),
        _item("item_id"),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("team_id", "item_id", "user_id", name="uq_item_follows_follower"),
    )
    op.create_index("ix_item_follows_item_id", "item_follows", ["item_id"])
    op.create_table(
        "item_dismissals",
        sa.Column("id", sa.Integer(), primary_key=True),
        _team(),
        _item("item_id"),
        _item("other_id"),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("team_id", "item_id", "other_id", name="uq_item_dismissals_pair"),
    )
    op.create_index("ix_item_dismissals_other_id", "item_dismissals", ["other_id"])
    op.create_table(
        "follow_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        _team(),
        sa.Column(
            "event_id",
            sa.Integer(),
            sa.ForeignKey("item_events.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _item("item_id"),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.UniqueConstraint("team_id", "event_id", "user_id", name="uq_follow_notices_claim"),
    )
    op.create_index("ix_follow_notices_item_id", "follow_notices", ["item_id"])
    op.create_index("ix_follow_notices_state", "follow_notices", ["state", "claimed_at"])


def downgrade() -> None:
    op.drop_table("follow_notices")
    op.drop_table("item_dismissals")
    op.drop_table("item_follows")
