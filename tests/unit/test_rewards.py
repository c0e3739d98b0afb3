"""Campaign rewards (offers.md §2): the daily job grants each timer reward exactly once however it
is run (every day, twice a day, once over a range after an outage); a second campaign needs no
code; invitations, restarts and rewards roll back with the unit of work; typos are refused."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest

from kontor.adapters.campaign_yaml import load_campaign, shipped_campaign
from kontor.adapters.catalog_yaml import load_catalog, resolve
from kontor.adapters.memory import MemoryUnitOfWork
from kontor.adapters.scenario_yaml import ScenarioInvalid, load_scenario, parse_scenario
from kontor.adapters.yaml_source import read_yaml
from kontor.domain import rewards as rules
from kontor.domain.account import Account, Customer
from kontor.domain.campaigns import GrantedReward, Reward, Timer
from kontor.domain.errors import Refused
from kontor.domain.monitoring import pool_report
from kontor.domain.rewards import due_days
from kontor.entrypoints.cli.simulate_output import result_json
from kontor.services.commands import from_event
from kontor.services.handlers import execute
from kontor.services.rewards import invite, record_action, run_rewards
from kontor.services.simulate import simulate

HOTLINE = "online-statt-hotline"
START = date(2026, 1, 1)


def _uow(*ids: str, email: str | None = None) -> MemoryUnitOfWork:
    """O2 Unite companies with a data pool from 1 Jan 2026."""
    uow = MemoryUnitOfWork()
    with uow:
        uow.catalogs.add(load_catalog(resolve("o2-unite")), "")
        for cid in ids:
            uow.accounts.add(Account(Customer(cid, cid, "DE", "BY", email=email),
                                     uow.catalogs.offer(["o2-unite"])))
        uow.commit()
    for cid in ids:
        execute(uow, cid, from_event(START, "subscribe", {"id": "pool", "product": "unite"}))
        execute(uow, cid, from_event(START, "set_pools", {"subscription": "pool", "data": 1}))
    return uow


def _rewards(uow: MemoryUnitOfWork, cid: str) -> tuple[GrantedReward, ...]:
    with uow:
        return uow.accounts.get(cid).rewards


# --- the daily job ---------------------------------------------------------------------------
MONTHLY = """\
campaign: monatlich
title: Jeden Monat ohne Hotline
invitation_only: true
channels: [email]
rewards:
  - {action: no_hotline_9_months, mb: 1800, timer: {months: 9, restarted_by: hotline_call}}
  - {action: no_hotline_month, mb: 100, once_per_customer: false,
     timer: {months: 1, restarted_by: hotline_call}}
invitation:
  email: {de: {subject: "Jeden Monat", text: "Hallo {customer}"}}
