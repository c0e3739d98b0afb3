"""A customer's VAT id: the forms accepted (German, Swiss UID, other EU member states) and the
one form stored and put on e-invoices."""

from __future__ import annotations

import pytest

from kontor.domain.account import vat_id


@pytest.mark.parametrize(("written", "stored"), [
    ("DE129273398", "DE129273398"),
    ("de 129 273 398", "DE129273398"),
    ("CHE-116.281.710 MWST", "CHE-116.281.710 MWST"),
    ("che116281710", "CHE-116.281.710"),
    ("CHE 116.281.710 TVA", "CHE-116.281.710 TVA"),
    ("ATU12345678", "ATU12345678"),
    ("EL123456789", "EL123456789"),
    ("DE12345678", None),          # 8 digits
    ("DE1234567890", None),        # 10 digits
    ("CHE-116.281.71", None),
    ("US123456789", None),         # no EU or Swiss prefix
    ("Germany", None),
])
def test_vat_ids(written, stored):
    assert vat_id(written) == stored
