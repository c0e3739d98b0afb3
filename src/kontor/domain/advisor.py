"""The pool advisor: from a company's usage of some months (typically the Try&Buy months, which
exist "um den Umfang ihrer monatlichen Kontingente optimal einzustellen", seed 000), the
cheapest number of blocks per pool for the coming months under the company's policy:
- block: every observed month covered (units that roll over count), at the least fee;
- overage: fees plus overage at their least, rollover taken into account.
Costs are per month, averaged over the observed months, and exact (Decimal)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PoolPrices:
    unit: str  # voice_min | sms | data_mb
    block_product: str
    block_size: int  # units per block
    block_price: Decimal  # per month
    overage_price: Decimal  # per unit beyond the pool
    rollover: bool


@dataclass(frozen=True)
class Advice:
    prices: PoolPrices
    current_blocks: int
    current_cost: Decimal | None  # None: the current size does not cover usage under block
    advised_blocks: int
    advised_cost: Decimal


def monthly_cost(prices: PoolPrices, blocks: int, usage: list[Decimal], policy: str
                 ) -> Decimal | None:
    """Average monthly cost of `blocks` for the observed usage; None when `block` would have
    refused usage (the pool too small)."""
    carried, overage = Decimal(0), Decimal(0)
    for used in usage:
        available = blocks * prices.block_size + carried
        beyond = max(Decimal(0), used - available)
        if beyond and policy == "block":
            return None
        overage += beyond * prices.overage_price
        carried = max(Decimal(0), available - used) if prices.rollover else Decimal(0)
    months = max(len(usage), 1)
    return blocks * prices.block_price + overage / months


def advise(prices: PoolPrices, usage: list[Decimal], policy: str, current_blocks: int
           ) -> Advice:
    """The cheapest block count (the fewest blocks among equal costs)."""
    most = -(-int(max(usage, default=Decimal(0))) // prices.block_size) + 1
    costs = [(cost, n) for n in range(0, most + 1)
             if (cost := monthly_cost(prices, n, usage, policy)) is not None]
    cost, blocks = min(costs)
    return Advice(prices, current_blocks, monthly_cost(prices, current_blocks, usage, policy),
                  blocks, cost)
