"""The itemised call list (Einzelverbindungsnachweis) as a section of the invoice PDF, on its
own page after the usage summary: per month every call and SMS, the data sessions summed, the
month's total; the list is made in domain/invoicing/call_list.py."""

from __future__ import annotations

from decimal import Decimal

from kontor.adapters.documents.formatting import Formats
from kontor.adapters.documents.html_parts import e
from kontor.adapters.documents.labels import LABELS, label
from kontor.domain.invoicing.call_list import (
    CallMonth,
    ItemisedCall,
    ItemisedCalls,
    duration_text,
)
from kontor.domain.usage import SMS

MB = Decimal(1024 * 1024)
TENTH = Decimal("0.1")
COLUMNS = ("call_date", "call_time", "call_line", "call_number", "call_destination",
           "call_duration", "call_amount")


def call_list_html(calls: ItemisedCalls, lang: str, fmt: Formats, currency: str) -> str:
    several = len({c.subscription for m in calls.months for c in m.calls}) > 1
    notes = [label(lang, "call_list_masked" if calls.masked else "call_list_full"),
             label(lang, "call_list_rounding")]
    if any(month.data for month in calls.months):
        notes.append(label(lang, "call_list_data"))
    parts = [f"<h2>{e(label(lang, 'call_list'))}</h2>",
             f'<p class="muted">{e(" ".join(notes))}</p>']
    for month in calls.months:
        parts.append(_month(month, lang, fmt, currency, several))
    parts.append(f'<table class="totals"><tr class="sum"><td>{e(label(lang, "call_total"))}'
                 f'</td><td class="num">{e(fmt.money(calls.due, currency))}</td></tr></table>')
    if not calls.matches:
        billed = fmt.money(calls.billed, currency)
        parts.append(f'<p class="muted">'
                     f'{e(label(lang, "call_billed_differs", amount=billed))}</p>')
    return f'<div class="call-list">{"".join(parts)}</div>'


def _month(month: CallMonth, lang: str, fmt: Formats, currency: str, several: bool) -> str:
    head = "".join(f'<th class="{"num" if key in ("call_duration", "call_amount") else ""}">'
                   f"{e(label(lang, key))}"
                   f"{f' ({e(currency)})' if key == 'call_amount' else ''}</th>"
                   for key in COLUMNS)
    rows = [_row(call, lang, fmt, several) for call in month.calls]
    if month.data:
        volume = fmt.number((Decimal(month.data.volume_bytes) / MB).quantize(TENTH))
        text = label(lang, "call_data", sessions=month.data.sessions, volume=volume)
        rows.append(f'<tr><td colspan="6">{e(text)}</td>'
                    f'<td class="num">{e(fmt.precise(month.data.amount))}</td></tr>')
    rows.append(f'<tr class="sum"><td colspan="6">'
                f"{e(label(lang, 'call_month_total', month=fmt.month(month.month)))}</td>"
                f'<td class="num">{e(fmt.amount(month.due))}</td></tr>')
    return (f"<h3>{e(fmt.month(month.month))}</h3>"
            f'<table class="lines"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _row(call: ItemisedCall, lang: str, fmt: Formats, several: bool) -> str:
    line = f"{call.subscriber} · {call.subscription}" if several else call.subscriber
    size = (label(lang, "call_sms", count=1) if call.service == SMS
            else duration_text(call.seconds))
    cells = [fmt.day(call.at.date()), call.at.strftime("%H:%M:%S"), line, call.number,
             _destination(call, lang)]
    return ("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in cells)
            + f'<td class="num">{e(size)}</td>'
            f'<td class="num">{e(fmt.precise(call.amount))}</td></tr>')


def _destination(call: ItemisedCall, lang: str) -> str:
    """Zone (or country) and kind of the number called; "included" where a package, the pool
    or the tariff covered the call."""
    words = LABELS.get(lang, LABELS["de"])
    where = words.get(f"zone_{call.zone}", (call.zone or "").upper()) if call.zone else (
        call.country or "")
    kind = words.get(f"kind_{call.kind}", call.kind or "")
    text = ", ".join(x for x in (where, kind) if x)
    return f"{text} · {label(lang, 'call_included')}" if call.covered else text
