"""Campaign rewards (offers.md §2, "Online statt Hotline"): invitations, actions and timers, as
the campaign's definition says (catalogs/campaigns/*.yaml). Pure: the rules change the account
(invitations, clock restarts, granted rewards) and say what happened; services/rewards.py runs
them in a unit of work and turns the outcomes into notices.

- Only invited customers take part in an invitation-only campaign: an action of anyone else
  earns nothing (`not_invited`). An action counts from the day of the first invitation.
- A reward is granted at most once per customer unless the campaign says otherwise; a repeated
  action earns nothing (`already_rewarded`).
- A timer reward ("9 months without a hotline contact") is due when its months have passed
  since the invitation, or since the last action that restarts its clock, without such an
  action before the due day. Due days are computed, not counted, so a daily job run late, twice
  or once over a range grants exactly what a run on every day grants.
- Reward data goes to the customer's data allowance on the day of the grant (the company's data
  pool for O2 Unite) and is valid until the campaign's validity ends (the end of the following
  month); rating draws it like any bucket (domain/balances.py: reward_buckets)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from kontor.domain.account import Account
from kontor.domain.balances import buckets
from kontor.domain.calendar import add_months
from kontor.domain.campaigns import Campaign, GrantedReward, Invitation, Restart, Reward
from kontor.domain.errors import Refused
from kontor.domain.invoicing.recurring import items
from kontor.domain.outgoing import Message


@dataclass(frozen=True)
class Outcome:
    """What an action or a timer brought: a granted reward and/or a notice code with its
    parameters (not_invited, already_rewarded, reward_without_allowance)."""

    granted: GrantedReward | None = None
    notice: str | None = None
    params: tuple[tuple[str, object], ...] = ()


# --- invitations ------------------------------------------------------------------------------
def invite(account: Account, campaign: Campaign, day: date, channel: str | None = None
           ) -> Invitation:
    """Record an invitation. Without a channel: e-mail when the customer has an address and the
    campaign sends e-mail, else the campaign's first channel."""
    if channel is None:
        channel = default_channel(account, campaign)
    elif campaign.channels and channel not in campaign.channels:
        raise Refused("invalid_event", "channel_not_offered", campaign=campaign.name,
                      channel=channel, channels=", ".join(campaign.channels))
    invitation = Invitation(campaign.name, day, channel)
    account.add_invitation(invitation)
    return invitation


SENT_BY = {"email": "email", "sms": "phone"}  # channels Kontor sends, and the customer's field


def invitation_message(account: Account, campaign: Campaign, invitation: Invitation
                       ) -> Message | str:
    """The message that carries an invitation, in the customer's language, or the notice code
    saying why none can go out (invitation_no_gateway: a channel Kontor does not send, such as
    a letter; invitation_no_recipient: the customer has no address for it;
    invitation_no_text: the campaign has no text for it)."""
    field = SENT_BY.get(invitation.channel)
    if field is None:
        return "invitation_no_gateway"
    customer = account.customer
    recipient = getattr(customer, field)
    if not recipient:
        return "invitation_no_recipient"
    text = campaign.invitation_text(invitation.channel, customer.language)
    if text is None:
        return "invitation_no_text"
    on = (f"{invitation.day:%d.%m.%Y}" if text.language == "de"
          else f"{invitation.day:%d %B %Y}")
    values = {"customer": customer.name, "customer_id": customer.id,
              "campaign": campaign.title, "date": on}
    return Message(
        key=f"invitation:{customer.id}:{campaign.name}:{invitation.day}:{invitation.channel}",
        customer_id=customer.id, channel=invitation.channel, recipient=recipient,
        subject=text.subject.format_map(values) if text.subject else None,
        body=text.text.format_map(values), language=text.language, created_on=invitation.day)


def default_channel(account: Account, campaign: Campaign) -> str:
    channels = campaign.channels or ("email",)
    if account.customer.email and "email" in channels:
        return "email"
    return channels[0]


def invited_on(account: Account, campaign: str, day: date) -> date | None:
    """The day of the customer's first invitation to `campaign` up to `day`; None: none."""
    return min((i.day for i in account.invitations if i.campaign == campaign and i.day <= day),
               default=None)


def takes_part(account: Account, campaign: Campaign, day: date) -> bool:
    return not campaign.invitation_only or invited_on(account, campaign.name, day) is not None


