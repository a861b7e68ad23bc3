"""item escalations: an item raised to the directors on its own, and each workspace's wait

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            "fk_escalations_item_id", "items", ["item_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_unique_constraint("uq_escalations_item", ["team_id", "item_id"])
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_reminder_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("decision_reminder_days")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_constraint("uq_escalations_item", type_="unique")
        batch_op.drop_constraint("fk_escalations_item_id", type_="foreignkey")
        batch_op.drop_column("notified_at")
        batch_op.drop_column("item_id")
