"""the store: catalogs, customers, contracts, usage, billing, keys

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 00:03:17.822723
"""

import sqlalchemy as sa
from alembic import op

import kontor.adapters.db.types

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('catalogs',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', 'version', name=op.f('pk_catalogs'))
    )
    op.create_table('customers',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.String(length=10), nullable=True),
    sa.Column('address', kontor.adapters.db.types.Doc(), nullable=False),
    sa.Column('vat_id', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('catalogs', kontor.adapters.db.types.Doc(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers'))
    )
    op.create_table('number_sequences',
    sa.Column('prefix', sa.String(length=20), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_number_sequences'))
    )
    op.create_table('agreements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('document', kontor.adapters.db.types.Doc(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_agreements_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index('ix_agreements_customer', ['customer_id', 'id'], unique=False)

    op.create_table('api_keys',
    sa.Column('id', sa.String(length=20), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_api_keys_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('digest', name=op.f('uq_api_keys_digest'))
    )
    op.create_table('audit_records',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('agent', sa.String(length=100), nullable=False),
    sa.Column('ticket', sa.String(length=100), nullable=False),
    sa.Column('rule', sa.String(length=60), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('event', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_audit_records_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_records'))
    )
    with op.batch_alter_table('audit_records', schema=None) as batch_op:
        batch_op.create_index('ix_audit_records_customer', ['customer_id', 'id'], unique=False)

    op.create_table('billed_items',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('invoice_number', sa.String(length=40), nullable=True),
    sa.Column('subscription_id', sa.String(length=64), nullable=True),
    sa.Column('key', sa.String(length=200), nullable=True),
    sa.Column('product', sa.String(length=100), nullable=True),
    sa.Column('rate_product', sa.String(length=100), nullable=True),
    sa.Column('rate_kind', sa.String(length=20), nullable=True),
    sa.Column('rate_unit_price', kontor.adapters.db.types.Exact(), nullable=True),
    sa.Column('rate_label', sa.String(length=100), nullable=True),
    sa.Column('rate_version', sa.Integer(), nullable=True),
    sa.Column('quantity', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('amount', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('first', sa.Date(), nullable=True),
    sa.Column('last', sa.Date(), nullable=True),
    sa.Column('catalog_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_billed_items_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billed_items'))
    )
    with op.batch_alter_table('billed_items', schema=None) as batch_op:
        batch_op.create_index('ix_billed_items_customer', ['customer_id', 'id'], unique=False)

    op.create_table('cursors',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('settled_until', sa.Date(), nullable=False),
    sa.Column('seen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_cursors_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'subject', name=op.f('pk_cursors'))
    )
    op.create_table('device_plans',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('subscription_id', sa.String(length=64), nullable=True),
    sa.Column('device', sa.String(length=200), nullable=False),
    sa.Column('price', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('down_payment', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('installments', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('activated_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_device_plans_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'id', name=op.f('pk_device_plans'))
    )
    op.create_table('import_reports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('report', kontor.adapters.db.types.Doc(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_import_reports_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_reports'))
    )
    with op.batch_alter_table('import_reports', schema=None) as batch_op:
        batch_op.create_index('ix_import_reports_customer', ['customer_id', 'id'], unique=False)

    op.create_table('invoices',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('net', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('gross', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('rounding', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('payable', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('taxes', kontor.adapters.db.types.Doc(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_invoices_customer_id_customers')),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_invoices'))
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index('ix_invoices_customer', ['customer_id', 'issued_on'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('params', kontor.adapters.db.types.Doc(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_notices_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_customer', ['customer_id', 'id'], unique=False)

    op.create_table('orders',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('product', sa.String(length=100), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('free', sa.Integer(), nullable=False),
    sa.Column('unit_price', kontor.adapters.db.types.Exact(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_orders_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'number', name=op.f('pk_orders'))
    )
    op.create_table('overage_policies',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('subscription_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('policy', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_overage_policies_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'subscription_id', 'seq', name=op.f('pk_overage_policies'))
    )
    op.create_table('quarantine',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('entry', kontor.adapters.db.types.Doc(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_quarantine_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarantine'))
    )
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.create_index('ix_quarantine_customer', ['customer_id', 'id'], unique=False)

    op.create_table('sim_profiles',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('sim_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('roaming', sa.Boolean(), nullable=False),
    sa.Column('data_cap_mb', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_sim_profiles_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'sim_id', 'seq', name=op.f('pk_sim_profiles'))
    )
    op.create_table('sims',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('subscription_id', sa.String(length=64), nullable=False),
    sa.Column('profile', sa.String(length=100), nullable=True),
    sa.Column('added_on', sa.Date(), nullable=True),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_sims_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'id', name=op.f('pk_sims'))
    )
    op.create_table('subscription_changes',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('subscription_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('effective', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', kontor.adapters.db.types.Doc(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_subscription_changes_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'subscription_id', 'seq', name=op.f('pk_subscription_changes'))
    )
    op.create_table('subscriptions',
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('initial', kontor.adapters.db.types.Doc(), nullable=False),
    sa.Column('combined_with', kontor.adapters.db.types.Doc(), nullable=False),
    sa.Column('trial_until', sa.Date(), nullable=True),
    sa.Column('site', sa.String(length=100), nullable=True),
    sa.Column('service_end', sa.Date(), nullable=True),
    sa.Column('billing_end', sa.Date(), nullable=True),
    sa.Column('notice_charge', kontor.adapters.db.types.Doc(), nullable=True),
    sa.Column('touched', kontor.adapters.db.types.Doc(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_subscriptions_customer_id_customers')),
    sa.PrimaryKeyConstraint('customer_id', 'id', name=op.f('pk_subscriptions'))
    )
    op.create_table('usage_records',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('customer_id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('record_id', sa.String(length=200), nullable=False),
    sa.Column('subscriber', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('service', sa.String(length=10), nullable=False),
    sa.Column('destination', sa.String(length=40), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('duration_s', sa.BigInteger(), nullable=False),
    sa.Column('volume_bytes', sa.BigInteger(), nullable=False),
    sa.Column('roaming_country', sa.String(length=2), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_usage_records_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usage_records')),
    sa.UniqueConstraint('customer_id', 'source', 'record_id', name='uq_usage_records_id')
    )
    with op.batch_alter_table('usage_records', schema=None) as batch_op:
        batch_op.create_index('ix_usage_records_customer', ['customer_id', 'id'], unique=False)

    op.create_table('invoice_lines',
    sa.Column('invoice_number', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('product', sa.String(length=100), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('quantity', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('unit_price', kontor.adapters.db.types.Exact(), nullable=True),
    sa.Column('amount', kontor.adapters.db.types.Exact(), nullable=False),
    sa.Column('first', sa.Date(), nullable=True),
    sa.Column('last', sa.Date(), nullable=True),
    sa.Column('tax_rate', kontor.adapters.db.types.Exact(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_number'], ['invoices.number'], name=op.f('fk_invoice_lines_invoice_number_invoices')),
    sa.PrimaryKeyConstraint('invoice_number', 'position', name=op.f('pk_invoice_lines'))
    )


def downgrade() -> None:
    op.drop_table('invoice_lines')
    with op.batch_alter_table('usage_records', schema=None) as batch_op:
        batch_op.drop_index('ix_usage_records_customer')

    op.drop_table('usage_records')
    op.drop_table('subscriptions')
    op.drop_table('subscription_changes')
    op.drop_table('sims')
    op.drop_table('sim_profiles')
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_index('ix_quarantine_customer')

    op.drop_table('quarantine')
    op.drop_table('overage_policies')
    op.drop_table('orders')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_customer')

    op.drop_table('notices')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_invoices_customer')

    op.drop_table('invoices')
    with op.batch_alter_table('import_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_import_reports_customer')

    op.drop_table('import_reports')
    op.drop_table('device_plans')
    op.drop_table('cursors')
    with op.batch_alter_table('billed_items', schema=None) as batch_op:
        batch_op.drop_index('ix_billed_items_customer')

    op.drop_table('billed_items')
    with op.batch_alter_table('audit_records', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_records_customer')

    op.drop_table('audit_records')
    op.drop_table('api_keys')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index('ix_agreements_customer')

    op.drop_table('agreements')
    op.drop_table('number_sequences')
    op.drop_table('customers')
    op.drop_table('catalogs')
