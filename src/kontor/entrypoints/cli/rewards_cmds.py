"""`kontor rewards run|invite|action` and `kontor notify send|list` on the store: the daily
job of timer rewards (one day, or a range to catch up after an outage), invitations with their
e-mail or SMS, customers' actions, and the outbox of messages."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kontor.adapters.campaign_yaml import CampaignInvalid, load_campaign, shipped_campaign_names
from kontor.domain.campaigns import Campaign
from kontor.entrypoints.cli.store_common import (
    DATABASE,
    EXIT_INVALID,
    LANG,
    Say,
    attempt,
    day_option,
    fail,
    opened,
    refusals_end,
    steps,
)
from kontor.services.effects import Effects

rewards_app = typer.Typer(help="Campaign rewards: invitations, actions, the daily job.",
                          no_args_is_help=True)
notify_app = typer.Typer(help="Messages to customers (invitations): send what waits in the "
                              "outbox, list it.", no_args_is_help=True)
EXIT_NOT_SENT = 1  # some messages could not be sent: they wait for the next `notify send`

CAMPAIGNS = typer.Option(None, "--campaign", help="Campaign name or file (repeatable); "
                                                  "default: every shipped campaign.")


def register(app: typer.Typer) -> None:
    app.add_typer(rewards_app, name="rewards")
    app.add_typer(notify_app, name="notify")


@rewards_app.command("run")
def rewards_run(
    day: str = typer.Option(None, "--date", help="Grant the timer rewards due on DATE."),
    first: str = typer.Option(None, "--from", help="Catch up: first day of a range."),
    last: str = typer.Option(None, "--to", help="Catch up: last day of a range."),
    campaigns: list[str] = CAMPAIGNS,
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """The daily job: grant every timer reward ("9 months without a hotline call") that fell
    due, each dated on its day. Idempotent: run twice, or over a range, it grants each reward
    once, exactly as a run on every day would."""
    from kontor.services.rewards import run_rewards_daily

    say = Say(lang)
    first_day, last_day = _range(day, first, last, say)
    found = [_campaign(name, say) for name in campaigns or shipped_campaign_names()]
    with opened(database, say) as store, steps(say("cli_rewards_progress")) as show:
        customers, granted = run_rewards_daily(store, found, last_day, show)
    for cid, reward in sorted(granted, key=lambda g: (g[1].day, g[0])):
        print(say("cli_reward_granted", day=reward.day, customer=cid, mb=reward.mb,
                  action=reward.action, expires=reward.expires,
                  subscription=reward.subscription or "-"))
    earlier = sum(1 for _, g in granted if g.day < first_day)
    print(say("cli_rewards_summary", count=len(granted), first=first_day, last=last_day,
              customers=customers, earlier=earlier))


@rewards_app.command("invite")
def rewards_invite(
    customer: str = typer.Argument(..., help="Customer id."),
    campaign: str = typer.Option(None, "--campaign", help="Campaign name; default: the only "
                                                          "shipped one."),
    channel: str = typer.Option(None, "--channel", help="sms or email; default: e-mail when "
                                                        "the customer has an address."),
    day: str = typer.Option(None, "--date", help="Day of the invitation; default: today."),
    send: bool = typer.Option(True, "--send/--no-send", help="Send the invitation now (else "
                                                             "it waits for `notify send`)."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Invite a customer to a campaign: the invitation is recorded with its message in one
    transaction, then the message is sent (a failed send waits in the outbox)."""
    from kontor.services.rewards import invite

    say = Say(lang)
    name = _campaign(campaign or _only_campaign(say), say)
    on = day_option(day, "--date", say) if day else date.today()
    with opened(database, say) as store:
        fx = _run(store, lambda: invite(store.uow(), customer, name, on, channel), say)
        _print_notices(fx, say)
        if send:
            _send(store, say)


