"""what a credit line corrects (usage, recurring, …), so that a usage credit is known by its
data and not by its German text

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 15:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# credits written before this revision: what they correct, from how their text starts (the
# rule this column replaces; the texts are those Kontor wrote until then)
KNOWN = (("usage", ("Gutschrift Verbindungen ", "Gutschrift Mehrverbrauch ",
                    "Gutschrift Nutzung ")),)


def upgrade() -> None:
    with op.batch_alter_table('invoice_lines') as batch:
        batch.add_column(sa.Column('corrects', sa.String(length=30), nullable=True))
    lines = sa.table('invoice_lines', sa.column('kind', sa.String), sa.column('text', sa.Text),
                     sa.column('corrects', sa.String))
    for kind, starts in KNOWN:
        op.execute(lines.update().where(
            lines.c.kind == 'credit', sa.or_(*(lines.c.text.startswith(s, autoescape=True)
                                               for s in starts))).values(corrects=kind))


def downgrade() -> None:
    with op.batch_alter_table('invoice_lines') as batch:
        batch.drop_column('corrects')
