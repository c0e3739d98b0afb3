"""Charge models: each strategy on its own, table-driven, plus properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kontor.domain.catalog import Charge, Product
from kontor.domain.charge_models import (
    MODELS,
    Component,
    Flat,
    Graduated,
    Package,
    PerUnit,
    PriceTerms,
    Tier,
    Volume,
    build,
)
from kontor.domain.errors import Refused

AUT_PBX_TIERS = (Tier(1, 50, D("6.50")), Tier(51, 100, D("6.00")), Tier(101, None, D("5.50")))


def test_the_registry_names_five_models():
    assert dict(MODELS) == {"flat": Flat, "per_unit": PerUnit, "volume": Volume,
                            "graduated": Graduated, "package": Package}


@pytest.mark.parametrize(("quantity", "components"), [
    (0, ()),
    (1, (Component(D("49.00"), 1),)),
    (500, (Component(D("49.00"), 1),)),
])
def test_flat_one_price_whatever_the_quantity(quantity, components):
    assert Flat(D("49.00")).components(quantity) == components


@pytest.mark.parametrize(("quantity", "components", "amount"), [
    (0, (), D(0)),
    (1, (Component(D("6.80"), 1),), D("6.80")),
    (7, (Component(D("6.80"), 7),), D("47.60")),
])
def test_per_unit(quantity, components, amount):
    model = PerUnit(D("6.80"))
    assert (model.components(quantity), model.amount(quantity)) == (components, amount)


@pytest.mark.parametrize(("quantity", "unit_price", "amount"), [
    (1, "6.50", "6.50"), (50, "6.50", "325.00"), (51, "6.00", "306.00"),
    (100, "6.00", "600.00"), (101, "5.50", "555.50"), (5000, "5.50", "27500.00"),
])
def test_volume_prices_all_units_at_the_reached_tier(quantity, unit_price, amount):
    model = Volume(AUT_PBX_TIERS)
    assert model.components(quantity) == (Component(D(unit_price), quantity),)
    assert model.amount(quantity) == D(amount)


def test_volume_adds_the_reached_tiers_flat_fee_once():
    model = Volume((Tier(1, 10, D("5.00"), D("20.00")), Tier(11, None, D("4.00"), D("30.00"))))
    assert model.components(3) == (Component(D("5.00"), 3), Component(D("20.00"), 1,
                                                                       "Grundgebühr"))
    assert model.amount(12) == D("78.00")  # 12 × 4.00 + 30.00
    assert model.components(0) == ()


@pytest.mark.parametrize(("quantity", "components"), [
    (0, ()),
    (50, (Component(D("6.50"), 50, "1–50"),)),
    (60, (Component(D("6.50"), 50, "1–50"), Component(D("6.00"), 10, "51–100"))),
    (101, (Component(D("6.50"), 50, "1–50"), Component(D("6.00"), 50, "51–100"),
           Component(D("5.50"), 1, "ab 101"))),
])
def test_graduated_prices_each_unit_at_its_own_tier(quantity, components):
    assert Graduated(AUT_PBX_TIERS).components(quantity) == components


def test_graduated_adds_the_flat_fee_of_every_tier_reached():
    model = Graduated((Tier(1, 10, D("12.00"), D("20.00")), Tier(11, None, D("9.00"), D("5.00"))))
    assert model.amount(10) == D("140.00")  # 10 × 12 + 20
    assert model.amount(12) == D("163.00")  # 10 × 12 + 20 + 2 × 9 + 5


@pytest.mark.parametrize(("size", "free", "quantity", "blocks"), [
    (100, 0, 0, 0), (100, 0, 1, 1), (100, 0, 100, 1), (100, 0, 101, 2), (100, 0, 250, 3),
    (1000, 100, 100, 0), (1000, 100, 101, 1), (1000, 100, 1100, 1), (1000, 100, 1101, 2),
])
def test_package_counts_started_blocks_after_the_free_units(size, free, quantity, blocks):
    model = Package(D("10.00"), size, free)
    expected = (Component(D("10.00"), blocks, f"Paket à {size}"),) if blocks else ()
    assert model.components(quantity) == expected
    assert model.amount(quantity) == blocks * D("10.00")


@pytest.mark.parametrize("make", [
    lambda: Volume(()),
    lambda: Graduated((Tier(2, None, D(1)),)),
    lambda: Volume((Tier(1, 10, D(1)), Tier(12, None, D(1)))),
    lambda: Volume((Tier(1, 10, D(1)),)),
    lambda: Package(D(1), 0),
    lambda: Package(D(1), 10, -1),
])
def test_malformed_models_cannot_be_built(make):
    with pytest.raises(ValueError):
        make()


def test_a_negative_quantity_is_a_programming_error():
    with pytest.raises(ValueError):
        PerUnit(D(1)).components(-1)


def test_build_picks_the_model_by_name():
    terms = PriceTerms(D("10.00"), AUT_PBX_TIERS, size=100)
    assert build("graduated", terms) == Graduated(AUT_PBX_TIERS)
    assert build("package", terms) == Package(D("10.00"), 100, 0)
    assert build("flat", terms) == Flat(D("10.00"))


# --- Product: pricing, combined prices, the legacy unit_price, the quantity maximum ---------


def test_product_defaults_keep_todays_meaning():
    assert Product("x", "X", Charge.RECURRING, price=D("6.80")).pricing == PerUnit(D("6.80"))
    tiered = Product("x", "X", Charge.RECURRING, tiers=AUT_PBX_TIERS)
    assert tiered.pricing == Volume(AUT_PBX_TIERS)
    assert tiered.unit_price(51) == D("6.00")
    assert tiered.monthly_list_price == D("6.50")


def test_product_components_use_a_combined_price_per_unit():
    base = Product("dp-base-basic", "Basis", Charge.RECURRING, price=D("35.00"),
                   combined_prices={"mobile": D("25.20")})
    assert base.components(1, frozenset({"mobile"})) == (Component(D("25.20"), 1),)
    assert base.components(2) == (Component(D("35.00"), 2),)
    assert base.components(0, frozenset({"mobile"})) == ()


def test_unit_price_of_a_graduated_product_is_the_average():
    product = Product("x", "X", Charge.RECURRING, tiers=AUT_PBX_TIERS,
                      pricing=Graduated(AUT_PBX_TIERS))
    assert product.unit_price(60) * 60 == pytest.approx(D("385.00"))
    assert product.components(60)[1] == Component(D("6.00"), 10, "51–100")


def test_check_quantity_refuses_above_the_maximum():
    product = Product("autpbx-extension", "Lizenz", Charge.RECURRING, price=D(1),
                      max_quantity=10000)
    product.check_quantity(10000)
    with pytest.raises(Refused) as refused:
        product.check_quantity(10001)
    assert (refused.value.code, refused.value.key) == ("limit_exceeded", "quantity_above_maximum")
    assert refused.value.params == {"product": "autpbx-extension", "maximum": 10000,
                                    "quantity": 10001}
    assert "10.000" in refused.value.message("de") and "10,001" in refused.value.message("en")
    Product("x", "X", Charge.RECURRING).check_quantity(10**9)  # no maximum: anything goes


# --- properties --------------------------------------------------------------------------------

prices = st.decimals(min_value=D("0.00"), max_value=D("99.99"), places=2)


@st.composite
def tier_lists(draw):
    bounds = sorted(draw(st.lists(st.integers(1, 500), max_size=4, unique=True)))
    firsts = [1, *(b + 1 for b in bounds)]
    lasts = [*bounds, None]
    return tuple(Tier(f, last, draw(prices)) for f, last in zip(firsts, lasts, strict=True))


@given(tiers=tier_lists(), quantity=st.integers(0, 2000), more=st.integers(0, 200))
def test_graduated_amount_is_monotone(tiers, quantity, more):
    model = Graduated(tiers)
    assert model.amount(quantity + more) >= model.amount(quantity)
    assert sum(c.count for c in model.components(quantity)) == quantity


@given(price=prices, quantity=st.integers(0, 5000))
def test_graduated_equals_volume_with_one_tier(price, quantity):
    tiers = (Tier(1, None, price),)
    assert Graduated(tiers).amount(quantity) == Volume(tiers).amount(quantity)


@given(size=st.integers(1, 1000), free=st.integers(0, 500), quantity=st.integers(0, 10**6))
def test_package_counts_started_blocks(size, free, quantity):
    blocks = Package(D("1.00"), size, free).amount(quantity)
    charged = max(quantity - free, 0)
    assert (blocks - 1) * size < charged <= blocks * size or (blocks == 0 and charged == 0)


@given(tiers=tier_lists(), quantity=st.integers(0, 2000))
def test_amount_is_the_sum_of_the_components_and_no_part_is_empty(tiers, quantity):
    for model in (Volume(tiers), Graduated(tiers), PerUnit(D("2.50")), Flat(D("9.00")),
                  Package(D("3.00"), 7, 2)):
        parts = model.components(quantity)
        assert all(part.count > 0 for part in parts)
        assert model.amount(quantity) == sum((p.unit_price * p.count for p in parts), D(0))
