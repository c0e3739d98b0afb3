"""Rating rules, record by record (the reference path): 60/1, minute packages smallest zone
first with split calls, landline and mobile minutes apart, pay-as-you-go by zone, toll-free,
Digital Phone Premium's included calls, and pooled units with overage, block and profiles."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from book import offer
from kontor.domain.account import Profile
from kontor.domain.rating.pbx import Package, Tariff, rate_calls
from kontor.domain.rating.pool import Pool, Slot, units
from kontor.domain.usage import UsageRecord

PLAN = offer("aut-pbx").catalogs[0].rating
DAY = date(2026, 3, 10)


def call(n: int, seconds: int, country: str = "DE", kind: str = "landline") -> UsageRecord:
    return UsageRecord(f"r{n}", "100", datetime(2026, 3, 10, 9, n, tzinfo=UTC), DAY, "voice",
                       "+49301234567", country, kind, duration_s=seconds)


@pytest.mark.parametrize("seconds, country, kind, amount", [
    (30, "DE", "landline", D("0.015")),            # 60/1: a 30 s call costs a full minute
    (75, "DE", "landline", D("0.01875")),          # 75 s x 0.015 / 60
    (75, "DE", "mobile", D("0.1125")),             # 75 s x 0.09 / 60
    (120, "AT", "landline", D("0.10")),            # other eu: 2 min x 0.05
    (60, "US", "mobile", D("0.25")),               # export only
    (60, "AU", "landline", D("0.50")),             # rest of the world
    (60, "DE", "other", D("0.015")),               # neither landline nor mobile: as landline
    (600, "DE", "tollfree", D("0")),               # toll-free costs nothing
])
def test_pay_as_you_go(seconds, country, kind, amount):
    (rated,) = rate_calls([call(1, seconds, country, kind)], Tariff(PLAN), [])
    assert rated.amount == amount


def test_a_call_crossing_the_package_limit_is_split_and_the_rest_billed_per_second():
    packages = [Package("flat-de-s", "de", {"landline": 100, "mobile": 0})]
    first, second = rate_calls([call(1, 70), call(2, 50)], Tariff(PLAN), packages)
    assert first.drawn == (("flat-de-s", 70),) and first.amount == 0
    # 50 s billable 60 s: 30 s left in the package, 30 s pay-as-you-go without a new minute
    assert second.drawn == (("flat-de-s", 30),)
    assert second.amount == D(30) * D("0.015") / 60


def test_smallest_fitting_zone_first_and_mobile_minutes_apart():
    packages = [Package("flat-eu-s", "eu", {"landline": 600, "mobile": 0}),
                Package("flat-de-s", "de", {"landline": 60, "mobile": 0})]
    a, b, c = rate_calls([call(1, 90), call(2, 60, "AT"), call(3, 60, kind="mobile")],
                         Tariff(PLAN), packages)
    assert a.drawn == (("flat-de-s", 60), ("flat-eu-s", 30)) and a.amount == 0
    assert b.drawn == (("flat-eu-s", 60),)
    assert c.drawn == () and c.amount == D("0.09")     # no mobile minutes: pay-as-you-go


def test_digital_phone_premium_includes_german_calls_only():
    premium = Tariff(offer("digital-phone").catalogs[0].rating, "de")
    de, mobile, abroad = rate_calls([call(1, 300), call(2, 300, kind="mobile"),
                                     call(3, 60, "FR", "mobile")], premium, [])
    assert (de.amount, mobile.amount, abroad.amount) == (0, 0, D("0.15"))


def sim_record(n: int, service: str, amount: int, roaming: str | None = None,
               day: date = DAY) -> UsageRecord:
    fields = {"voice": {"duration_s": amount}, "sms": {}, "data": {"volume_bytes": amount}}
    return UsageRecord(f"s{n}", "sim1", datetime(2026, 3, 10, 9, n, tzinfo=UTC), day,
                       service, roaming_country=roaming, **fields[service])


def test_pool_units_per_started_minute_message_and_10_kb():
    assert units(sim_record(1, "voice", 61)) == 2
    assert units(sim_record(1, "sms", 0)) == 1
    assert units(sim_record(1, "data", 10241)) == 20        # two started 10 KB steps, in KB


def test_units_come_from_the_bucket_that_expires_first_then_the_oldest():
    pool = Pool([Slot("late", "voice_min", date(2026, 1, 1), date(2027, 12, 31), 5),
                 Slot("old", "voice_min", date(2026, 2, 1), date(2026, 3, 31), 3),
                 Slot("new", "voice_min", date(2026, 3, 1), date(2026, 3, 31), 3)])
    rated = pool.draw(sim_record(1, "voice", 7 * 60), Profile())
    assert rated.drawn == (("old", 3), ("new", 3), ("late", 1))


def test_overage_charges_what_the_pool_cannot_cover_and_block_flags_it():
    def pool(policy: str) -> Pool:
        return Pool([Slot("unite-data", "data_mb", date(2026, 3, 1), None, 1024)],
                    ((date(2026, 1, 1), policy),),
                    {"data_mb": D("0.02"), "voice_min": D("0.09")})
    record = sim_record(1, "data", 2_048_000)     # 200 steps of 10 KB = 2000 KB; 1024 KB in the pool
    charged = pool("overage").draw(record, Profile())
    assert charged.priced[0].quantity == D(976) / 1024             # 0.953125 MB beyond the pool
    assert charged.amount == D("0.0190625")                         # x 0.02 EUR/MB, unrounded
    blocked = pool("block").draw(record, Profile())
    assert blocked.amount == 0 and blocked.flags == ("pool_exhausted",)


def test_toll_free_calls_and_sms_draw_nothing_and_are_never_beyond_the_pool():
    empty = Pool([Slot("unite-voice", "voice_min", date(2026, 3, 1), None, 0)],
                 ((date(2026, 1, 1), "block"),), {"voice_min": D("0.09"), "sms": D("0.09")})
    for service in ("voice", "sms"):
        record = UsageRecord("t", "sim", datetime(2026, 3, 10, 9, tzinfo=UTC), DAY, service,
                             "+498001234567", "DE", "tollfree", duration_s=600)
        assert units(record) == 0
        rated = empty.draw(record, Profile())
        assert (rated.drawn, rated.priced, rated.flags) == ((), (), ())   # not pool_exhausted


def test_a_profile_is_enforced_by_flags_the_record_is_still_rated():
    pool = Pool([Slot("unite-data", "data_mb", date(2026, 3, 1), None, 10 * 1024)])
    profile = Profile(roaming=False, data_cap_mb=1)
    first = pool.draw(sim_record(1, "data", 1_024_000, roaming="FR"), profile)  # 1000 KB
    second = pool.draw(sim_record(2, "data", 40_960), profile)                  # 40 KB more
    assert first.flags == ("roaming_denied",) and first.drawn == (("unite-data", 1000),)
    assert second.flags == ("data_cap_exceeded",) and second.drawn == (("unite-data", 40),)
