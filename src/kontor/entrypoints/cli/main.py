"""The `kontor` command line."""

from __future__ import annotations

import inspect
import json
import logging
import sys
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console

from kontor.adapters.campaign_yaml import campaign_from, is_campaign
from kontor.adapters.catalog_yaml import CatalogInvalid, catalog_from, locate, read_document
from kontor.adapters.scenario_yaml import ScenarioInvalid, load_scenario
from kontor.domain.account import CallList
from kontor.entrypoints.cli import billing_cmds, demo_cmds
from kontor.entrypoints.cli.documents_cmds import CALL_LIST_HELP, invoices_app
from kontor.entrypoints.cli.simulate_output import result_json
from kontor.entrypoints.cli.simulate_tables import print_result
from kontor.entrypoints.cli.store_cmds import register as register_store_commands
from kontor.entrypoints.cli.usage_cmds import pools_app, usage_app
from kontor.entrypoints.refusals import EXIT_CRASH
from kontor.messages import LANGUAGES
from kontor.services.simulate import simulate

log = logging.getLogger("kontor")

app = typer.Typer(help="Kontor: telecom BSS for business customers.", no_args_is_help=True,
                  add_completion=False)
catalog_app = typer.Typer(help="Catalogs: load them into the store, validate them, print "
                               "the JSON Schema.",
                          no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(usage_app, name="usage")
app.add_typer(pools_app, name="pools")
app.add_typer(invoices_app, name="invoices")
app.command("bill")(billing_cmds.bill)
app.command("worker")(billing_cmds.worker)
app.command("demo")(demo_cmds.demo)
register_store_commands(app, catalog_app)
EXIT_INVALID = 2


@app.command("simulate")
def simulate_cmd(
    files: list[Path] = typer.Argument(..., help="Scenario files (YAML)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    lang: str = typer.Option("de", "--lang", help="Language of messages: de or en."),
    documents: Path | None = typer.Option(
        None, "--documents", help="Write each invoice's PDF (and XRechnung XML) and each "
        "agreement's PDF into this directory (one sub-directory per file if several)."),
    call_list: CallList | None = typer.Option(None, "--call-list", help=CALL_LIST_HELP),
) -> None:
    """Replay scenario files and print their invoices, refusals, balances and notices."""
    if lang not in LANGUAGES:
        print(f"--lang must be one of {', '.join(LANGUAGES)}", file=sys.stderr)
        raise typer.Exit(EXIT_INVALID)
    console = Console()
    results, failed = [], False
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioInvalid as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        try:
            result = simulate(scenario)
        except Exception:  # a bug, not bad input: say so, with the traceback in the log
            log.exception("internal error while simulating %s", path)
            print(f"{path}: internal error in Kontor (a bug, not a problem of the file); "
                  "the traceback is above. Please report it.", file=sys.stderr)
            raise typer.Exit(EXIT_CRASH) from None
        data = result_json(result, lang)
        results.append(data)
        if documents is not None:
            target = documents if len(files) == 1 else documents / path.stem
            from kontor.entrypoints.cli.documents_cmds import documents_of, write_and_check

            write_and_check(documents_of(result, call_list), target, lang)
        if not as_json:
            account = result.account
            print_result(console, data, lang, account.customer, account.sites())
    if as_json and results:
        print(json.dumps(results[0] if len(files) == 1 else results, indent=2, ensure_ascii=False))
    raise typer.Exit(EXIT_INVALID if failed else 0)


@app.command("examples")
def examples_cmd() -> None:
    """Simulate one example customer per offer and print the invoices."""
    examples = Path(__file__).resolve().parents[4] / "examples"
    files = sorted(examples.glob("*.yaml"))
    if not files:
        print(f"no examples found in {examples}", file=sys.stderr)
        raise typer.Exit(1)
    simulate_cmd(files, as_json=False, lang="de")


@catalog_app.command("validate")
def validate(
    names: list[str] = typer.Argument(..., help="Catalog or campaign files, or shipped names."),
) -> None:
    """Check catalogs and campaigns; one line per problem (file:line: path: what is wrong)."""
    failed = False
    for name in names:
        try:
            print(f"{name}: ok ({_validated(name)})")
        except CatalogInvalid as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
    raise typer.Exit(EXIT_INVALID if failed else 0)


def _validated(name: str) -> str:
    """What a valid file holds ("19 products", "campaign, 4 rewards"); CatalogInvalid if not.
    A document with a top-level `campaign:` key is a campaign, anything else a catalog."""
    doc = read_document(locate(name))
    if is_campaign(doc):
        return f"campaign, {len(campaign_from(doc).rewards)} rewards"
    return f"{len(catalog_from(doc).products)} products"


@catalog_app.command("schema")
def schema(
    kind: str = typer.Argument("catalog", help="catalog, campaign, scenario or simulate-output"),
) -> None:
    """Print a JSON Schema (for editors and other tools)."""
    path = resources.files("kontor") / "schemas" / f"{kind}.schema.json"
    if not path.is_file():
        print(f"no schema named {kind!r}", file=sys.stderr)
        raise typer.Exit(EXIT_INVALID)
    print(path.read_text())


def one_line_summaries(group: typer.Typer) -> None:
    """Each command's summary in a help list: the first paragraph of its help, its lines
    joined (Rich would keep the docstring's line breaks there)."""
    for info in group.registered_commands:
        text = info.help or inspect.getdoc(info.callback) or ""
        info.short_help = info.short_help or " ".join(text.split("\n\n")[0].split())
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            one_line_summaries(sub.typer_instance)


one_line_summaries(app)

if __name__ == "__main__":
    app()
