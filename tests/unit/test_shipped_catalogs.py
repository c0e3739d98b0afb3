"""The shipped catalogs carry exactly the codes and prices of shared/spec/offers.md."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from kontor.adapters.campaign_yaml import load_campaign
from kontor.adapters.catalog_yaml import SHIPPED, load_catalog, resolve, shipped_names
from kontor.domain.charge_models import PerUnit, Volume

ROOT = Path(__file__).resolve().parents[2]

SPEC_PRICES = {
    "o2-unite": {"unite": "0.00", "unite-voice": "20.00", "unite-sms": "5.00",
                 "unite-data": "15.00", "unite-sim": "0"},
    "smart-abo": {"smart-s": "29.00", "smart-m": "49.00", "smart-l": "69.00",
                  "aio-discount": "10.00"},
    "aut-pbx": {"autpbx-number": "0.00", "autpbx-did-block": "10.00", "autpbx-porting": "25.00",
                "autpbx-number-choice": "15.00", "autpbx-admin": "25.00",
                "autpbx-setup": "349.00",
                **{f"autpbx-flat-{z}-{s}": p for z, prices in {
                    "de": (10, 20, 40), "dach": (20, 40, 80), "eu": (90, 180, 360),
                    "export": (100, 200, 400)}.items() for s, p in zip("sml", prices, strict=True)}},
    "digital-phone": {"dp-base-basic": "35.00", "dp-base-premium": "59.00",
                      "dp-extension-basic": "6.80", "dp-extension-premium": "9.80",
                      "dp-activation": "9.99", "dp-business-option": "4.00",
                      "dp-cti-standard": "3.00", "dp-cti-premium": "6.00", "dp-efax": "2.00"},
}


def test_the_four_offer_catalogs_are_shipped():
    assert shipped_names() == sorted(SPEC_PRICES)


@pytest.mark.parametrize("name", sorted(SPEC_PRICES))
def test_codes_and_prices_are_those_of_the_spec(name):
    catalog = load_catalog(resolve(name))
    expected = SPEC_PRICES[name]
    codes = set(expected) | ({"autpbx-extension"} if name == "aut-pbx" else set())
    assert set(catalog.products) == codes
    for code, price in expected.items():
        assert catalog.products[code].price == D(price), code


def test_aut_pbx_volume_tiers_and_terms():
    ext = load_catalog(resolve("aut-pbx")).products["autpbx-extension"]
    assert [ext.unit_price(q) for q in (1, 50, 51, 100, 101, 5000)] == [
        D("6.50"), D("6.50"), D("6.00"), D("6.00"), D("5.50"), D("5.50")]
    assert (ext.terms.min_months, ext.terms.renewal_months, ext.terms.notice.months) == (12, 1, 1)
    flat = load_catalog(resolve("aut-pbx")).products["autpbx-flat-eu-l"]
    assert flat.allowances == {"landline_min": 2000, "mobile_min": 400}
    assert flat.terms.notice.werktage == 10


def test_digital_phone_combined_prices_and_base_package():
    base = load_catalog(resolve("digital-phone")).products["dp-base-basic"]
    assert base.unit_price(1, frozenset({"mobile"})) == D("25.20")
    assert load_catalog(resolve("digital-phone")).products["dp-base-premium"].unit_price(
        1, frozenset({"all-ip"})) == D("50.00")
    assert (base.included_licences, base.licence_limit, base.activation_fee) == (
        5, 249000, "dp-activation")


def test_smart_abo_is_gross_chf_with_swiss_vat():
    catalog = load_catalog(resolve("smart-abo"))
    assert (catalog.currency.value, catalog.basis.value, catalog.tax_rate) == ("CHF", "gross",
                                                                               D("8.1"))
    assert catalog.products["smart-s"].allowances == {"data_mb": 5120}
    assert catalog.products["smart-l"].allowances == {"data_mb": None}


def test_rewards_campaign_definition():
    campaign = load_campaign(SHIPPED / "campaigns" / "online-statt-hotline.yaml")
    assert campaign.name == "online-statt-hotline"
    assert {r.action: r.mb for r in campaign.rewards} == {
        "portal_registered": 600, "app_installed": 600, "bill_video_watched": 600,
        "no_hotline_9_months": 1800}


def kontor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kontor.entrypoints.cli.main", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_catalog_validate_accepts_every_shipped_file():
    """kontor catalog validate $(find src/kontor/catalogs -name '*.yaml'): ok for all, exit 0."""
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "src/kontor/catalogs").rglob("*.yaml"))
    assert "src/kontor/catalogs/campaigns/online-statt-hotline.yaml" in files
    result = kontor("catalog", "validate", *files)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [f"{f}: ok ({_holds(f)})" for f in files]


def _holds(file: str) -> str:
    if "/campaigns/" in file:
        return f"campaign, {len(load_campaign(ROOT / file).rewards)} rewards"
    return f"{len(load_catalog(ROOT / file).products)} products"


def test_catalog_validate_of_an_unknown_name_lists_the_shipped_ones():
    result = kontor("catalog", "validate", "x")
    assert result.returncode == 2
    assert result.stderr == ("x: no shipped catalog and no file named 'x' (shipped: aut-pbx, "
                             "digital-phone, o2-unite, smart-abo)\n")


def test_shipped_pricing_keeps_its_meaning():
    catalogs = [load_catalog(resolve(name)) for name in shipped_names()]
    products = {code: p for c in catalogs for code, p in c.products.items()}
    assert isinstance(products["autpbx-extension"].pricing, Volume)
    assert all(isinstance(p.pricing, PerUnit) for code, p in products.items()
               if code != "autpbx-extension")
    assert all((c.version, c.valid_from) == (1, None) for c in catalogs)


@pytest.mark.parametrize(("code", "maximum"), [
    ("autpbx-extension", 10000), ("unite-voice", 10000), ("unite-sim", 20000), ("smart-m", 1),
    ("dp-base-basic", 249000), ("dp-extension-premium", 248995), ("dp-efax", 249000)])
def test_shipped_quantity_maximum(code, maximum):
    products = {k: p for n in shipped_names() for k, p in load_catalog(resolve(n)).products.items()}
    assert products[code].max_quantity == maximum
    assert products["dp-base-basic"].licence_limit == 249000


def test_every_shipped_product_has_a_quantity_maximum():
    for name in shipped_names():
        for product in load_catalog(resolve(name)).products.values():
            assert product.max_quantity, product.code
