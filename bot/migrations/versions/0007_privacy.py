"""privacy: workspaces remember when the app was uninstalled; answers can be marked shareable

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uninstalled_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("reflection_prompts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shareable", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("reflection_prompts", schema=None) as batch_op:
        batch_op.drop_column("shareable")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("uninstalled_at")
