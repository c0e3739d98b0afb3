"""Catalog and campaign checks: messages in the writer's words, with file:line; references of the
right charge; pricing models from YAML; versions; campaigns. Never a traceback on any input."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal as D

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontor.adapters.campaign_yaml import CampaignInvalid, campaign_from, load_campaign
from kontor.adapters.catalog_yaml import (
    SHIPPED,
    CatalogInvalid,
    catalog_from,
    load_catalog,
    locate,
    resolve,
)
from kontor.adapters.yaml_source import YamlError, parse_yaml
from kontor.domain.catalog import Offer
from kontor.domain.charge_models import Component, Graduated, Package
from kontor.domain.errors import Refused

HEAD = """\
catalog: test
currency: EUR
price_basis: net
tax_rate: "19"
issuer: {name: Test GmbH, prefix: T}
products:
"""
BASE = HEAD + """\
  - {code: base, name: Base, charge: recurring, price: "35.00"}
  - {code: ext, name: Extension, charge: recurring, price: "6.80"}
  - {code: fee, name: Fee, charge: one_time, price: "9.99"}
  - {code: aio, name: AiO, charge: discount, price: "10.00"}
  - {code: sim, name: SIM, charge: none}
"""


def problems(text: str, file: str = "t.yaml") -> list[str]:
    try:
        catalog_from(parse_yaml(text, file))
    except YamlError as exc:  # not YAML at all: load_catalog turns it into a CatalogInvalid
        return [str(exc.problem)]
    except CatalogInvalid as exc:
        return [str(p) for p in exc.problems]
    return []


def with_product(line: str) -> str:
    return BASE + f"  - {line}\n"


# --- amounts in the writer's words -------------------------------------------------------------


@pytest.mark.parametrize(("written", "message"), [
    ('1e3', "t.yaml:7: products[0].price: prices are written as decimals like 6.50, not 1e3"),
    ('1.5e+3', "t.yaml:7: products[0].price: prices are written as decimals like 6.50, not "
               "1.5E+3"),
    ('"abc"', "t.yaml:7: products[0].price: 'abc' is not a decimal number"),
    ('.nan', "t.yaml:7: products[0].price: .nan is not a price"),
    ('.inf', "t.yaml:7: products[0].price: .inf is not a price"),
    ('-5', "t.yaml:7: products[0].price: an amount is never negative, not -5"),
    ('"1,50"', "t.yaml:7: products[0].price: '1,50' is not a decimal number: write 1.50 with a "
               "point"),
    ('true', "t.yaml:7: products[0].price: true is not a decimal number (write an amount like "
             "6.50)"),
    ('[1]', "t.yaml:7: products[0].price: a list is not a decimal number (write an amount like "
            "6.50)"),
])
def test_a_bad_price_says_what_is_wrong(written, message):
    text = HEAD + f"  - {{code: base, name: Base, charge: recurring, price: {written}}}\n"
    assert problems(text) == [message]


@pytest.mark.parametrize("written", ['6.50', '"6.50"', '10', '"0"', '0.015'])
def test_plain_decimals_are_prices(written):
    text = HEAD + f"  - {{code: base, name: Base, charge: recurring, price: {written}}}\n"
    assert problems(text) == []


def test_amounts_in_tiers_combined_prices_and_the_tax_rate_are_checked_too():
    text = BASE.replace('tax_rate: "19"', "tax_rate: nineteen") + textwrap.indent(
        textwrap.dedent("""\
            - code: tiered
              name: Tiered
              charge: recurring
              combined_prices: {mobile: 1e3}
              tiers:
                - {from: 1, to: 10, price: "5.00", flat_fee: -1}
                - {from: 11, price: .nan}
        """), "  ")
    assert problems(text) == [
        "t.yaml:4: tax_rate: 'nineteen' is not a decimal number",
        "t.yaml:15: products[5].combined_prices.mobile: prices are written as decimals like "
        "6.50, not 1e3",
        "t.yaml:17: products[5].tiers[0].flat_fee: an amount is never negative, not -1",
        "t.yaml:18: products[5].tiers[1].price: .nan is not a price",
    ]


# --- the shape of the file, unknown names ------------------------------------------------------


def test_an_empty_catalog_file_says_so_on_line_1():
    assert problems("", "empty.yaml") == [
        "empty.yaml:1: the catalog is empty: expected a mapping with catalog, currency, "
        "price_basis, tax_rate, issuer and products"]
    assert problems("# only a comment\n", "c.yaml")[0].startswith("c.yaml:1: the catalog is empty")


def test_a_list_or_a_word_is_not_a_catalog():
    assert problems("- 1\n- 2\n") == ["t.yaml:1: a catalog is a mapping with catalog, currency, "
                                      "price_basis, tax_rate, issuer and products; this file "
                                      "holds a list"]
    assert problems("hello\n")[0].endswith("this file holds only the value 'hello'")


def test_an_unknown_name_lists_the_shipped_catalogs():
    with pytest.raises(CatalogInvalid) as exc:
        locate("x")
    assert [str(p) for p in exc.value.problems] == [
        "x: no shipped catalog and no file named 'x' (shipped: aut-pbx, digital-phone, o2-unite, "
        "smart-abo)"]


def test_a_folder_is_not_a_catalog(tmp_path):
    with pytest.raises(CatalogInvalid) as exc:
        locate(str(tmp_path))
    assert "is a folder, not a file" in str(exc.value)


def test_bad_yaml_has_a_line():
    assert problems(BASE + "  - {code: [\n")[0].startswith("t.yaml:")


# --- references name a product of the right charge --------------------------------------------


@pytest.mark.parametrize(("field", "target", "message"), [
    ("activation_fee: ext", "ext",
     "activation_fee: names 'ext', a recurring product; activation_fee must name a one_time "
     "product"),
    ("aio_discount: ext", "ext",
     "aio_discount: names 'ext', a recurring product; aio_discount must name a discount product"),
    ("extra_licence_product: fee", "fee",
     "extra_licence_product: names 'fee', a one_time product; extra_licence_product must name a "
     "recurring product"),
    ("options: [aio]", "aio",
     "options[0]: names 'aio', a discount product; options must name a recurring product"),
    ("pools: {voice: sim}", "sim",
     "pools.voice: names 'sim', a none product; pools must name a recurring product"),
    ("sim_product: fee", "fee",
     "sim_product: names 'fee', a one_time product; sim_product must name a none or recurring "
     "product"),
])
def test_a_reference_to_a_product_of_the_wrong_charge_is_refused(field, target, message):
    text = with_product(f"{{code: main, name: Main, charge: recurring, price: 1, {field}}}")
    assert problems(text) == [f"t.yaml:12: products[5].{message}"]


@pytest.mark.parametrize("field", [
    "activation_fee: fee", "aio_discount: aio", "extra_licence_product: ext", "options: [ext]",
    "pools: {voice: ext, sms: base}", "sim_product: sim", "sim_product: ext"])
def test_a_reference_of_the_right_charge_is_fine(field):
    text = with_product(f"{{code: main, name: Main, charge: recurring, price: 1, {field}}}")
    assert problems(text) == []


def test_a_reference_to_an_unknown_product_is_refused():
    text = with_product("{code: main, name: Main, charge: recurring, price: 1, "
                        "activation_fee: nope}")
    assert problems(text) == ["t.yaml:12: products[5].activation_fee: names unknown product "
                              "'nope'"]


def test_a_product_is_not_its_own_option_and_options_are_listed_once():
    text = with_product("{code: main, name: Main, charge: recurring, price: 1, "
                        "options: [ext, main, ext]}")
    assert problems(text) == [
        "t.yaml:12: products[5].options[1]: a product is not its own option",
        "t.yaml:12: products[5].options[2]: option 'ext' is listed twice"]


def test_a_reference_to_a_malformed_product_is_not_reported_as_unknown():
    text = BASE.replace('price: "9.99"', "price: abc") + (
        "  - {code: main, name: Main, charge: recurring, price: 1, activation_fee: fee}\n")
    assert problems(text) == ["t.yaml:9: products[2].price: 'abc' is not a decimal number"]


# --- pricing models ----------------------------------------------------------------------------


@pytest.mark.parametrize(("product", "message"), [
    ("{code: p, name: P, charge: recurring, pricing: graduated, price: 1}",
     "products[5]: pricing graduated needs tiers"),
    ("{code: p, name: P, charge: recurring, pricing: per_unit, tiers: [{from: 1, price: 1}]}",
     "products[5].tiers: tiers need pricing volume or graduated, not per_unit"),
    ("{code: p, name: P, charge: recurring, pricing: package, price: 1}",
     "products[5]: pricing package needs package: {size: N} (units per block)"),
    ("{code: p, name: P, charge: recurring, pricing: package, price: 1, package: {size: 0}}",
     "products[5].package.size: must be a whole number of units per block, 1 or more"),
    ("{code: p, name: P, charge: recurring, pricing: package, price: 1, "
     "package: {size: 10, free: -1}}",
     "products[5].package.free: must be a whole number of free units, 0 or more"),
    ("{code: p, name: P, charge: recurring, price: 1, pricing: flat, package: {size: 10}}",
     "products[5].package: package is for pricing package, not flat"),
    ("{code: p, name: P, charge: recurring, pricing: tiered, price: 1}",
     "products[5].pricing: 'tiered' is not one of per_unit, flat, volume, graduated, package"),
    ("{code: p, name: P, charge: recurring, pricing: flat}",
     "products[5]: a recurring product needs a price or tiers"),
    ("{code: p, name: P, charge: recurring, price: 1, tiers: [{from: 1, price: 1}]}",
     "products[5]: give price or tiers, not both"),
    ("{code: p, name: P, charge: recurring, tiers: [{from: 1, to: 5, price: 1}, "
     "{from: 7, price: 1}]}",
     "products[5].tiers[1].from: tier starts at 7, expected 6 (gap after the previous tier)"),
])
def test_pricing_needs_what_it_names(product, message):
    assert problems(with_product(product)) == [f"t.yaml:12: {message}"]


OTHER_OPERATOR = HEAD.replace("catalog: test", "catalog: other-operator") + textwrap.dedent("""\
      - code: seats
        name: Arbeitsplatz
        charge: recurring
        pricing: graduated
        tiers:
          - {from: 1, to: 10, price: "12.00", flat_fee: "20.00"}
          - {from: 11, to: 50, price: "9.00"}
          - {from: 51, price: "7.50"}
      - code: sms-bundle
        name: SMS-Paket
        charge: recurring
        pricing: package
        price: "5.00"
        package: {size: 1000, free: 100}
      - {code: hotline, name: Hotline-Flat, charge: recurring, pricing: flat, price: "49.00"}
    """)


def test_a_price_list_of_another_operator_loads_without_code(tmp_path):
    path = tmp_path / "other.yaml"
    path.write_text(OTHER_OPERATOR)
    catalog = load_catalog(path)
    seats, sms, hotline = (catalog.products[c] for c in ("seats", "sms-bundle", "hotline"))
    assert isinstance(seats.pricing, Graduated) and isinstance(sms.pricing, Package)
    assert seats.components(60) == (
        Component(D("12.00"), 10, "1–10"), Component(D("20.00"), 1, "Grundgebühr 1–10"),
        Component(D("9.00"), 40, "11–50"), Component(D("7.50"), 10, "ab 51"))
    assert seats.pricing.amount(60) == D("575.00")  # 120 + 20 + 360 + 75
    assert [sms.pricing.amount(q) for q in (100, 101, 1100, 1101, 5000)] == [
        D(0), D("5.00"), D("5.00"), D("10.00"), D("25.00")]
    assert hotline.components(30) == (Component(D("49.00"), 1),)


def test_max_quantity_must_fit_the_licences():
    base = "{code: p, name: P, charge: recurring, price: 1, included_licences: 5, "
    assert problems(with_product(base + "max_quantity: 3}")) == [
        "t.yaml:12: products[5].max_quantity: max_quantity 3 is below the 5 included licences"]
    assert problems(with_product(base + "licence_limit: 10, max_quantity: 11}")) == [
        "t.yaml:12: products[5].max_quantity: max_quantity 11 can never be reached: "
        "licence_limit is 10"]
    assert problems(with_product(base + "max_quantity: 0}"))[0].startswith(
        "t.yaml:12: products[5].max_quantity: 0 is less than")


# --- versions ----------------------------------------------------------------------------------


def versions(tmp_path) -> Offer:
    v1 = BASE.replace("catalog: test", 'catalog: test\nversion: 1\nvalid_from: "2026-01-01"')
    v2 = (BASE.replace("catalog: test", "catalog: test\nversion: 2\nvalid_from: 2026-07-01")
          .replace('price: "6.80"', 'price: "7.20"').replace('  - {code: fee', '  # - {code: fee')
          .replace('tax_rate: "19"', 'tax_rate: "16"'))
    (tmp_path / "v1.yaml").write_text(v1)
    (tmp_path / "v2.yaml").write_text(v2)
    return Offer((load_catalog(tmp_path / "v1.yaml"), load_catalog(tmp_path / "v2.yaml")))


def test_the_price_changes_on_the_day_the_new_version_is_in_force(tmp_path):
    offer = versions(tmp_path)
    assert offer.product("ext", date(2026, 6, 30)).price == D("6.80")
    assert offer.product("ext", date(2026, 7, 1)).price == D("7.20")
    assert offer.product("ext").price == D("7.20")  # no day: the newest version
    assert offer.catalog_of("ext", date(2026, 6, 30)).version == 1
    assert offer.catalog_of("ext", date(2026, 7, 1)).valid_from == date(2026, 7, 1)
    assert offer.tax_rate("ext", date(2026, 7, 1)) == D("16")
    assert (offer.currency.value, offer.issuer.prefix) == ("EUR", "T")


def test_a_product_dropped_by_a_newer_version_keeps_its_last_terms(tmp_path):
    offer = versions(tmp_path)
    assert offer.catalog_of("fee", date(2026, 8, 1)).version == 1


def test_an_unknown_product_names_the_catalogs(tmp_path):
    with pytest.raises(Refused) as refused:
        versions(tmp_path).product("nope", date(2026, 7, 1))
    assert (refused.value.code, refused.value.params) == (
        "unknown_product", {"product": "nope", "catalogs": "test"})


def test_a_product_before_the_first_version_is_refused(tmp_path):
    with pytest.raises(Refused) as refused:
        versions(tmp_path).product("ext", date(2025, 12, 31))
    assert refused.value.code == "unknown_product"
    assert "01.01.2026" in refused.value.message("de")


def test_a_catalog_without_version_is_version_1_in_force_since_always():
    catalog = load_catalog(resolve("aut-pbx"))
    assert (catalog.version, catalog.valid_from) == (1, None)


@pytest.mark.parametrize(("written", "message"), [
    ('"2026-02-30"', "'2026-02-30' is not a date of the calendar (YYYY-MM-DD)"),
    ('"01.07.2026"', "must be a date written YYYY-MM-DD, e.g. 2026-07-01"),
])
def test_valid_from_must_be_a_date(written, message):
    assert problems(BASE.replace("catalog: test", f"catalog: test\nvalid_from: {written}")) == [
        f"t.yaml:2: valid_from: {message}"]


# --- campaigns ---------------------------------------------------------------------------------


def test_the_shipped_campaign_loads():
    campaign = load_campaign(SHIPPED / "campaigns" / "online-statt-hotline.yaml")
    assert (campaign.name, campaign.invitation_only, campaign.channels) == (
        "online-statt-hotline", True, ("sms", "email"))
    assert {r.action: r.mb for r in campaign.rewards} == {
        "portal_registered": 600, "app_installed": 600, "bill_video_watched": 600,
        "no_hotline_9_months": 1800}
    timer = campaign.reward_for("no_hotline_9_months").timer
    assert (timer.months, timer.restarted_by) == (9, "hotline_call")
    assert all(r.once_per_customer for r in campaign.rewards)
    assert campaign.restarting_actions == {"hotline_call"}
    assert campaign.reward_for("hotline_call") is None


def test_a_second_campaign_needs_no_code(tmp_path):
    path = tmp_path / "e-rechnung.yaml"
    path.write_text(textwrap.dedent("""\
        campaign: e-rechnung
        title: 1 GB für die erste E-Rechnung
        invitation_only: false
        channels: [email]
        rewards:
          - {action: einvoice_downloaded, mb: 1024}
        invitation:
          email:
            de: {subject: "1 GB für {customer}", text: "Laden Sie Ihre E-Rechnung ({date})."}
    """))
    campaign = load_campaign(path)
    reward = campaign.reward_for("einvoice_downloaded")
    assert (reward.mb, reward.once_per_customer, reward.timer) == (1024, True, None)
    assert campaign.reward_validity == "end_of_next_month"
    # no English text: an English customer gets the German one, no SMS text at all
    assert campaign.invitation_text("email", "en").subject == "1 GB für {customer}"
    assert campaign.invitation_text("sms", "de") is None


def test_invitation_texts_with_problems_say_where():
    text = textwrap.dedent("""\
        campaign: c
        title: C
        channels: [sms, email]
        rewards:
          - {action: app_installed, mb: 600}
        invitation:
          email:
            de: {subject: "Hallo {kunde}", text: "Text {customer} {"}
            fr: {subject: "Bonjour", text: "Texte"}
    """)
    with pytest.raises(CampaignInvalid) as exc:
        campaign_from(parse_yaml(text, "c.yaml"))
    assert [str(p) for p in exc.value.problems] == [
        "c.yaml:3: channels: invitations go out by sms, but the campaign has no text for it "
        "(invitation: sms: de: …)",
        "c.yaml:7: invitation.email: unknown key 'fr'",
        "c.yaml:8: invitation.email.de.subject: unknown placeholder {kunde} (known: "
        "{customer}, {customer_id}, {campaign}, {date})",
        "c.yaml:8: invitation.email.de.text: Single '{' encountered in format string; "
        "write {{ and }} for braces",
    ]


def test_a_campaign_with_problems_says_where():
    text = textwrap.dedent("""\
        campaign: c
        title: C
        rewards:
          - {action: app_installed, mb: lots}
          - {action: app_installed, mb: 600, timer: {months: 0}}
          - {action: Watched-Video, mb: 600, bonus: 1}
    """)
    with pytest.raises(CampaignInvalid) as exc:
        campaign_from(parse_yaml(text, "c.yaml"))
    assert [str(p) for p in exc.value.problems] == [
        "c.yaml:4: rewards[0].mb: must be a whole number of MB, 1 or more (1 GB = 1024)",
        "c.yaml:5: rewards[1].action: action 'app_installed' is rewarded twice",
        "c.yaml:5: rewards[1].timer.months: must be a whole number of months, 1 or more",
        "c.yaml:6: rewards[2]: unknown key 'bonus'",
        "c.yaml:6: rewards[2].action: must be an action name: lower-case letters, digits and '_' "
        "(e.g. app_installed)",
    ]


# --- never a traceback -------------------------------------------------------------------------

junk = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.text(max_size=8)
    | st.sampled_from([".nan", "1e3", "-1", "6.50", "2026-02-30", "recurring", "ext", "volume"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["from", "to", "price", "size", "code", "charge", "action", "mb",
                         "months", "x"]), inner,
        max_size=3),
    max_leaves=6)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


def _replace(node, path, value):
    if not path:
        return value
    node[path[0]] = _replace(node[path[0]], path[1:], value)
    return node


SAMPLE = yaml.safe_load(OTHER_OPERATOR + textwrap.dedent("""\
      - code: main
        name: Main
        charge: recurring
        price: "1.00"
        max_quantity: 10
        options: [seats]
        activation_fee: seats
        pools: {voice: seats}
        trial: {days: 30}
        terms: {min_months: 12, notice: {months: 1}}
    """))
CAMPAIGN = yaml.safe_load((SHIPPED / "campaigns" / "online-statt-hotline.yaml").read_text())


@pytest.mark.parametrize(("sample", "load"), [(SAMPLE, catalog_from), (CAMPAIGN, campaign_from)],
                         ids=["catalog", "campaign"])
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_damaged_file_gives_problems_or_a_result_never_a_traceback(sample, load, data):
    document = yaml.safe_load(yaml.safe_dump(sample))
    for _ in range(data.draw(st.integers(1, 3))):
        paths = list(_paths(document))
        document = _replace(document, data.draw(st.sampled_from(paths)), data.draw(junk))
    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        load(parse_yaml(text, "fuzz.yaml"))
    except YamlError:
        pass  # load_catalog / load_campaign report it as a CatalogInvalid
    except CatalogInvalid as exc:
        assert exc.problems
