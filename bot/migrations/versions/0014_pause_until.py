"""pause until a day, and job summaries the admins read in their language

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
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
