"""history: item events hold the item's state after each change

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

Events written before this revision held only the status (and not on every action). They are
filled in as well as can be known: the level and the resolution note the item has now, and for
an edit or an escalation the status of the event before it (or the item's status now).
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_PREVIOUS_STATUS = """
    SELECT e.to_status FROM item_events AS e
    WHERE e.item_id = item_events.item_id AND e.to_status IS NOT NULL
      AND (e.at < item_events.at OR (e.at = item_events.at AND e.id < item_events.id))
    ORDER BY e.at DESC, e.id DESC LIMIT 1
"""
_ITEM = "SELECT items.{column} FROM items WHERE items.id = item_events.item_id"


def upgrade() -> None:
    with op.batch_alter_table("item_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level", sa.String(length=22), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.drop_index(batch_op.f("ix_item_events_item_id"))
        batch_op.create_index("ix_item_events_item_at", ["item_id", "at"], unique=False)
        batch_op.create_index("ix_item_events_team_at", ["team_id", "at"], unique=False)
    op.execute(
        f"UPDATE item_events SET to_status = COALESCE(({_PREVIOUS_STATUS}), "
        f"({_ITEM.format(column='status')})) WHERE to_status IS NULL"
    )
    op.execute(
        "UPDATE item_events SET from_status = to_status "
        "WHERE from_status IS NULL AND action <> 'created'"
    )
    op.execute(
        f"UPDATE item_events SET level = ({_ITEM.format(column='level')}), "
        f"note = ({_ITEM.format(column='resolution_note')})"
    )


def downgrade() -> None:
    with op.batch_alter_table("item_events", schema=None) as batch_op:
        batch_op.drop_index("ix_item_events_team_at")
        batch_op.drop_index("ix_item_events_item_at")
        batch_op.create_index(batch_op.f("ix_item_events_item_id"), ["item_id"], unique=False)
        batch_op.drop_column("note")
        batch_op.drop_column("level")
