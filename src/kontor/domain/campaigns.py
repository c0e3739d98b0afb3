"""Campaigns: data rewards for actions of invited customers ("Online statt Hotline"). Pure data:
the definitions (from catalogs/campaigns/*.yaml) and what a customer's account keeps of them
(invitations, clock restarts, granted rewards); the rules are in domain/rewards.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kontor.domain.calendar import add_months, month_end


class RewardValidity(StrEnum):
    END_OF_MONTH = "end_of_month"  # valid until the end of the month of the grant
    END_OF_NEXT_MONTH = "end_of_next_month"  # … of the month after the grant


@dataclass(frozen=True)
class Timer:
    """A reward for something that did not happen: granted when `months` calendar months have
    passed since the invitation (or since the last `restarted_by` action)."""

    months: int
    restarted_by: str | None = None


@dataclass(frozen=True)
class Reward:
    action: str  # the customer's action, or the timer's name (no_hotline_9_months)
    mb: int  # data granted, 1 MB = 1,048,576 bytes
    once_per_customer: bool = True
    timer: Timer | None = None


@dataclass(frozen=True)
class InvitationText:
    """The text of an invitation by `channel` in `language`; {customer}, {customer_id},
    {campaign} and {date} are filled in (PLACEHOLDERS). Only e-mails have a subject."""

    channel: str
    language: str
    text: str
    subject: str | None = None


PLACEHOLDERS = ("customer", "customer_id", "campaign", "date")


@dataclass(frozen=True)
class Campaign:
    name: str
    title: str
    rewards: tuple[Reward, ...]
    invitation_only: bool = False  # only invited customers earn rewards
    channels: tuple[str, ...] = ()  # how invitations go out: sms, email, …
    reward_validity: RewardValidity = RewardValidity.END_OF_NEXT_MONTH
    invitation_texts: tuple[InvitationText, ...] = ()

    def invitation_text(self, channel: str, language: str) -> InvitationText | None:
        """The text for `channel` in `language`, else in German, else in any language."""
        texts = [t for t in self.invitation_texts if t.channel == channel]
        return next((t for t in texts if t.language == language),
                    next((t for t in texts if t.language == "de"), texts[0] if texts else None))

    def reward_for(self, action: str) -> Reward | None:
        """The reward an action earns, None when the campaign does not reward it."""
        return next((r for r in self.rewards if r.action == action), None)

    def earned_by(self, action: str) -> Reward | None:
        """The reward a customer's action earns (a timer's name is no action): None if none."""
        reward = self.reward_for(action)
        return reward if reward is not None and reward.timer is None else None

    def knows(self, action: str) -> bool:
        """Whether `action` means something to the campaign: it earns or restarts a clock."""
        return self.earned_by(action) is not None or action in self.restarting_actions

    def valid_until(self, granted_on: date) -> date:
        """The last day reward data granted on `granted_on` can be used."""
        if self.reward_validity == RewardValidity.END_OF_MONTH:
            return month_end(granted_on)
        return month_end(add_months(granted_on.replace(day=1), 1))

    @property
    def timers(self) -> tuple[Reward, ...]:
        return tuple(r for r in self.rewards if r.timer is not None)

    @property
    def restarting_actions(self) -> frozenset[str]:
        """Actions that restart a timer (hotline_call)."""
        return frozenset(r.timer.restarted_by for r in self.timers if r.timer.restarted_by)


# --- what an account keeps ---------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    """The customer was invited to `campaign` on `day` by `channel` (sms, email, …)."""

    campaign: str
    day: date
    channel: str


@dataclass(frozen=True)
class Restart:
    """An action that restarts a timer's clock (hotline_call), done on `day` while invited."""

    campaign: str
    action: str
    day: date


@dataclass(frozen=True)
class GrantedReward:
    """Data granted on `day` for `action` (or a timer), valid until `expires`, added to the
    data allowance of `subscription` (None: the customer had none on that day)."""

    campaign: str
    action: str
    day: date
    mb: int
    expires: date
    subscription: str | None