# --- actions ----------------------------------------------------------------------------------
def act(account: Account, campaign: Campaign, action: str, day: date) -> Outcome:
    """A customer's action on `day`: it restarts a timer's clock, earns a reward, or both. An
    action the campaign does not know is refused (a typo would silently earn nothing)."""
    if not campaign.knows(action):
        known = sorted({r.action for r in campaign.rewards if r.timer is None}
                       | campaign.restarting_actions)
        raise Refused("invalid_event", "unknown_campaign_action", campaign=campaign.name,
                      action=action, actions=", ".join(known))
    if not takes_part(account, campaign, day):
        return Outcome(notice="not_invited", params=(("campaign", campaign.name),
                                                     ("action", action)))
    if _restarts_a_clock(account, campaign, action):
        account.add_restart(Restart(campaign.name, action, day))
    reward = campaign.earned_by(action)
    if reward is None:
        return Outcome()
    earlier = granted(account, campaign.name, action)
    if reward.once_per_customer and earlier:
        return Outcome(notice="already_rewarded", params=(
            ("campaign", campaign.name), ("action", action), ("granted_on", earlier[0].day)))
    return grant(account, campaign, reward, day)


def _restarts_a_clock(account: Account, campaign: Campaign, action: str) -> bool:
    """Whether the action restarts a timer that may still grant something (a once-only timer
    reward already granted needs no clock any more)."""
    return any(r.timer is not None and r.timer.restarted_by == action
               and not (r.once_per_customer and granted(account, campaign.name, r.action))
               for r in campaign.timers)


def granted(account: Account, campaign: str, action: str) -> list[GrantedReward]:
    return [g for g in account.rewards if g.campaign == campaign and g.action == action]


def grant(account: Account, campaign: Campaign, reward: Reward, day: date) -> Outcome:
    """Grant `reward` on `day` into the customer's data allowance of that day."""
    sub = data_allowance(account, day)
    given = GrantedReward(campaign.name, reward.action, day, reward.mb,
                          campaign.valid_until(day), sub)
    account.add_reward(given)
    if sub is None:
        return Outcome(given, "reward_without_allowance", (
            ("campaign", campaign.name), ("action", reward.action), ("mb", reward.mb)))
    return Outcome(given)


def data_allowance(account: Account, day: date) -> str | None:
    """The subscription whose data allowance reward data goes to on `day`: the company's data
    pool (a product with a data pool, O2 Unite), else the first running subscription whose
    products grant data, else an ended company pool whose data units are still valid that day
    (rolled over: usable 12 months after the contract's end); None if the customer has no data
    allowance that day."""
    running = [sub for sub in account.subscriptions.values() if sub.active_on(day)]
    for sub in running:
        if "data" in account.offer.product(sub.state_on(day).product, day).pools:
            return sub.id
    for sub in running:
        if any("data_mb" in product.allowances
               for product, _ in items(sub.state_on(day), account.offer, day)):
            return sub.id
    for sub in account.subscriptions.values():
        last = sub.service_end
        if sub in running or last is None or last >= day or sub.start > day:
            continue
        if "data" in account.offer.product(sub.state_on(last).product, last).pools and any(
                b.unit == "data_mb" and (b.expires is None or b.expires >= day)
                for b in buckets(sub, account.offer, day)):
            return sub.id
    return None


# --- timers -----------------------------------------------------------------------------------
def run_timers(account: Account, campaign: Campaign, day: date) -> list[Outcome]:
    """Grant every timer reward due on or before `day` that was not granted yet, each dated on
    the day it fell due. Running it again, or for a later day, grants nothing twice."""
    return [grant(account, campaign, reward, due)
            for reward, due in due_timers(account, campaign, day)]


def due_timers(account: Account, campaign: Campaign, day: date) -> list[tuple[Reward, date]]:
    """(timer reward, the day it fell due) for every grant due up to `day` not yet made."""
    start = invited_on(account, campaign.name, day)
    if start is None:
        return []
    out = []
    for reward in campaign.timers:
        made = {g.day for g in granted(account, campaign.name, reward.action)}
        if reward.once_per_customer and made:
            continue
        restarts = sorted(r.day for r in account.restarts if r.campaign == campaign.name
                          and r.action == reward.timer.restarted_by)  # type: ignore[union-attr]
        out += [(reward, due) for due in due_days(start, restarts, reward, day)
                if due not in made]
    return sorted(out, key=lambda rd: (rd[1], rd[0].action))


def due_days(start: date, restarts: list[date], reward: Reward, until: date) -> Iterator[date]:
    """The days up to `until` on which the timer falls due: its months after the clock started
    (`start`, then each restart in sorted `restarts`) with no restart before that day. A restart
    on the due day itself comes too late to take the reward away. A reward that may be granted
    more than once starts its clock again on the day it is granted."""
    months = reward.timer.months  # type: ignore[union-attr]
    i = 0
    while True:
        due = add_months(start, months)
        if due > until:
            return
        while i < len(restarts) and restarts[i] <= start:
            i += 1
        if i < len(restarts) and restarts[i] < due:
            start = restarts[i]
            continue
        yield due
        if reward.once_per_customer:
            return
        start = due
