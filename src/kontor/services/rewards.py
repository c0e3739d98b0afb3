"""Campaign rewards as use cases: invite a customer, record an action (the one function the API,
the portal and `kontor simulate` call), and the daily job that grants timer rewards. The rules
are in domain/rewards.py; here they run in a unit of work and leave notices.

A campaign is given as its definition or as the name of a shipped campaign
(catalogs/campaigns/NAME.yaml); an unknown name is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from kontor.domain import rewards as rules
from kontor.domain.account import Account
from kontor.domain.campaigns import Campaign, GrantedReward
from kontor.domain.errors import Refused
from kontor.services.commands import Invite, RecordAction
from kontor.services.effects import Effects, keep
from kontor.services.retry import retrying
from kontor.services.unit_of_work import UnitOfWork

CampaignRef = Campaign | str


def campaign_named(campaign: CampaignRef) -> Campaign:
    """The definition of a campaign given by itself or by the name of a shipped one."""
    if isinstance(campaign, Campaign):
        return campaign
    from kontor.adapters.campaign_yaml import shipped_campaign, shipped_campaign_names

    found = shipped_campaign(campaign)
    if found is None:
        raise Refused("invalid_event", "unknown_campaign", campaign=campaign,
                      shipped=", ".join(shipped_campaign_names()))
    return found


# --- use cases --------------------------------------------------------------------------------
def invite(uow: UnitOfWork, customer_id: str, campaign: CampaignRef, day: date,
           channel: str | None = None) -> Effects:
    """Invite the customer on `day` (sending the invitation is the notify adapter's part)."""
    return _run(uow, customer_id, lambda account, fx: _invite(
        account, campaign_named(campaign), day, channel, fx))[0]


def record_action(uow: UnitOfWork, customer_id: str, campaign: CampaignRef, action: str,
                  day: date) -> Effects:
    """A customer's action on `day`. Never refused for not being invited or for repeating an
    action: that earns nothing and leaves the notice not_invited / already_rewarded. An action
    the campaign does not know is refused (invalid_event)."""
    return _run(uow, customer_id, lambda account, fx: _act(
        account, campaign_named(campaign), action, day, fx))[0]


def run_rewards(uow: UnitOfWork, campaigns: Iterable[CampaignRef], day: date,
                customers: Iterable[str] | None = None) -> list[tuple[str, GrantedReward]]:
    """The daily job: grant every timer reward due on or before `day` (each dated on the day it
    fell due) to `customers` (None: every customer). Idempotent: run twice, or once for the
    last day of a range, it grants exactly what a run on every day of it grants."""
    found = [campaign_named(c) for c in campaigns]
    if customers is None:
        with uow:
            customers = uow.accounts.ids()
    out: list[tuple[str, GrantedReward]] = []
    for cid in customers:
        _, granted = _run(uow, cid, lambda account, fx: _timers(account, found, day, fx))
        out += [(cid, g) for g in granted]
    return out


def run_rewards_daily(store, campaigns: Iterable[CampaignRef], day: date,
                      progress: Callable[[int, int], None] | None = None
                      ) -> tuple[int, list[tuple[str, GrantedReward]]]:
    """The daily job over every customer of a store, each in its own short unit of work
    (again, when another writer changed the customer at the same time): the number of
    customers and what was granted. `progress(done, total)` after each customer."""
    found = [campaign_named(c) for c in campaigns]
    with store.uow() as uow:
        ids = uow.accounts.ids()
    out: list[tuple[str, GrantedReward]] = []
    for done, cid in enumerate(ids, 1):
        out += retrying(store, lambda c=cid: run_rewards(store.uow(), found, day, [c]))
        if progress is not None:
            progress(done, len(ids))
    return len(ids), out


# --- handlers of the typed commands (services/handlers.py) -------------------------------------
def invite_handler(account: Account, cmd: Invite, fx: Effects) -> None:
    _invite(account, campaign_named(cmd.campaign), cmd.day, cmd.channel, fx)


def action_handler(account: Account, cmd: RecordAction, fx: Effects) -> None:
    _act(account, campaign_named(cmd.campaign), cmd.action, cmd.day, fx)


# --- inside a unit of work --------------------------------------------------------------------
def _run(uow: UnitOfWork, customer_id: str, change: Callable[[Account, Effects], None]
         ) -> tuple[Effects, tuple[GrantedReward, ...]]:
    """Apply `change(account, fx)` to the customer's account and commit, unless it changed
    nothing and said nothing (the daily job on a day without grants writes nothing). Returns
    the effects and the rewards it granted."""
    with uow:
        account = uow.accounts.get(customer_id)
        fx = Effects()
        before = (account.invitations, account.restarts, account.rewards)
        change(account, fx)
        if fx.notices or before != (account.invitations, account.restarts, account.rewards):
            keep(uow, customer_id, fx)
            uow.commit()
    return fx, account.rewards[len(before[2]):]


def _invite(account: Account, campaign: Campaign, day: date, channel: str | None,
            fx: Effects) -> None:
    """Record the invitation and write its message (sent after the commit by
    services/notify.py); an invitation that cannot go out is still recorded, with a notice."""
    invitation = rules.invite(account, campaign, day, channel)
    fx.notify(day, "campaign_invited", campaign=campaign.title, channel=invitation.channel)
    message = rules.invitation_message(account, campaign, invitation)
    if isinstance(message, str):
        fx.notify(day, message, campaign=campaign.title, channel=invitation.channel)
    else:
        fx.messages.append(message)


def _act(account: Account, campaign: Campaign, action: str, day: date, fx: Effects) -> None:
    _record(rules.act(account, campaign, action, day), day, fx)


def _timers(account: Account, campaigns: list[Campaign], day: date, fx: Effects) -> None:
    for campaign in campaigns:
        for outcome in rules.run_timers(account, campaign, day):
            _record(outcome, outcome.granted.day if outcome.granted else day, fx)


def _record(outcome: rules.Outcome, day: date, fx: Effects) -> None:
    g = outcome.granted
    if g is not None and g.subscription is not None:
        fx.notify(g.day, "reward_granted", mb=g.mb, action=g.action, expires=g.expires,
                  subscription=g.subscription)
    if outcome.notice:
        fx.notify(day, outcome.notice, **dict(outcome.params))
