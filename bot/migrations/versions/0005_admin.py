"""admin: audit log, job runs, channel checks, user group sync, workspace settings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ok", sa.Boolean(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.create_index("ix_job_runs_name_started", ["name", "started_at"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("before", sa.String(length=200), nullable=True),
        sa.Column("after", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_team_at", ["team_id", "at"], unique=False)

    op.create_table(
        "channel_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("problem", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "channel_id", name="uq_channel_checks_channel"),
    )
    op.create_table(
        "usergroup_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "user_id", name="uq_usergroup_members_user"),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("usergroup_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_units_merged_into_id", "units", ["merged_into_id"], ["id"], ondelete="SET NULL"
        )

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reminder_days", sa.Integer(), server_default="3", nullable=False)
        )
        batch_op.add_column(
            sa.Column("anonymity_threshold", sa.Integer(), server_default="5", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("anonymity_threshold")
        batch_op.drop_column("reminder_days")

    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_constraint("fk_units_merged_into_id", type_="foreignkey")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("usergroup_id")

    op.drop_table("usergroup_members")
    op.drop_table("channel_checks")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_team_at")
    op.drop_table("audit_log")
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_job_runs_name_started")
    op.drop_table("job_runs")
