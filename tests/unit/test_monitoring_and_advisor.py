"""Monitoring of pools (allowance, carried over, used, remaining, expiry; per SIM and profile)
and the pool advisor (block: every month covered at the least fee; overage: fees + overage
least, rollover counted)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

from book import Book, offer
from kontor.domain.advisor import PoolPrices, advise, monthly_cost
from kontor.domain.usage import UsageRecord
from kontor.services.monitoring import advise_pools, report_pools

VOICE = PoolPrices("voice_min", "unite-voice", 1000, D("20.00"), D("0.09"), True)


def _call(n: int, day: date, minutes: int, sim: str = "s1") -> UsageRecord:
    at = datetime(day.year, day.month, day.day, 9, n, tzinfo=UTC)
    return UsageRecord(f"v{n}", sim, at, day, "voice", "+4930123456", "DE", "landline",
                       duration_s=minutes * 60)


def _company() -> Book:
    book = Book(offer("o2-unite"))
    book.do(date(2026, 1, 1), "subscribe", id="pool", product="unite")
    book.do(date(2026, 1, 1), "set_pools", subscription="pool", voice=1)
    book.do(date(2026, 1, 1), "add_sim", id="s1", subscription="pool", profile="Vertrieb")
    book.do(date(2026, 1, 1), "add_sim", id="s2", subscription="pool", profile="Technik")
    book.uow.usage.add("c", "default", [
        _call(1, date(2026, 1, 10), 400), _call(2, date(2026, 2, 5), 300),
        _call(3, date(2026, 2, 6), 250, "s2")])
    return book


def test_the_pool_report_shows_allowance_carry_over_use_and_expiry():
    report = report_pools(_company().uow, "c", date(2026, 2, 15))
    (voice,) = [p for p in report.pools if p.unit == "voice_min"]
    # January: 1,000 granted, 400 used -> 600 carried into February; February: 1,000 more,
    # 550 used -> 1,050 left, valid until 12 months after the term's end (24 months)
    assert (voice.allowance, voice.carried_over, voice.used, voice.remaining) == (
        1000, 600, 550, 1050)
    assert voice.expiring == ((date(2028, 12, 31), 1050),)
    assert report.by_sim == {"s1": {"voice_min": 300}, "s2": {"voice_min": 250}}
    assert report.by_profile == {"Technik": {"voice_min": 250}, "Vertrieb": {"voice_min": 300}}


def test_under_block_the_advice_covers_every_month_at_the_least_fee():
    usage = [D(1500), D(900), D(2400)]
    advice = advise(VOICE, usage, "block", current_blocks=1)
    assert advice.current_cost is None                  # 1 block refused usage in month 1
    # 2 blocks: 2,000 + carry: 1: 500 left, 2: 1,600 left, 3: 3,600 >= 2,400 -> covered
    assert (advice.advised_blocks, advice.advised_cost) == (2, D("40.00"))


def test_under_overage_fees_and_overage_are_weighed_with_rollover():
    usage = [D(1100), D(1100), D(1100)]
    # 1 block: 100 beyond each month = 9.00 a month -> 29.00; 2 blocks: 40.00
    assert monthly_cost(VOICE, 1, usage, "overage") == D("29.00")
    advice = advise(VOICE, usage, "overage", current_blocks=2)
    assert (advice.advised_blocks, advice.advised_cost, advice.current_cost) == (
        1, D("29.00"), D("40.00"))


def test_the_advisor_reads_a_companys_usage():
    (voice, *_) = advise_pools(_company().uow, "c", date(2026, 1, 1), date(2026, 2, 28))
    assert (voice.prices.unit, voice.current_blocks, voice.advised_blocks) == ("voice_min", 1, 1)
