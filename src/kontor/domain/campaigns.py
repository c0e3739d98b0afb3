"""Campaigns: data rewards for actions of invited customers ("Online statt Hotline"). Pure data;
the rules that grant rewards read these definitions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
class Campaign:
    name: str
    title: str
    rewards: tuple[Reward, ...]
    invitation_only: bool = False  # only invited customers earn rewards
    channels: tuple[str, ...] = ()  # how invitations go out: sms, email, …
    reward_validity: RewardValidity = RewardValidity.END_OF_NEXT_MONTH

    def reward_for(self, action: str) -> Reward | None:
        """The reward an action earns, None when the campaign does not reward it."""
        return next((r for r in self.rewards if r.action == action), None)

    @property
    def timers(self) -> tuple[Reward, ...]:
        return tuple(r for r in self.rewards if r.timer is not None)

    @property
    def restarting_actions(self) -> frozenset[str]:
        """Actions that restart a timer (hotline_call)."""
        return frozenset(r.timer.restarted_by for r in self.timers if r.timer.restarted_by)