"""


def _timeline(seed: int) -> tuple[date, list[date]]:
    """An invitation day and hotline calls (some on the same day, some on a due day)."""
    rng = random.Random(seed)
    invited = START + timedelta(days=rng.randrange(0, 60))
    calls = sorted(invited + timedelta(days=rng.randrange(0, 400))
                   for _ in range(rng.randrange(0, 8)))
    if calls and rng.random() < 0.5:
        calls.append(calls[-1])  # two calls on one day
    return invited, sorted(calls)


def _run(campaigns, seed: int, job_days) -> tuple[GrantedReward, ...]:
    """Days from START to the end; each day the job runs on the days `job_days(day)` names
    (before that day's calls, as the night's job after the previous day), then the calls."""
    invited, calls = _timeline(seed)
    uow = _uow("c")
    invite(uow, "c", campaigns[0], invited, "email")
    end = START + timedelta(days=500)
    day = START
    while day <= end:
        for run_on in job_days(day):
            run_rewards(uow, campaigns, run_on, ["c"])
        for call in calls:
            if call == day:
                record_action(uow, "c", campaigns[0], "hotline_call", day)
        day += timedelta(days=1)
    run_rewards(uow, campaigns, end, ["c"])
    return _rewards(uow, "c")


@pytest.mark.parametrize("seed", range(8))
def test_the_daily_job_twice_or_over_a_range_grants_what_a_run_every_day_grants(seed, tmp_path):
    path = tmp_path / "monthly.yaml"
    path.write_text(MONTHLY)
    campaigns = [load_campaign(path)]
    every_day = _run(campaigns, seed, lambda day: [day])
    assert every_day  # the monthly timer grants something in 500 days
    assert every_day == _run(campaigns, seed, lambda day: [day, day])  # twice a day
    # an outage: no run for 30 days, then one run for the range's last day
    rng = random.Random(seed)
    first = START + timedelta(days=rng.randrange(30, 300))
    last = first + timedelta(days=29)
    outage = _run(campaigns, seed, lambda day: [] if first <= day < last
                  else [last] if day == last else [day])
    assert outage == every_day
    # and the job run only at the end, for every day at once
    assert _run(campaigns, seed, lambda day: []) == every_day
    # each timer reward is dated on its own due day, never twice on one day
    days = [(g.action, g.day) for g in every_day]
    assert len(days) == len(set(days))


def test_the_shipped_timer_over_a_range_and_twice():
    campaign = shipped_campaign(HOTLINE)
    for runs in ([date(2026, 10, d) for d in range(1, 31)],  # every day of the range
                 [date(2026, 10, 30)],  # once for the range's last day
                 [date(2026, 10, 15), date(2026, 10, 15), date(2026, 10, 30)]):  # twice
        uow = _uow("c")
        invite(uow, "c", campaign, date(2026, 1, 15), "sms")
        for day in runs:
            run_rewards(uow, [campaign], day)
        reward, = _rewards(uow, "c")
        assert (reward.day, reward.mb, reward.expires, reward.subscription) == (
            date(2026, 10, 15), 1800, date(2026, 11, 30), "pool")


def test_the_job_runs_for_every_customer_and_only_the_invited_earn():
    uow = _uow("a", "b", "c")
    invite(uow, "a", HOTLINE, date(2026, 1, 15))
    invite(uow, "c", HOTLINE, date(2026, 2, 1))
    record_action(uow, "c", HOTLINE, "hotline_call", date(2026, 3, 1))
    granted = run_rewards(uow, [HOTLINE], date(2026, 12, 31))
    assert [(cid, g.day) for cid, g in granted] == [("a", date(2026, 10, 15)),
                                                   ("c", date(2026, 12, 1))]
    assert run_rewards(uow, [HOTLINE], date(2026, 12, 31)) == []


@pytest.mark.parametrize(("start", "calls", "months", "until", "want"), [
    (date(2026, 1, 15), [], 9, date(2026, 12, 31), [date(2026, 10, 15)]),
    (date(2026, 1, 15), [date(2026, 5, 20)], 9, date(2027, 12, 31), [date(2027, 2, 20)]),
    (date(2026, 1, 15), [], 9, date(2026, 10, 14), []),  # not yet
    # a call on the due day comes too late to take the reward away
    (date(2026, 1, 15), [date(2026, 10, 15)], 9, date(2026, 12, 31), [date(2026, 10, 15)]),
    (date(2026, 1, 15), [date(2026, 10, 14)], 9, date(2027, 12, 31), [date(2027, 7, 14)]),
    (date(2026, 1, 15), [date(2026, 1, 15)], 9, date(2026, 12, 31), [date(2026, 10, 15)]),
    (date(2026, 5, 31), [], 9, date(2027, 12, 31), [date(2027, 2, 28)]),  # month end
])
def test_due_days(start, calls, months, until, want):
    reward = Reward("t", 1, timer=Timer(months, "hotline_call"))
    assert list(due_days(start, calls, reward, until)) == want


# --- a second campaign without code ----------------------------------------------------------
E_RECHNUNG = """\
# 1 GB for the first download of an e-invoice, for every customer (no invitation needed)
campaign: e-rechnung
title: E-Rechnung statt Papier
invitation_only: false
reward_validity: end_of_month
rewards:
  - {action: einvoice_downloaded, mb: 1024}
