"""The CLI on the store: `kontor db upgrade`, `kontor catalog load`, `kontor keys create`,
`kontor serve`, and (registered from their modules) the imports, `kontor rate` and
`kontor invoices`. Every command but `db upgrade` refuses a store that is not migrated.

    register(app, catalog_app)   # in main.py: adds the groups and commands to the CLI
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import typer

from kontor.adapters.campaign_yaml import is_campaign
from kontor.adapters.catalog_yaml import (
    CatalogInvalid,
    catalog_from,
    locate,
    read_document,
    shipped_names,
)
from kontor.domain.catalog import Catalog
from kontor.domain.errors import Refused
from kontor.entrypoints.cli.store_common import (
    DATABASE,
    EXIT_INVALID,
    LANG,
    Say,
    attempt,
    opened,
    refusals_end,
    shown,
    unreachable,
)
from kontor.entrypoints.refusals import EXIT_REFUSED
from kontor.services.access import ROLES, create_key, list_keys, revoke_key
from kontor.services.catalogs import load_catalog

db_app = typer.Typer(help="The database: migrate it to the newest schema.",
                     no_args_is_help=True)
keys_app = typer.Typer(help="API keys for the REST API.", no_args_is_help=True)


def register(app: typer.Typer, catalog_app: typer.Typer) -> None:
    """Add the store commands to the CLI: `catalog load` to the existing catalog group, and
    `invoices list|show|export` to an `invoices` group registered before (else a new one)."""
    from kontor.entrypoints.cli import invoice_cmds, rewards_cmds
    from kontor.entrypoints.cli.import_cmds import (
        customers_app,
        events_app,
        quarantine_app,
        quarantine_list,
        rate,
        subscriptions_app,
    )

    app.add_typer(db_app, name="db")
    catalog_app.command("load")(catalog_load)
    app.add_typer(customers_app, name="customers")
    app.add_typer(subscriptions_app, name="subscriptions")
    app.add_typer(events_app, name="events")
    app.command("rate")(rate)
    quarantine_app.command("list")(quarantine_list)
    app.add_typer(quarantine_app, name="quarantine")
    invoice_cmds.add_commands(_group(app, "invoices", invoice_cmds.HELP))
    app.add_typer(keys_app, name="keys")
    app.command("serve")(serve)
    rewards_cmds.register(app)


def _group(app: typer.Typer, name: str, help_text: str) -> typer.Typer:
    """The sub-command group `name` of `app`, added if there is none yet."""
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help=help_text, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


@db_app.command("upgrade")
def db_upgrade(database: str = DATABASE, lang: str = LANG) -> None:
    """Bring the database to the newest schema (creates it when empty); safe to run again."""
    from sqlalchemy.exc import SQLAlchemyError

    from kontor.adapters.db.migrate import upgrade

    say = Say(lang)
    with opened(database, say, check=False) as store:
        if store.file is not None:
            store.file.parent.mkdir(parents=True, exist_ok=True)  # the file's folder
        try:
            before, after = upgrade(store.engine)
        except SQLAlchemyError as exc:
            unreachable(store, say, exc)
        if before == after:
            print(say("cli_db_current", database=shown(store), after=after))
        else:
            print(say("cli_db_upgraded", database=shown(store),
                      before=before or say("cli_no_revision"), after=after))


def catalog_load(
    names: list[str] = typer.Argument(None, help="Catalog files or shipped names; default: "
                                                 "every shipped catalog."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Load catalogs into the database. A version already loaded with the same text is
    unchanged; a changed text needs a new `version:`."""
    say = Say(lang)
    invalid = refused = False
    with opened(database, say) as store:
        for name in names or shipped_names():
            found = _catalog(name, say)
            if found is None:
                invalid = True
                continue
            catalog, source = found
            try:
                added = attempt(store, lambda c=catalog, s=source: load_catalog(
                    store.uow(), c, s))
            except Refused as exc:
                refused = True
                print(f"{name}: {say.refused(exc)}", file=sys.stderr)
                continue
            print(say("cli_catalog_loaded" if added else "cli_catalog_unchanged", file=name,
                      catalog=catalog.name, version=catalog.version,
                      products=len(catalog.products)))
    raise typer.Exit(EXIT_INVALID if invalid else EXIT_REFUSED if refused else 0)


def _catalog(name: str, say: Say) -> tuple[Catalog, str] | None:
    """A valid catalog and its text; None (its problems printed) if there is none."""
    try:
        path = locate(name)
        doc = read_document(path)
        if is_campaign(doc):
            print(say("cli_not_a_catalog", file=name), file=sys.stderr)
            return None
        return catalog_from(doc), path.read_text(encoding="utf-8")
    except CatalogInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


@keys_app.command("create")
def keys_create(
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
    customer: str = typer.Option(None, "--customer", help="The customer a customer key "
                                                          "may see."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Create an API key and print its secret (shown this once only: the store keeps a
    digest)."""
    say = Say(lang)
    with opened(database, say) as store, refusals_end(say):
        key, secret = create_key(store.uow(), role, customer, datetime.now(UTC))
    print(say("cli_key_created", id=key.id, role=key.role, customer=key.customer or "-"))
    print(secret)


@keys_app.command("list")
def keys_list(
    customer: str = typer.Option(None, "--customer", help="Only the keys of this customer."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """The API keys: id, role, customer, when made and when revoked (never the secret)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    say = Say(lang)
    with opened(database, say) as store:
        keys = list_keys(store.uow(), customer)
    if not keys:
        print(say("cli_keys_none"))
        return
    table = Table(title=say("label_keys"), title_justify="left")
    for label in ("label_key", "label_role", "label_customer", "label_created",
                  "label_revoked"):
        table.add_column(say(label))
    for key in keys:
        table.add_row(key.id, key.role, escape(key.customer or "-"), _moment(key.created_at),
                      _moment(key.revoked_at) if key.revoked_at else "-")
    Console().print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: str = typer.Argument(..., metavar="KEY", help="The key's id (kontor keys list)."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Revoke an API key at once: requests with its secret are refused (401) from now on.
    The key stays listed, with the time it was revoked."""
    say = Say(lang)
    with opened(database, say) as store, refusals_end(say):
        key, revoked = revoke_key(store.uow(), key_id, datetime.now(UTC))
    if revoked:
        print(say("cli_key_revoked", id=key.id, role=key.role, customer=key.customer or "-"))
    else:
        print(say("cli_key_already_revoked", id=key.id, revoked=_moment(key.revoked_at)))


def _moment(when: datetime) -> str:
    """A time of the key table: UTC, to the second (SQLite gives it back without its zone)."""
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S")


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Run the REST API (OpenAPI at /openapi.json, docs at /docs) on the database."""
    say = Say(lang)
    with opened(database, say) as store:
        import uvicorn

        from kontor.entrypoints.api.app import create_app

        uvicorn.run(create_app(store), host=host, port=port)
