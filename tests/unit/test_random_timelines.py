"""Random timelines against every shipped catalog: no event may fail for an internal reason
(only typed refusals: simulate lets any other error crash the test), invoices are consistent,
and numbers are unique."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontor.adapters.catalog_yaml import load_catalog, resolve
from kontor.adapters.scenario_yaml import Scenario
from kontor.domain.account import Customer
from kontor.domain.catalog import Offer
from kontor.services.commands import from_event
from kontor.services.simulate import simulate

CATALOGS = {name: Offer((load_catalog(resolve(name)),))
            for name in ("aut-pbx", "digital-phone", "o2-unite", "smart-abo")}
START = date(2026, 1, 1)
subs = st.sampled_from(["a", "b"])
codes = {name: sorted(offer.catalogs[0].products) for name, offer in CATALOGS.items()}


MAIN = {"aut-pbx": "autpbx-extension", "digital-phone": "dp-base-basic", "o2-unite": "unite",
        "smart-abo": "smart-m"}


def events_for(name: str):
    product = st.sampled_from(codes[name] + ["nope"])
    main = st.one_of(st.just(MAIN[name]), product)  # half the subscriptions are the main one
    override = st.one_of(st.none(), st.just({"ticket": "T", "agent": "x"}))
    return st.one_of(
        st.builds(lambda i, p, q, t, a: ("subscribe", {"id": i, "product": p, "quantity": q,
                                                       "trial": t, "aio": a}),
                  subs, main, st.integers(1, 120), st.booleans(), st.booleans()),
        st.builds(lambda s, q: ("set_quantity", {"subscription": s, "quantity": q}),
                  subs, st.integers(0, 130)),
        st.builds(lambda s, p, o: ("change_plan", {"subscription": s, "product": p,
                                                   "override": o}), subs, product, override),
        st.builds(lambda s, m, b: ("cancel", {"subscription": s, "mode": m, "bill_notice": b}),
                  subs, st.sampled_from(["regular", "immediate"]), st.booleans()),
        st.builds(lambda s, p: ("add_option", {"subscription": s, "product": p}), subs, product),
        st.builds(lambda s, p: ("remove_option", {"subscription": s, "product": p}),
                  subs, product),
        st.builds(lambda s, v, d: ("set_pools", {"subscription": s, "voice": v, "data": d}),
                  subs, st.integers(0, 5), st.integers(0, 5)),
        st.builds(lambda p, q: ("one_time", {"product": p, "quantity": q}),
                  product, st.integers(1, 3)),
        st.builds(lambda i, s, n: ("device_plan", {"id": i, "subscription": s, "device": "X",
                                                   "price": Decimal("500.00"),
                                                   "down_payment": Decimal("50.00"),
                                                   "installments": n, "channel": "order"}),
                  st.sampled_from(["p1", "p2"]), subs, st.sampled_from([12, 24, 36])),
        st.builds(lambda i, o: ("cancel_device_plan", {"id": i, "override": o}),
                  st.sampled_from(["p1", "p2"]), override),
        st.builds(lambda s: ("delete_order", {"subscription": s}), subs),
        st.builds(lambda i, s: ("link_device_plan", {"id": i, "subscription": s}),
                  st.sampled_from(["p1", "p2"]), subs),
        st.builds(lambda i, s: ("add_sim", {"id": i, "subscription": s}), sims, subs),
        st.builds(lambda i, r, c: ("set_profile", {"sim": i, "roaming": r, "data_cap_mb": c}),
                  sims, st.booleans(), st.one_of(st.none(), st.integers(0, 50))),
        st.builds(lambda s, p: ("set_overage", {"subscription": s, "policy": p}), subs,
                  st.sampled_from(["block", "overage"])),
        st.builds(lambda r: ("usage", {"records": r}), st.lists(records, max_size=6)),
    )


sims = st.sampled_from(["s1", "s2"])
records = st.builds(
    lambda n, who, day, service, amount, dest, roaming: {
        "record_id": f"u{n}", "subscriber": who,
        "started_at": f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}T10:00:00+01:00",
        "service": service, "destination": dest, "duration_s": amount,
        "volume_bytes": amount, "roaming_country": roaming},
    st.integers(0, 20), st.sampled_from(["s1", "s2", "100", "x"]), st.integers(0, 300),
    st.sampled_from(["voice", "sms", "data"]), st.integers(0, 5000),
    st.sampled_from(["+4930123456", "+4915112345678", "0043123456789", "+33612345678",
                     "garbage", "+61291234567"]),
    st.sampled_from([None, "FR"]))


@st.composite
def timelines(draw):
    name = draw(st.sampled_from(sorted(CATALOGS)))
    raw = draw(st.lists(st.tuples(st.integers(0, 300), events_for(name)), max_size=12))
    commands = tuple(from_event(START + timedelta(days=offset), do, fields, i)
                     for i, (offset, (do, fields)) in enumerate(sorted(raw, key=lambda r: r[0])))
    country = "CH" if name == "smart-abo" else "DE"
    return Scenario("random", "random.yaml", CATALOGS[name],
                    Customer("c", "C", country, "ZH" if country == "CH" else "BY"),
                    START, START + timedelta(days=330), commands)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=timelines())
def test_random_timelines_only_ever_refuse_with_a_reason(scenario):
    result = simulate(scenario)
    for invoice in result.invoices:
        lines = [line for line in invoice.lines if line.kind != "rounding"]
        assert any(line.amount for line in lines)
        total = sum(line.amount for line in lines)
        t = invoice.totals
        if scenario.offer.basis.value == "net":
            assert t.net == total and t.gross == t.net + sum(x.tax for x in t.taxes)
        else:
            assert t.gross == total and t.payable % Decimal("0.05") == 0
            assert abs(t.payable - t.gross) <= Decimal("0.025")
    numbers = [inv.number for inv in result.invoices]
    assert len(set(numbers)) == len(numbers)
