"""Monitoring of pooled units (seed 000's "Monitoring-Tool"): for any moment, per pool and unit
the month's allowance, what was carried over into the month, what the month used, what remains
and when it expires; per SIM and per profile the units used this month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from kontor.domain.account import Account
from kontor.domain.calendar import month_start
from kontor.domain.rating.customer import allowance_buckets, rate_customer
from kontor.domain.rating.pool import KB_PER_MB, UNIT_OF, Pool, units
from kontor.domain.usage import UsageRecord


@dataclass(frozen=True)
class PoolUnit:
    subscription: str
    unit: str  # voice_min | sms | data_mb (data shown in MB, rounded down)
    allowance: int  # granted for the month of the moment (with rewards granted in it so far)
    carried_over: int  # left from earlier months at the month's start
    used: int  # drawn from the pool this month, up to the moment
    beyond: int  # used beyond the pool this month (overage or blocked)
    remaining: int
    expiring: tuple[tuple[date | None, int], ...]  # (last valid day, amount)


@dataclass(frozen=True)
class PoolReport:
    moment: date
    pools: tuple[PoolUnit, ...]
    by_sim: dict[str, dict[str, int]]  # SIM -> unit -> used this month
    by_profile: dict[str, dict[str, int]]  # profile name -> unit -> used this month


def pool_report(account: Account, records: list[UsageRecord], moment: date) -> PoolReport:
    first = month_start(moment)
    before = rate_customer(account, [r for r in records if r.day < first], moment)
    now = rate_customer(account, [r for r in records if r.day <= moment], moment)
    used: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by_sim: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_profile: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rated in now.rated:
        record = rated.record
        if rated.subscription not in now.pools or record.day < first:
            continue
        unit, taken = UNIT_OF[record.service], sum(n for _, n in rated.drawn)
        entry = used[(rated.subscription, unit)]
        entry[0] += taken
        entry[1] += units(record) - taken
        shown = _shown(unit, units(record))
        by_sim[record.subscriber][unit] += shown
        sim = account.sims.get(record.subscriber)
        by_profile[(sim.profile if sim else None) or "-"][unit] += shown
    for sim in account.sims.values():  # every SIM of the pool, also those that used nothing
        if sim.removed_on is None or sim.removed_on >= first:
            by_sim.setdefault(sim.id, defaultdict(int))
            by_profile.setdefault(sim.profile or "-", defaultdict(int))
    pools = tuple(_unit_report(account, (sub_id, unit), (pool, before.pools.get(sub_id)),
                               used, moment)
                  for sub_id, pool in sorted(now.pools.items())
                  for unit in sorted({s.unit for s in pool.slots}))
    return PoolReport(moment, pools, _plain(by_sim), _plain(by_profile))


def _unit_report(account: Account, key: tuple[str, str], pools: tuple[Pool, Pool | None],
                 used: dict, moment: date) -> PoolUnit:
    (sub_id, unit), (pool, earlier) = key, pools
    first = month_start(moment)
    slots = [s for s in pool.slots if s.unit == unit]
    allowance = sum(b.amount for b in allowance_buckets(account, account.subscriptions[sub_id],
                                                        moment)
                    if b.unit == unit and b.granted_for >= first)
    if unit == "data_mb":
        allowance *= KB_PER_MB
    carried = sum(s.left for s in (earlier.slots if earlier else []) if s.unit == unit
                  and s.granted_for < first and (s.expires is None or s.expires >= first))
    expiring: dict[date | None, int] = defaultdict(int)
    for slot in slots:
        if slot.left and slot.valid_on(moment):
            expiring[slot.expires] += slot.left
    taken, beyond = used.get((sub_id, unit), (0, 0))
    return PoolUnit(sub_id, unit, _shown(unit, allowance), _shown(unit, carried),
                    _shown(unit, taken), _shown(unit, beyond),
                    _shown(unit, sum(expiring.values())),
                    tuple((e, _shown(unit, n)) for e, n in
                          sorted(expiring.items(), key=lambda kv: kv[0] or date.max)))


def _shown(unit: str, amount: int) -> int:
    return amount // KB_PER_MB if unit == "data_mb" else amount


def _plain(table: dict) -> dict:
    return {k: dict(v) for k, v in sorted(table.items())}
