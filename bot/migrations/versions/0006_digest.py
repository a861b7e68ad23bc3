"""digest: effect indicator values per month, digest claims, and indexes for the digest's counts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
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
    op.create_table(
        "indicator_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicator_id", "month", name="uq_indicator_values_month"),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_items_team_created_goal", ["team_id", "created_at", "goal_id"], unique=False
        )
        batch_op.create_index(
            "ix_items_team_closed", ["team_id", "closed_at", "status", "goal_id"], unique=False
        )
        batch_op.create_index("ix_items_team_escalated", ["team_id", "escalated_at"], unique=False)
        batch_op.create_index(
            "ix_items_team_level_status", ["team_id", "level", "status"], unique=False
        )
    with op.batch_alter_table("reflection_prompts", schema=None) as batch_op:
        batch_op.create_index("ix_reflection_prompts_team_due", ["team_id", "due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reflection_prompts", schema=None) as batch_op:
        batch_op.drop_index("ix_reflection_prompts_team_due")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_team_level_status")
        batch_op.drop_index("ix_items_team_escalated")
        batch_op.drop_index("ix_items_team_closed")
        batch_op.drop_index("ix_items_team_created_goal")
    op.drop_table("indicator_values")
    op.drop_table("digest_claims")
