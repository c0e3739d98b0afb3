"""The tables of the store (SQLAlchemy Core; the domain knows nothing of them). Alembic's
migrations (migrations/versions) create exactly this; a test compares the two."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from kontor.adapters.db.types import Doc, Exact

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s"})


def _customer(primary: bool = True) -> Column:
    return Column("customer_id", String(64), ForeignKey("customers.id"), primary_key=primary,
                  nullable=False)


catalogs = Table(
    "catalogs", metadata,
    Column("name", String(100), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("valid_from", Date),
    Column("currency", String(3), nullable=False),
    Column("source", Text, nullable=False),  # the YAML as loaded
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

customers = Table(
    "customers", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("region", String(10)),
    Column("address", Doc, nullable=False),  # lines
    Column("vat_id", String(40)),
    Column("email", String(200)),
    Column("language", String(5), nullable=False),
    Column("phone", String(30)),  # mobile number for SMS
    Column("call_list", String(10), nullable=False, server_default="none"),  # none|full|masked
    Column("catalogs", Doc, nullable=False),  # the catalog names it buys from
    Column("version", Integer, nullable=False),  # compare-and-set on every write
)

subscriptions = Table(
    "subscriptions", metadata, _customer(),
    Column("id", String(64), primary_key=True),
    Column("start", Date, nullable=False),
    Column("initial", Doc, nullable=False),  # State
    Column("combined_with", Doc, nullable=False),
    Column("trial_until", Date),
    Column("site", String(100)),
    Column("service_end", Date),
    Column("billing_end", Date),
    Column("notice_charge", Doc),
    Column("touched", Doc, nullable=False),
    # the subscription's place in its account (the order they were booked in), so a stored
    # account lists them as the one in memory did; NULL in rows written before 0006
    Column("position", Integer),
)

subscription_changes = Table(
    "subscription_changes", metadata, _customer(),
    Column("subscription_id", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("effective", Date, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("value", Doc, nullable=False),
)

device_plans = Table(
    "device_plans", metadata, _customer(),
    Column("id", String(64), primary_key=True),
    Column("subscription_id", String(64)),
    Column("device", String(200), nullable=False),
    Column("price", Exact, nullable=False),
    Column("down_payment", Exact, nullable=False),
    Column("installments", Integer, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("activated_on", Date, nullable=False),
    Column("ended_on", Date),
)

sims = Table(
    "sims", metadata, _customer(),
    Column("id", String(64), primary_key=True),
    Column("subscription_id", String(64), nullable=False),
    Column("profile", String(100)),
    Column("added_on", Date),
    Column("removed_on", Date),
)

sim_profiles = Table(  # dated: a record is judged by the profile of its day
    "sim_profiles", metadata, _customer(),
    Column("sim_id", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("since", Date, nullable=False),
    Column("roaming", Boolean, nullable=False),
    Column("data_cap_mb", Integer),
)

overage_policies = Table(
    "overage_policies", metadata, _customer(),
    Column("subscription_id", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("since", Date, nullable=False),
    Column("policy", String(10), nullable=False),
)

orders = Table(
    "orders", metadata, _customer(),
    Column("number", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("product", String(100), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("free", Integer, nullable=False),
    Column("unit_price", Exact, nullable=False),
)

campaign_invitations = Table(  # the campaigns a customer was invited to (domain/campaigns.py)
    "campaign_invitations", metadata, _customer(),
    Column("seq", Integer, primary_key=True),
    Column("campaign", String(100), nullable=False),
    Column("day", Date, nullable=False),
    Column("channel", String(20), nullable=False),
)

campaign_restarts = Table(  # days a campaign timer's clock restarted (hotline_call)
    "campaign_restarts", metadata, _customer(),
    Column("seq", Integer, primary_key=True),
    Column("campaign", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("day", Date, nullable=False),
)

campaign_rewards = Table(  # campaign rewards granted, each a data bucket of `subscription_id`
    "campaign_rewards", metadata, _customer(),
    Column("seq", Integer, primary_key=True),
    Column("campaign", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("day", Date, nullable=False),
    Column("mb", Integer, nullable=False),
    Column("expires", Date, nullable=False),
    Column("subscription_id", String(64)),
)

billed_items = Table(
    "billed_items", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    _customer(primary=False),
    Column("invoice_number", String(40)),
    Column("subscription_id", String(64)),
    Column("key", String(200)),
    Column("product", String(100)),
    Column("rate_product", String(100)),
    Column("rate_kind", String(20)),
    Column("rate_unit_price", Exact),
    Column("rate_label", String(100)),
    Column("rate_version", Integer),
    Column("quantity", Exact, nullable=False),
    Column("amount", Exact, nullable=False),
    Column("first", Date),
    Column("last", Date),
    Column("catalog_version", Integer, nullable=False),
    Index("ix_billed_items_customer", "customer_id", "id"),
)

cursors = Table(
    "cursors", metadata, _customer(),
    Column("subject", String(200), primary_key=True),
    Column("settled_until", Date, nullable=False),
    Column("seen", Integer, nullable=False),
)

invoices = Table(
    "invoices", metadata,
    Column("number", String(40), primary_key=True),
    _customer(primary=False),
    Column("issued_on", Date, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("net", Exact, nullable=False),
    Column("gross", Exact, nullable=False),
    Column("rounding", Exact, nullable=False),
    Column("payable", Exact, nullable=False),
    Column("taxes", Doc, nullable=False),  # TaxLine per rate
    Index("ix_invoices_customer", "customer_id", "issued_on"),
)

invoice_lines = Table(
    "invoice_lines", metadata,
    Column("invoice_number", String(40), ForeignKey("invoices.number"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("product", String(100)),
    Column("kind", String(30), nullable=False),
    Column("text", Text, nullable=False),
    Column("quantity", Exact, nullable=False),
    Column("unit_price", Exact),
    Column("amount", Exact, nullable=False),
    Column("first", Date),
    Column("last", Date),
    Column("tax_rate", Exact, nullable=False),
    Column("subscription_id", String(64)),  # shown when a customer has several of one product
    Column("corrects", String(30)),  # a credit: the kind of line it corrects
)

number_sequences = Table(  # gap-free numbers per issuer: taken in the issuing transaction
    "number_sequences", metadata,
    Column("prefix", String(20), primary_key=True),
    Column("last", Integer, nullable=False),
)

notices = Table(
    "notices", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _customer(primary=False),
    Column("day", Date, nullable=False),
    Column("code", String(60), nullable=False),
    Column("params", Doc, nullable=False),
    Index("ix_notices_customer", "customer_id", "id"),
)

audit_records = Table(
    "audit_records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _customer(primary=False),
    Column("day", Date, nullable=False),
    Column("agent", String(100), nullable=False),
    Column("ticket", String(100), nullable=False),
    Column("rule", String(60), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("event", Integer),
    Index("ix_audit_records_customer", "customer_id", "id"),
)

agreements = Table(
    "agreements", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _customer(primary=False),
    Column("plan_id", String(64), nullable=False),
    Column("document", Doc, nullable=False),  # PurchaseAgreement
    Index("ix_agreements_customer", "customer_id", "id"),
)

usage_records = Table(  # accepted records as they came (rated at billing and for balances)
    "usage_records", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    _customer(primary=False),
    Column("source", String(100), nullable=False),
    Column("record_id", String(200), nullable=False),
    Column("subscriber", String(64), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("day", Date, nullable=False),
    Column("service", String(10), nullable=False),
    Column("destination", String(40)),
    Column("country", String(2)),
    Column("kind", String(20)),
    Column("duration_s", BigInteger, nullable=False),
    Column("volume_bytes", BigInteger, nullable=False),
    Column("roaming_country", String(2)),
    UniqueConstraint("customer_id", "source", "record_id", name="uq_usage_records_id"),
    Index("ix_usage_records_customer", "customer_id", "id"),
)

quarantine = Table(
    "quarantine", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _customer(primary=False),
    Column("entry", Doc, nullable=False),  # QuarantineEntry: file, line, reason, raw text
    Index("ix_quarantine_customer", "customer_id", "id"),
)

import_reports = Table(
    "import_reports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _customer(primary=False),
    Column("report", Doc, nullable=False),
    Index("ix_import_reports_customer", "customer_id", "id"),
)

api_keys = Table(
    "api_keys", metadata,
    Column("id", String(20), primary_key=True),
    Column("digest", String(64), nullable=False, unique=True),
    Column("role", String(10), nullable=False),
    Column("customer_id", String(64), ForeignKey("customers.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

outbox = Table(  # messages to customers, written with what caused them, sent afterwards
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _customer(primary=False),
    Column("key", String(200), nullable=False, unique=True),  # what caused it: sent once
    Column("channel", String(10), nullable=False),  # email | sms
    Column("recipient", String(200), nullable=False),
    Column("subject", Text),
    Column("body", Text, nullable=False),
    Column("language", String(5), nullable=False),
    Column("created_on", Date, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("claimed_at", DateTime(timezone=True)),  # a sender is on it (stale after a while)
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_outbox_pending", "sent_at", "id"),
)
