"""campaign rewards: invitations, clock restarts, granted rewards

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_invitations',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('campaign', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_campaign_invitations_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'seq', name=op.f('pk_campaign_invitations'))
    )
    op.create_table('campaign_restarts',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('campaign', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_campaign_restarts_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'seq', name=op.f('pk_campaign_restarts'))
    )
    op.create_table('campaign_rewards',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('campaign', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('mb', sa.Integer(), nullable=False),
    sa.Column('expires', sa.Date(), nullable=False),
    sa.Column('subscription_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_campaign_rewards_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'seq', name=op.f('pk_campaign_rewards'))
    )


def downgrade() -> None:
    op.drop_table('campaign_rewards')
    op.drop_table('campaign_restarts')
    op.drop_table('campaign_invitations')
