"""Rating one customer's usage, record by record in time order (the reference path): calls of
PBX subscriptions against their minute packages and pay-as-you-go, SIM records against their
company's pool. Packages are granted per month (pro rata like their fee); pools carry their
buckets over months by the product's rollover policy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from kontor.domain.account import Account
from kontor.domain.balances import Bucket, buckets, month_grants, remaining_on, reward_buckets
from kontor.domain.calendar import month_start
from kontor.domain.contracts import Subscription
from kontor.domain.rating.pbx import Package, Tariff, line_kind, rate_call
from kontor.domain.rating.pool import KB_PER_MB, Pool, Slot
from kontor.domain.usage import Rated, UsageRecord

PACKAGE_UNITS = {"landline_min": "landline", "mobile_min": "mobile"}


@dataclass
class CustomerRating:
    rated: list[Rated] = field(default_factory=list)
    pools: dict[str, Pool] = field(default_factory=dict)  # pool subscription -> its pool

    def by_month(self) -> dict[date, list[Rated]]:
        months: dict[date, list[Rated]] = defaultdict(list)
        for rated in self.rated:
            months[month_start(rated.record.day)].append(rated)
        return months


def rate_customer(account: Account, records: list[UsageRecord], until: date) -> CustomerRating:
    """Rate `records` (already accepted: a SIM record names a SIM of the customer) in time
    order; pools hold every bucket granted up to `until`."""
    out = CustomerRating()
    packages: dict[tuple[str, date], list[Package]] = {}
    for record in sorted(records, key=lambda r: r.started_at):  # ties: the order they came in
        sim = account.sims.get(record.subscriber)
        if sim is not None:
            pool = out.pools.get(sim.subscription)
            if pool is None:
                pool = out.pools[sim.subscription] = _pool(account, sim.subscription, until)
            rated = pool.draw(record, sim.profile_on(record.day))
            out.rated.append(replace(rated, subscription=sim.subscription))
            continue
        sub = pbx_subscription(account, record.day)
        if sub is None:
            out.rated.append(Rated(record, flags=("no_subscription",)))
            continue
        key = (package_pool(account, sub), month_start(record.day))
        if key not in packages:
            packages[key] = _packages(account, key[0], key[1])
        rated = rate_call(record, _tariff(account, sub, record.day), packages[key])
        out.rated.append(replace(rated, subscription=sub.id))
    return out


def pbx_subscription(account: Account, day: date) -> Subscription | None:
    """The subscription whose catalog rates calls and that runs on `day` (the first one)."""
    for sub in account.subscriptions.values():
        catalog = account.offer.catalog_of(sub.initial.product)
        if catalog.rating is not None and sub.active_on(day):
            return sub
    return None


def _tariff(account: Account, sub: Subscription, day: date) -> Tariff:
    catalog = account.offer.catalog_of(sub.initial.product)
    product = account.offer.product(sub.state_on(day).product, day)
    return Tariff(catalog.rating, product.free_calls)  # type: ignore[arg-type]


def package_pool(account: Account, sub: Subscription) -> str:
    """The minute packages a call rated by `sub` draws from: those of every subscription of
    the customer in the same catalog, whichever books them (named by the catalog)."""
    return account.offer.catalog_of(sub.initial.product).name


def package_seconds(account: Account, pool: str, first: date) -> dict[tuple[str, str], int]:
    """(minute package, landline|mobile) -> its seconds in the month starting on `first`
    (pro rata like its fee), over the customer's subscriptions of the catalog `pool`. Shared
    by the reference and the columnar engines."""
    seconds: dict[tuple[str, str], int] = defaultdict(int)
    for sub in account.subscriptions.values():
        if package_pool(account, sub) != pool:
            continue
        for (code, unit, _), amount in month_grants(sub, account.offer, first).items():
            if unit in PACKAGE_UNITS and account.offer.product(code).zone:
                seconds[(code, PACKAGE_UNITS[unit])] += amount * 60
    return dict(seconds)


def _packages(account: Account, pool: str, first: date) -> list[Package]:
    kinds: dict[str, dict[str, int]] = defaultdict(dict)
    for (code, kind), seconds in package_seconds(account, pool, first).items():
        kinds[code][kind] = seconds
    return [Package(code, account.offer.product(code).zone or "", by_kind)
            for code, by_kind in kinds.items()]


def allowance_buckets(account: Account, sub: Subscription, until: date) -> list[Bucket]:
    """Every bucket of a subscription up to `until`: its products' grants, then the campaign
    rewards granted into it. The one source of buckets for every engine and the balances."""
    return buckets(sub, account.offer, until) + reward_buckets(account.rewards, sub.id, until)


def pool_slots(account: Account, sub: Subscription, until: date) -> list[Slot]:
    """Every bucket of a pool subscription up to `until` as what is left of it (data in KB)."""
    return [Slot(b.product, b.unit, b.granted_for, b.expires,
                 b.amount * KB_PER_MB if b.unit == "data_mb" else b.amount, b.source)
            for b in allowance_buckets(account, sub, until)]


def _pool(account: Account, sub_id: str, until: date) -> Pool:
    sub = account.subscriptions[sub_id]
    product = account.offer.product(sub.initial.product)
    return Pool(pool_slots(account, sub, until), account.overage.get(sub_id, ()),
                dict(product.overage))


def balances_on(account: Account, rating: CustomerRating, day: date) -> list[Bucket]:
    """What remains at the close of `day`: every bucket granted up to it, less what the
    customer's usage up to it drew (`rating`: the usage up to `day`, rated up to it), merged
    per subscription, product, unit and expiry; data in whole MB and package minutes in whole
    minutes (rounded down)."""
    left = [Bucket(sub_id, s.product, s.unit, s.granted_for, s.left, s.expires, s.source)
            for sub_id, pool in rating.pools.items() for s in pool.slots]
    used: PackageUse = defaultdict(int)
    for rated in rating.rated:
        if rated.subscription in rating.pools or not rated.drawn:
            continue
        kind = line_kind(rated.record.kind)  # the minutes rate_call drew
        for product, seconds in rated.drawn:
            used[(product, kind, month_start(rated.record.day))] += seconds
    return remaining_with_pools(account, left, day, used)


# (minute package, landline|mobile, first day of the month) -> seconds drawn: the customer's
# packages, whichever subscription rated the calls
PackageUse = dict[tuple[str, str, date], int]


def remaining_with_pools(account: Account, pool_buckets: list[Bucket], day: date,
                         package_use: PackageUse) -> list[Bucket]:
    """What remains on `day`: what is left in the pools (`pool_buckets`, data in KB) and every
    bucket of the other subscriptions, minute packages less the seconds calls drew from them
    (`package_use`); data shown in whole MB and package minutes in whole minutes, rounded
    down."""
    pools = {b.subscription for b in pool_buckets}
    granted = _less_used([b for sub in account.subscriptions.values() if sub.id not in pools
                          for b in allowance_buckets(account, sub, day)], package_use)
    return [replace(b, amount=b.amount // KB_PER_MB)
            if b.subscription in pools and b.unit == "data_mb" else b
            for b in remaining_on(granted + pool_buckets, day)]


def _less_used(granted: list[Bucket], package_use: PackageUse) -> list[Bucket]:
    """Minute-package buckets less what calls drew in their month (in seconds, then whole
    minutes rounded down); a month's buckets of one package in the order they expire, then in
    the order of their subscriptions (calls draw from the packages of all the customer's
    subscriptions, whichever rated them)."""
    left = dict(package_use)
    out = list(granted)
    for i in sorted(range(len(out)), key=lambda i: (out[i].expires or date.max,
                                                    out[i].granted_for)):
        b = out[i]
        key = (b.product, PACKAGE_UNITS.get(b.unit, ""), b.granted_for)
        if left.get(key):
            take = min(left[key], b.amount * 60)
            left[key] -= take
            out[i] = replace(b, amount=(b.amount * 60 - take) // 60)
    return out