@rewards_app.command("action")
def rewards_action(
    customer: str = typer.Argument(..., help="Customer id."),
    action: str = typer.Argument(..., help="portal_registered, app_installed, "
                                           "bill_video_watched, hotline_call, …"),
    campaign: str = typer.Option(None, "--campaign", help="Campaign name; default: the only "
                                                          "shipped one."),
    day: str = typer.Option(None, "--date", help="Day of the action; default: today."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Record a customer's action: it earns its reward once, or says why not (not_invited,
    already_rewarded)."""
    from kontor.services.rewards import record_action

    say = Say(lang)
    name = _campaign(campaign or _only_campaign(say), say)
    on = day_option(day, "--date", say) if day else date.today()
    with opened(database, say) as store:
        _print_notices(_run(store, lambda: record_action(store.uow(), customer, name, action,
                                                         on), say), say)


@notify_app.command("send")
def notify_send(
    tries: int = typer.Option(3, "--tries", min=1, help="Attempts per message in this run."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Send every message waiting in the outbox (e-mail over KONTOR_SMTP_URL, else into files
    under KONTOR_OUTBOX_DIR; SMS into KONTOR_OUTBOX_DIR/sms.jsonl). What cannot be sent stays
    for the next run; the exit code is then 1."""
    say = Say(lang)
    with opened(database, say) as store:
        if not _send(store, say, tries):
            raise typer.Exit(EXIT_NOT_SENT)


@notify_app.command("list")
def notify_list(
    customer: str = typer.Option(None, "--customer", help="Only this customer's messages."),
    pending: bool = typer.Option(False, "--pending", help="Only messages not sent yet."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """The outbox: every message with its channel, recipient, attempts and state."""
    from kontor.services.notify import messages

    say = Say(lang)
    with opened(database, say) as store:
        found = [q for q in messages(store, customer) if q.pending or not pending]
    table = Table(title=say("cli_outbox_title"))
    for key in ("label_customer", "cli_outbox_channel", "cli_outbox_recipient",
                "label_date", "cli_outbox_attempts", "cli_outbox_state"):
        table.add_column(say(key))
    for q in found:
        m = q.message
        state = (say("cli_outbox_sent", at=f"{q.sent_at:%Y-%m-%d %H:%M}") if q.sent_at
                 else say("cli_outbox_waiting", error=q.last_error or "-"))
        table.add_row(m.customer_id, m.channel, m.recipient, str(m.created_on),
                      str(q.attempts), state)
    Console().print(table)


# --- helpers ----------------------------------------------------------------------------------
def _send(store, say: Say, tries: int = 3) -> bool:
    """Send the outbox; True when nothing is left unsent."""
    from kontor.adapters.notify.gateways import GatewayConfigError, gateways
    from kontor.services.notify import send_pending

    try:
        found = gateways()
    except GatewayConfigError as exc:
        fail(str(exc))

    def told(queued, error: str | None) -> None:
        m = queued.message
        if error is None:
            print(say("cli_message_sent", channel=m.channel, recipient=m.recipient,
                      customer=m.customer_id))
        else:
            print(say("cli_message_failed", channel=m.channel, recipient=m.recipient,
                      customer=m.customer_id, error=error), file=sys.stderr)

    done = send_pending(store, found, tries=tries, progress=told)
    print(say("cli_messages_summary", sent=len(done.sent), failed=len(done.failed)))
    return not done.failed


def _run(store, work, say: Say) -> Effects:
    with refusals_end(say):
        return attempt(store, work)


def _print_notices(fx: Effects, say: Say) -> None:
    for notice in fx.notices:
        print(f"{notice.day}: {notice.message(say.lang)}")


def _campaign(name: str, say: Say) -> Campaign | str:
    """A shipped campaign's name, or the campaign in a file (its problems refused)."""
    if name in shipped_campaign_names():
        return name
    path = Path(name)
    if not path.is_file():
        fail(say("cli_unknown_campaign", campaign=name,
                 shipped=", ".join(shipped_campaign_names())))
    try:
        return load_campaign(path)
    except CampaignInvalid as exc:
        fail("\n".join(map(str, exc.problems)))


def _only_campaign(say: Say) -> str:
    names = shipped_campaign_names()
    if len(names) != 1:
        fail(say("cli_campaign_needed", shipped=", ".join(names)))
    return names[0]


def _range(day: str | None, first: str | None, last: str | None, say: Say) -> tuple[date, date]:
    """--date D, or --from A --to B (A ≤ B): the days the run stands for."""
    if day and not (first or last):
        on = day_option(day, "--date", say)
        return on, on
    if first and last and not day:
        a, b = day_option(first, "--from", say), day_option(last, "--to", say)
        if a > b:
            fail(say("cli_range_reversed", first=a, last=b))
        return a, b
    fail(say("cli_rewards_dates"), EXIT_INVALID)
