"""threads: cross-unit threads, their items, channel problems, pairing

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cross_unit_channel_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("problem", sa.String(length=40), nullable=False),
        sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "channel_id", name="uq_cross_unit_channel_problems_channel"),
    )
    op.create_table(
        "cross_unit_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("user_a", sa.String(length=32), nullable=False),
        sa.Column("user_b", sa.String(length=32), nullable=False),
        sa.Column("paired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "team_id", "period", "user_a", "user_b", name="uq_cross_unit_pairs_pair"
        ),
    )
    with op.batch_alter_table("cross_unit_pairs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cross_unit_pairs_team_paired", ["team_id", "paired_at"], unique=False
        )

    op.create_table(
        "cross_unit_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "kind", "period", name="uq_cross_unit_runs_period"),
    )
    op.create_table(
        "cross_unit_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("group_key", sa.String(length=64), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("reasons", sa.String(length=60), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("root_ts", sa.String(length=32), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("root_deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_ts", sa.String(length=32), nullable=True),
        sa.Column("follow_up_skipped", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=22), nullable=True),
        sa.Column("outcome_by", sa.String(length=32), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("directors_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reply_count", sa.Integer(), nullable=False),
        sa.Column("last_reply_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "group_key", name="uq_cross_unit_threads_group"),
    )
    with op.batch_alter_table("cross_unit_threads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cross_unit_threads_follow_up",
            ["team_id", "channel_id", "follow_up_ts"],
            unique=False,
        )
        batch_op.create_index(
            "ix_cross_unit_threads_root", ["team_id", "channel_id", "root_ts"], unique=False
        )

    op.create_table(
        "cross_unit_thread_items",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["thread_id"], ["cross_unit_threads.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    with op.batch_alter_table("cross_unit_thread_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cross_unit_thread_items_thread_id"), ["thread_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cross_unit_thread_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cross_unit_thread_items_thread_id"))

    op.drop_table("cross_unit_thread_items")
    with op.batch_alter_table("cross_unit_threads", schema=None) as batch_op:
        batch_op.drop_index("ix_cross_unit_threads_root")
        batch_op.drop_index("ix_cross_unit_threads_follow_up")

    op.drop_table("cross_unit_threads")
    op.drop_table("cross_unit_runs")
    with op.batch_alter_table("cross_unit_pairs", schema=None) as batch_op:
        batch_op.drop_index("ix_cross_unit_pairs_team_paired")

    op.drop_table("cross_unit_pairs")
    op.drop_table("cross_unit_channel_problems")
