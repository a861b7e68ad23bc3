"""reflection: weekly prompts (the claim rows), managers' slots and pauses, replies in the DM

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflection_prefs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("time", sa.String(length=5), nullable=True),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_indefinitely", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "user_id", name="uq_reflection_prefs_user"),
    )
    op.create_table(
        "reflection_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=15), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("answer_need", sa.Text(), nullable=True),
        sa.Column("answer_barriers", sa.Text(), nullable=True),
        sa.Column("answer_action", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("skipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminder_state", sa.String(length=15), nullable=True),
        sa.Column("reminder_claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminder_ts", sa.String(length=32), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "team_id", "user_id", "kind", "period", name="uq_reflection_prompts_claim"
        ),
    )
    with op.batch_alter_table("reflection_prompts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reflection_prompts_message", ["team_id", "channel_id", "message_ts"], unique=False
        )
        batch_op.create_index("ix_reflection_prompts_state", ["state", "claimed_at"], unique=False)
        batch_op.create_index(
            "ix_reflection_prompts_team_user_due", ["team_id", "user_id", "due_at"], unique=False
        )

    op.create_table(
        "reflection_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("prompt_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("client_msg_id", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["prompt_id"], ["reflection_prompts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "channel_id", "message_ts", name="uq_reflection_replies_ts"),
        sa.UniqueConstraint("team_id", "client_msg_id", name="uq_reflection_replies_client_msg"),
    )
    with op.batch_alter_table("reflection_replies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reflection_replies_prompt_id"), ["prompt_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reflection_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflection_replies_prompt_id"))
    op.drop_table("reflection_replies")
    with op.batch_alter_table("reflection_prompts", schema=None) as batch_op:
        batch_op.drop_index("ix_reflection_prompts_team_user_due")
        batch_op.drop_index("ix_reflection_prompts_state")
        batch_op.drop_index("ix_reflection_prompts_message")
    op.drop_table("reflection_prompts")
    op.drop_table("reflection_prefs")
