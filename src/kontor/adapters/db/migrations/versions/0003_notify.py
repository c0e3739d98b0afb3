"""customers' mobile number and call-list choice, the subscription of an invoice line, the
outbox of messages to customers (invitations by e-mail and SMS)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customers') as batch:
        batch.add_column(sa.Column('phone', sa.String(length=30), nullable=True))
        batch.add_column(sa.Column('call_list', sa.String(length=10), nullable=False,
                                   server_default='none'))
    with op.batch_alter_table('invoice_lines') as batch:
        batch.add_column(sa.Column('subscription_id', sa.String(length=64), nullable=True))
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_outbox_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_key'))
    )
    op.create_index('ix_outbox_pending', 'outbox', ['sent_at', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_outbox_pending', table_name='outbox')
    op.drop_table('outbox')
    with op.batch_alter_table('invoice_lines') as batch:
        batch.drop_column('subscription_id')
    with op.batch_alter_table('customers') as batch:
        batch.drop_column('call_list')
        batch.drop_column('phone')
