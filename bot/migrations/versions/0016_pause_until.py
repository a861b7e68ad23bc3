"""pause until a day, and job summaries the admins read in their language

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reflection_prefs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_to", sa.Date(), nullable=True))
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.drop_column("details")
    with op.batch_alter_table("reflection_prefs", schema=None) as batch_op:
        batch_op.drop_column("paused_to")
