"""Accounts in the store: a customer row with a version, and one table per kind of entity
(subscriptions with their dated changes, device plans, SIMs with dated profiles, overage
policies, one-time orders, campaign invitations, clock restarts and rewards). A unit of work
writes back only the entities it replaced (copy on write makes a changed entity a new object),
under a compare-and-set of the version."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, delete, select, update

from kontor.adapters.db import schema as t
from kontor.adapters.db.bulk import insert_rows, select_rows
from kontor.adapters.db.catalogs import SqlCatalogs
from kontor.domain.account import Account, CallList, Customer, Profile, Sim, Snapshot
from kontor.domain.campaigns import GrantedReward, Invitation, Restart
from kontor.domain.contracts import Change, Subscription
from kontor.domain.devices import DevicePlan
from kontor.domain.errors import Refused


class ConcurrentChange(Exception):
    """Another unit of work changed the customer since this one read it: retry."""


ENTITY_TABLES = {"sub": (t.subscriptions, t.subscription_changes),
                 "plan": (t.device_plans,), "sim": (t.sims, t.sim_profiles)}


def load_accounts(conn: Connection, catalogs: SqlCatalogs, ids: Iterable[str]
                  ) -> dict[str, Account]:
    """The accounts of `ids` (those that exist), each table read once for all of them."""
    ids = list(ids)
    rows = _rows(conn, t.customers, ids, t.customers.c.id)
    if not rows:
        return {}
    per = {name: _grouped(conn, table, ids) for name, table in (
        ("subs", t.subscriptions), ("changes", t.subscription_changes),
        ("plans", t.device_plans), ("sims", t.sims), ("profiles", t.sim_profiles),
        ("overage", t.overage_policies), ("orders", t.orders),
        ("invitations", t.campaign_invitations), ("restarts", t.campaign_restarts),
        ("rewards", t.campaign_rewards))}
    accounts = {}
    for row in rows:
        cid = row.id
        changes = defaultdict(list)
        for ch in sorted(per["changes"][cid], key=lambda r: r.seq):
            changes[ch.subscription_id].append(Change(ch.effective, ch.kind, ch.value))
        profiles = defaultdict(list)
        for p in sorted(per["profiles"][cid], key=lambda r: r.seq):
            profiles[p.sim_id].append((p.since, Profile(p.roaming, p.data_cap_mb)))
        overage = defaultdict(list)
        for o in sorted(per["overage"][cid], key=lambda r: r.seq):
            overage[o.subscription_id].append((o.since, o.policy))
        accounts[cid] = Account(
            customer=Customer(cid, row.name, row.country, row.region, tuple(row.address),
                              row.vat_id, row.email, row.language, row.phone,
                              CallList(row.call_list)),
            offer=catalogs.offer(row.catalogs),
            subscriptions={s.id: _subscription(s, changes[s.id]) for s in sorted(
                per["subs"][cid], key=lambda r: (r.position is None, r.position or 0, r.start,
                                                 r.id))},
            device_plans={p.id: DevicePlan(p.id, p.subscription_id, p.device, p.price,
                                           p.down_payment, p.installments, p.channel,
                                           p.activated_on, p.ended_on)
                          for p in per["plans"][cid]},
            sims={s.id: Sim(s.id, s.subscription_id, s.profile, s.added_on, s.removed_on,
                            tuple(profiles[s.id])) for s in per["sims"][cid]},
            overage={k: tuple(v) for k, v in overage.items()},
            orders=tuple(_order(o) for o in sorted(per["orders"][cid], key=lambda r: r.number)),
            version=row.version,
            invitations=tuple(Invitation(r.campaign, r.day, r.channel)
                              for r in _in_order(per["invitations"][cid])),
            restarts=tuple(Restart(r.campaign, r.action, r.day)
                           for r in _in_order(per["restarts"][cid])),
            rewards=tuple(GrantedReward(r.campaign, r.action, r.day, r.mb, r.expires,
                                        r.subscription_id)
                          for r in _in_order(per["rewards"][cid])))
    return accounts


def _rows(conn: Connection, table, ids: list[str], column) -> list:
    return select_rows(conn, table, column.name, ids)


def _grouped(conn: Connection, table, ids: list[str]) -> dict[str, list]:
    grouped = defaultdict(list)
    for row in _rows(conn, table, ids, table.c.customer_id):
        grouped[row.customer_id].append(row)
    return grouped


def _in_order(rows: list) -> list:
    return sorted(rows, key=lambda r: r.seq)


def _subscription(row, changes: list[Change]) -> Subscription:
    return Subscription(
        id=row.id, start=row.start, initial=row.initial, combined_with=row.combined_with,
        trial_until=row.trial_until, site=row.site, changes=changes,
        service_end=row.service_end, billing_end=row.billing_end,
        notice_charge=row.notice_charge, touched=list(row.touched))


def _order(row):
    from kontor.domain.account import OneTimeOrder

    return OneTimeOrder(row.number, row.day, row.product, row.quantity, row.free,
                        row.unit_price)


# --- writing ----------------------------------------------------------------------------------
Rows = dict  # table -> rows to insert, written with one executemany per table at commit


def insert_customer(conn: Connection, account: Account, rows: Rows) -> None:
    c = account.customer
    exists = conn.execute(select(t.customers.c.id).where(t.customers.c.id == c.id)).first()
    if exists or any(r["id"] == c.id for r in rows.get(t.customers, ())):
        raise Refused("customer_exists", "customer_exists", customer=c.id)
    rows.setdefault(t.customers, []).append({
        "id": c.id, "name": c.name, "country": c.country, "region": c.region,
        "address": list(c.address), "vat_id": c.vat_id, "email": c.email,
        "language": c.language, "phone": c.phone, "call_list": c.call_list.value,
        "catalogs": list(dict.fromkeys(cat.name for cat in account.offer.catalogs)),
        "version": account.version})
    save_entities(conn, account, None, rows)


def write_rows(conn: Connection, rows: Rows) -> None:
    for table in t.metadata.sorted_tables:  # parents before children
        if rows.get(table):
            insert_rows(conn, table, rows[table])
    rows.clear()


def bump_versions(conn: Connection, read: dict[str, int]) -> None:
    """Compare and set: each customer's version from the one read to the next, all in one
    statement; if any was changed meanwhile, nothing may be committed."""
    if not read:
        return
    stmt = update(t.customers).where(
        t.customers.c.id == bindparam("cid"), t.customers.c.version == bindparam("read"),
    ).values(version=bindparam("read") + 1)
    done = conn.execute(stmt, [{"cid": cid, "read": v} for cid, v in read.items()])
    if done.rowcount != len(read):
        raise ConcurrentChange(", ".join(sorted(read)))


def save_entities(conn: Connection, account: Account, before: Snapshot | None,
                  rows: Rows) -> bool:
    """Rows for the entities that differ from `before` (None: a new account, all of them);
    the stored versions of changed entities are deleted. True if anything changed."""
    cid = account.customer.id
    wrote = False
    places = {key: i for i, key in enumerate(account.subscriptions)}
    for kind, now, then, write in (
            ("sub", account.subscriptions, before and before.subscriptions,
             lambda cid, sub: _sub_rows(cid, sub, places[sub.id])),
            ("plan", account.device_plans, before and before.device_plans, _plan_rows),
            ("sim", account.sims, before and before.sims, _sim_rows)):
        changed = [key for key, entity in now.items()
                   if then is None or then.get(key) is not entity]
        gone = [key for key in (then or {}) if key not in now]
        if before is not None:
            for key in changed + gone:
                _delete_entity(conn, kind, cid, key)
        for key in changed:
            for table, row in write(cid, now[key]):
                rows.setdefault(table, []).append(row)
        wrote = wrote or bool(changed or gone)
    if before is None or account.overage != before.overage:
        if before is not None:
            conn.execute(delete(t.overage_policies).where(
                t.overage_policies.c.customer_id == cid))
        rows.setdefault(t.overage_policies, []).extend(
            {"customer_id": cid, "subscription_id": sub, "seq": i, "since": since,
             "policy": policy}
            for sub, history in account.overage.items()
            for i, (since, policy) in enumerate(history))
        wrote = wrote or before is not None
    if before is None or account.orders is not before.orders:
        if before is not None:
            conn.execute(delete(t.orders).where(t.orders.c.customer_id == cid))
        rows.setdefault(t.orders, []).extend(
            {"customer_id": cid, "number": o.number, "day": o.day, "product": o.product,
             "quantity": o.quantity, "free": o.free, "unit_price": o.unit_price}
            for o in account.orders)
        wrote = wrote or before is not None
    for table, now, then, row in (
            (t.campaign_invitations, account.invitations, before and before.invitations,
             lambda i: {"campaign": i.campaign, "day": i.day, "channel": i.channel}),
            (t.campaign_restarts, account.restarts, before and before.restarts,
             lambda r: {"campaign": r.campaign, "action": r.action, "day": r.day}),
            (t.campaign_rewards, account.rewards, before and before.rewards,
             lambda g: {"campaign": g.campaign, "action": g.action, "day": g.day, "mb": g.mb,
                        "expires": g.expires, "subscription_id": g.subscription})):
        wrote = _appended(conn, cid, table, (now, then), row, rows) or wrote
    return wrote


def _appended(conn: Connection, cid: str, table, now_then: tuple, row, rows: Rows) -> bool:
    """Rows for what was appended to an append-only tuple (campaign invitations, restarts,
    rewards) since `then` (None: a new account, all of it); if it was not only appended to,
    the stored rows are replaced. True if something was written for an existing account."""
    now, then = now_then
    if then is not None and (now is then or now == then):
        return False
    first = 0
    if then is not None:
        if now[:len(then)] == then:
            first = len(then)
        else:
            conn.execute(delete(table).where(table.c.customer_id == cid))
    rows.setdefault(table, []).extend({"customer_id": cid, "seq": seq, **row(item)}
                                      for seq, item in enumerate(now[first:], first))
    return then is not None


def _delete_entity(conn: Connection, kind: str, cid: str, key: str) -> None:
    main, *children = ENTITY_TABLES[kind]
    conn.execute(delete(main).where(main.c.customer_id == cid, main.c.id == key))
    for child in children:
        column = child.c.subscription_id if kind == "sub" else child.c.sim_id
        conn.execute(delete(child).where(child.c.customer_id == cid, column == key))


def _sub_rows(cid: str, sub: Subscription, position: int):
    yield t.subscriptions, {
        "customer_id": cid, "id": sub.id, "start": sub.start, "initial": sub.initial,
        "combined_with": sub.combined_with, "trial_until": sub.trial_until, "site": sub.site,
        "service_end": sub.service_end, "billing_end": sub.billing_end,
        "notice_charge": sub.notice_charge, "touched": list(sub.touched),
        "position": position}
    for i, ch in enumerate(sub.changes):
        yield t.subscription_changes, {
            "customer_id": cid, "subscription_id": sub.id, "seq": i,
            "effective": ch.effective, "kind": ch.kind, "value": ch.value}


def _plan_rows(cid: str, plan: DevicePlan):
    yield t.device_plans, {
        "customer_id": cid, "id": plan.id, "subscription_id": plan.subscription_id,
        "device": plan.device, "price": plan.price, "down_payment": plan.down_payment,
        "installments": plan.installments, "channel": plan.channel,
        "activated_on": plan.activated_on, "ended_on": plan.ended_on}


def _sim_rows(cid: str, sim: Sim):
    yield t.sims, {"customer_id": cid, "id": sim.id, "subscription_id": sim.subscription,
                   "profile": sim.profile, "added_on": sim.added_on,
                   "removed_on": sim.removed_on}
    for i, (since, profile) in enumerate(sim.profiles):
        yield t.sim_profiles, {"customer_id": cid, "sim_id": sim.id, "seq": i, "since": since,
                               "roaming": profile.roaming, "data_cap_mb": profile.data_cap_mb}
