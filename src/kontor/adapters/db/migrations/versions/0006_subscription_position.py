"""a subscription's place in its account (the order it was booked in), so that a stored
account lists its subscriptions as the account in memory did: which one rates a customer's
calls and the order of invoice lines must not depend on how the database returns rows

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 01:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # rows written before stay NULL: they are listed after the others, by start, then id
    with op.batch_alter_table('subscriptions') as batch:
        batch.add_column(sa.Column('position', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('subscriptions') as batch:
        batch.drop_column('position')
