"""`kontor usage report` and `kontor pools advise`: monitoring and the pool advisor on a
scenario (until the store exists, a scenario file is how a customer's usage is given)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kontor.adapters.scenario_yaml import ScenarioInvalid, load_scenario
from kontor.domain.rating.pool import UNIT_OF
from kontor.services.monitoring import advise_pools, report_pools
from kontor.services.simulate import SimulationResult, simulate

usage_app = typer.Typer(help="Usage: monitoring of pools, SIMs and profiles.",
                        no_args_is_help=True)
pools_app = typer.Typer(help="Pools: the advisor for pool sizes.", no_args_is_help=True)
UNITS = sorted(set(UNIT_OF.values()))


def _simulated(path: Path) -> SimulationResult:
    try:
        return simulate(load_scenario(path))
    except ScenarioInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise typer.Exit(2) from None


@usage_app.command("report")
def report(scenario: Path = typer.Argument(..., help="Scenario file (YAML)."),
           at: str = typer.Option(None, "--at", help="The moment (YYYY-MM-DD); default: the "
                                                     "scenario's end.")) -> None:
    """Per pool: allowance, carried over, used, remaining and what expires when; per SIM and
    per profile: used this month."""
    result = _simulated(scenario)
    moment = date.fromisoformat(at) if at else result.scenario.end
    data = report_pools(result.uow, result.customer, moment)
    console = Console()
    table = Table(title=f"Pools on {moment.isoformat()}", title_justify="left")
    for col in ("pool", "unit", "allowance", "carried over", "used", "beyond", "remaining",
                "expires"):
        table.add_column(col, justify="left" if col in ("pool", "unit", "expires") else "right")
    for row in data.pools:
        expires = ", ".join(f"{n} on {e.isoformat() if e else 'open'}" for e, n in row.expiring)
        table.add_row(row.subscription, row.unit, *map(str, (
            row.allowance, row.carried_over, row.used, row.beyond, row.remaining)), expires)
    console.print(table)
    for title, rows in (("Used this month per SIM", data.by_sim),
                        ("Used this month per profile", data.by_profile)):
        listing = Table(title=title, title_justify="left")
        listing.add_column("")
        for unit in UNITS:
            listing.add_column(unit, justify="right")
        for name, used in rows.items():
            listing.add_row(name, *(str(used.get(unit, 0)) for unit in UNITS))
        console.print(listing)


@pools_app.command("advise")
def advise(scenario: Path = typer.Argument(..., help="Scenario file (YAML)."),
           first: str = typer.Option(None, "--from", help="First day of the usage to learn "
                                                          "from; default: the scenario's start."),
           last: str = typer.Option(None, "--to", help="Last day; default: the scenario's end.")
           ) -> None:
    """The cheapest pool sizes for the coming months from the usage of a period."""
    result = _simulated(scenario)
    start = date.fromisoformat(first) if first else result.scenario.start
    end = date.fromisoformat(last) if last else result.scenario.end
    table = Table(title=f"Pool advice from the usage of {start} … {end}", title_justify="left")
    for col in ("unit", "block", "now: blocks", "now: EUR/month", "advised: blocks",
                "advised: EUR/month"):
        table.add_column(col, justify="left" if col in ("unit", "block") else "right")
    for advice in advise_pools(result.uow, result.customer, start, end):
        now = "refuses usage" if advice.current_cost is None else f"{advice.current_cost:.2f}"
        table.add_row(advice.prices.unit, advice.prices.block_product,
                      str(advice.current_blocks), now, str(advice.advised_blocks),
                      f"{advice.advised_cost:.2f}")
    Console().print(table)
