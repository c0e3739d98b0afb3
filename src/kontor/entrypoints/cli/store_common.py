"""What the CLI's store commands share: the `--database` and `--lang` options, opening the
store (refused clearly when it cannot be reached or is not migrated), sentences in German or
English, retries of a unit of work that met a concurrent change, and a progress bar.

Lines about a file's problems go to stderr as `file:line: what`, results to stdout; plain
print, never rich markup, so a file's text (`events[0]`) is shown as it is."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kontor.adapters.yaml_source import Problem
from kontor.domain.errors import Refused
from kontor.entrypoints.refusals import EXIT_CODES, EXIT_REFUSED
from kontor.messages import LANGUAGES, render
from kontor.messages.problems import localized as problem_text
from kontor.messages.reasons import localized

if TYPE_CHECKING:  # the database libraries are imported when a command opens the store
    from kontor.adapters.db.uow import SqlStore

T = TypeVar("T")
EXIT_INVALID = 2  # a file or option that cannot be used, or a store that is not ready
RETRIES = 3
PROGRESS_FROM = 200  # rows: a file with fewer is done before a bar would help

DATABASE = typer.Option(None, "--database", envvar="KONTOR_DATABASE_URL", show_envvar=True,
                        help="Database URL (sqlite:///kontor.db, postgresql://…); default: "
                             "KONTOR_DATABASE_URL, else kontor.db here.")
LANG = typer.Option("de", "--lang", help="Language of messages: de or en.")


class Say:
    """Sentences of the message catalogue in one language."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            print(f"--lang must be one of {', '.join(LANGUAGES)}", file=sys.stderr)
            raise typer.Exit(EXIT_INVALID)
        self.lang = lang

    def __call__(self, key: str, **params: object) -> str:
        return render(key, params, self.lang)

    def refused(self, exc: Refused) -> str:
        return self("cli_refused", code=exc.code, message=exc.message(self.lang))

    def reason(self, text: str) -> str:
        """Why a record is quarantined (stored in English) in this language."""
        return localized(text, self.lang)

    def problems(self, problems: list[Problem]) -> str:
        """What is wrong in a file, a line per problem (file, line, field), in this language."""
        return "\n".join(str(replace(p, message=problem_text(p.message, self.lang)))
                         for p in problems)


def shown(store: SqlStore) -> str:
    """The store's URL as given, its password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(store.url).render_as_string(hide_password=True)


@contextmanager
def opened(database: str | None, say: Say, check: bool = True) -> Iterator[SqlStore]:
    """The store, migrated to the newest revision (unless `check` is off); disposed after."""
    from kontor.adapters.db.uow import SqlStore

    store = SqlStore(database)
    try:
        if check:
            _check(store, say)
        yield store
    finally:
        store.dispose()


def _check(store: SqlStore, say: Say) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from kontor.adapters.db.migrate import current, head

    if store.file is not None and not store.file.exists():  # asking would create an empty file
        fail(say("cli_store_missing", database=shown(store)))
    try:
        now, newest = current(store.engine), head(store.engine)
    except SQLAlchemyError as exc:
        unreachable(store, say, exc)
    if now != newest:
        fail(say("cli_store_not_migrated", database=shown(store),
                 current=now or say("cli_no_revision"), head=newest))


def unreachable(store: SqlStore, say: Say, exc: Exception) -> NoReturn:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    fail(say("cli_store_unreachable", database=shown(store), reason=reason))


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    print(message, file=sys.stderr)
    raise typer.Exit(code)


def day_option(text: str, option: str, say: Say) -> date:
    """The ISO date given to `option`; an invalid one ends the command (exit 2)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(say("cli_bad_date", option=option, value=text))


def refusal_exit(exc: Refused) -> int:
    return EXIT_CODES.get(exc.code, EXIT_REFUSED)


@contextmanager
def refusals_end(say: Say) -> Iterator[None]:
    """A refusal (an unknown customer, …) ends the command with its sentence and exit code."""
    try:
        yield
    except Refused as exc:
        fail(say.refused(exc), refusal_exit(exc))


def attempt(store: SqlStore, work: Callable[[], T]) -> T:
    """Run a unit of work, again (up to RETRIES times) if another writer changed the same
    customer at the same time; a refusal or any other error is not retried."""
    from kontor.services.retry import retrying

    return retrying(store, work, RETRIES)


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A function to call after each of `total` steps; a bar on stderr for many steps."""
    with steps(label) as show:
        done = 0

        def advance() -> None:
            nonlocal done
            done += 1
            show(done, total)

        yield advance


@contextmanager
def steps(label: str) -> Iterator[Callable[[int, int], None]]:
    """A function to call with (steps done, steps in all), as a service's progress callback;
    a bar on stderr when there are many steps."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    bar = Progress(*columns, console=Console(stderr=True), transient=True)
    task = None

    def show(done: int, total: int) -> None:
        nonlocal task
        if task is None and total >= PROGRESS_FROM:  # started only when it will help
            bar.start()
            task = bar.add_task(label, total=total)
        if task is not None:
            bar.update(task, completed=done, total=total)

    try:
        yield show
    finally:
        if task is not None:
            bar.stop()