"""


def test_a_second_campaign_is_only_data(tmp_path):
    (tmp_path / "e-rechnung.yaml").write_text(E_RECHNUNG)
    campaign = load_campaign(tmp_path / "e-rechnung.yaml")
    uow = _uow("c")
    fx = record_action(uow, "c", campaign, "einvoice_downloaded", date(2026, 3, 10))
    assert [n.code for n in fx.notices] == ["reward_granted"]
    again = record_action(uow, "c", campaign, "einvoice_downloaded", date(2026, 3, 20))
    assert [n.code for n in again.notices] == ["already_rewarded"]
    reward, = _rewards(uow, "c")
    assert (reward.campaign, reward.action, reward.mb, reward.expires) == (
        "e-rechnung", "einvoice_downloaded", 1024, date(2026, 3, 31))


def test_a_scenario_names_its_own_campaign_file(tmp_path):
    (tmp_path / "e-rechnung.yaml").write_text(E_RECHNUNG)
    (tmp_path / "s.yaml").write_text("""\
catalog: o2-unite
customer: {id: c, name: C, country: DE}
start: 2026-03-01
end: 2026-03-31
events:
  - {date: 2026-03-01, do: subscribe, id: pool, product: unite}
  - {date: 2026-03-01, do: set_pools, subscription: pool, data: 1}
  - {date: 2026-03-10, do: action, campaign: e-rechnung.yaml, action: einvoice_downloaded}
  - {date: 2026-03-11, do: action, campaign: online-statt-hotline, action: app_installed}
""")
    out = result_json(simulate(load_scenario(tmp_path / "s.yaml")))
    assert out["rewards"] == [{"date": "2026-03-10", "campaign": "e-rechnung",
                               "action": "einvoice_downloaded", "mb": "1024"}]
    assert {"subscription": "pool", "product": "e-rechnung", "unit": "data_mb",
            "remaining": "1024", "expires": "2026-03-31"} in out["balances"]
    assert [n["code"] for n in out["notices"]][-1] == "not_invited"


def test_an_unknown_campaign_in_a_scenario_is_a_file_problem(tmp_path):
    (tmp_path / "s.yaml").write_text("""\
catalog: o2-unite
customer: {id: c, name: C, country: DE}
start: 2026-03-01
end: 2026-03-31
events:
  - {date: 2026-03-10, do: invite, campaign: online-statt-hotlin}
""")
    with pytest.raises(ScenarioInvalid) as exc:
        load_scenario(tmp_path / "s.yaml")
    assert "events[0].campaign: no shipped campaign and no file named 'online-statt-hotlin'" \
        in str(exc.value)


# --- refusals, channels, rollback ------------------------------------------------------------
def test_an_unknown_action_or_campaign_or_channel_is_refused_and_changes_nothing():
    uow = _uow("c")
    invite(uow, "c", HOTLINE, date(2026, 1, 5), "sms")
    for command, key in (
            (from_event(date(2026, 1, 6), "action", {"campaign": HOTLINE,
                                                     "action": "portal_registerd"}),
             "unknown_campaign_action"),
            (from_event(date(2026, 1, 6), "action", {"campaign": HOTLINE,
                                                     "action": "no_hotline_9_months"}),
             "unknown_campaign_action"),  # a timer is no action
            (from_event(date(2026, 1, 6), "invite", {"campaign": "nope"}), "unknown_campaign"),
            (from_event(date(2026, 1, 6), "invite", {"campaign": HOTLINE, "channel": "letter"}),
             "channel_not_offered")):
        with pytest.raises(Refused) as exc:
            execute(uow, "c", command)
        assert (exc.value.code, exc.value.key) == ("invalid_event", key)
    with uow:
        account = uow.accounts.get("c")
        assert (len(account.invitations), account.rewards) == (1, ())


def test_the_command_path_and_the_default_channel():
    uow = _uow("c", email="it@example.com")
    fx = execute(uow, "c", from_event(date(2026, 1, 5), "invite", {"campaign": HOTLINE}))
    assert [n.code for n in fx.notices] == ["campaign_invited"]
    fx = execute(uow, "c", from_event(date(2026, 1, 6), "action", {
        "campaign": HOTLINE, "action": "app_installed"}))
    assert [(n.code, dict(n.params)["mb"]) for n in fx.notices] == [("reward_granted", 600)]
    with uow:
        assert uow.accounts.get("c").invitations[0].channel == "email"
    sms = _uow("d")
    invite(sms, "d", HOTLINE, date(2026, 1, 5))  # no e-mail address: the first channel
    with sms:
        assert sms.accounts.get("d").invitations[0].channel == "sms"


def test_a_rollback_forgets_invitations_restarts_and_rewards():
    uow = _uow("c")
    invite(uow, "c", HOTLINE, date(2026, 1, 5))
    record_action(uow, "c", HOTLINE, "app_installed", date(2026, 1, 6))
    with uow:
        account = uow.accounts.get("c")
        before = (account.invitations, account.restarts, account.rewards)
    with uow:
        account = uow.accounts.get("c")
        rules.invite(account, shipped_campaign(HOTLINE), date(2026, 2, 1), "email")
        rules.act(account, shipped_campaign(HOTLINE), "hotline_call", date(2026, 2, 2))
        rules.act(account, shipped_campaign(HOTLINE), "portal_registered", date(2026, 2, 3))
        assert len(account.rewards) == 2 and account.restarts
        # leaving without a commit rolls back
    with uow:
        account = uow.accounts.get("c")
        assert (account.invitations, account.restarts, account.rewards) == before


def test_a_hotline_call_after_the_timer_reward_is_not_kept():
    uow = _uow("c")
    invite(uow, "c", HOTLINE, date(2026, 1, 15))
    run_rewards(uow, [HOTLINE], date(2026, 10, 15))
    fx = record_action(uow, "c", HOTLINE, "hotline_call", date(2026, 10, 20))
    assert fx.notices == []
    with uow:
        assert uow.accounts.get("c").restarts == ()


def test_the_rewards_output_follows_the_published_schema():
    root = Path(__file__).resolve().parents[2]
    schema = json.loads((root / "src/kontor/schemas/simulate-output.schema.json").read_text())
    doc = read_yaml(root / "tests/scenarios/rewards/all_four_rewards.yaml")
    doc.data.pop("expect")
    out = result_json(simulate(parse_scenario(doc, root / "tests/scenarios/rewards")))
    jsonschema.validate(out, schema)
    assert [r["mb"] for r in out["rewards"]] == ["600", "600", "600", "1800"]



def test_the_pool_report_counts_a_reward_of_the_month_as_allowance():
    """reward_data_consumed_first.yaml on 15 Feb: February's 10,240 MB and the app's 600 MB
    (10 Feb) are the month's allowance; January's 10,230 MB and the portal's 500 MB carried
    over; 700 MB used; 400 MB of reward data left to 31 Mar."""
    root = Path(__file__).resolve().parents[1] / "scenarios" / "rewards"
    doc = read_yaml(root / "reward_data_consumed_first.yaml")
    doc.data.pop("expect")
    result = simulate(parse_scenario(doc, root))
    with result.uow:
        records = result.uow.usage.records(result.customer)
    report = pool_report(result.account, records, date(2026, 2, 15))
    data, = (u for u in report.pools if u.unit == "data_mb")
    assert (data.allowance, data.carried_over, data.used, data.remaining) == (
        10840, 10730, 700, 20870)
    assert data.expiring == ((date(2026, 3, 31), 400), (date(2028, 12, 31), 20470))


def test_a_reward_after_the_contract_ended_goes_to_the_pool_still_valid():
    """offers.md §2: reward data goes to the company data pool; §1: rolled-over units stay
    usable 12 months after the contract's end. The contract of 1 Jan 2026 (27 months) is
    cancelled at once on 10 Feb 2026; its rolled-over January data is valid until 10 Feb 2027,
    so a reward of 5 March 2026 goes to that pool (before: recorded without any data)."""
    uow = _uow("c", email="it@c.example")
    execute(uow, "c", from_event(date(2026, 2, 10), "cancel", {"subscription": "pool",
                                                                  "mode": "immediate"}))
    invite(uow, "c", HOTLINE, date(2026, 3, 1), "email")
    fx = record_action(uow, "c", HOTLINE, "app_installed", date(2026, 3, 5))
    assert [n.code for n in fx.notices] == ["reward_granted"]
    [reward] = _rewards(uow, "c")
    assert (reward.day, reward.subscription) == (date(2026, 3, 5), "pool")
    later = record_action(uow, "c", HOTLINE, "portal_registered",
                          date(2027, 3, 1))  # the pool's units expired on 10 Feb 2027
    assert [n.code for n in later.notices] == ["reward_without_allowance"]
