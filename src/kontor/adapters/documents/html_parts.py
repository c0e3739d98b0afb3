"""Pieces of HTML every document shares: the page, the issuer's footer, address blocks."""

from __future__ import annotations

from html import escape

from kontor.adapters.documents.labels import label
from kontor.adapters.documents.styles import CSS
from kontor.domain.account import Customer
from kontor.domain.catalog import Issuer

COUNTRY_NAMES = {"de": {"DE": "Deutschland", "CH": "Schweiz", "AT": "Österreich"},
                 "en": {"DE": "Germany", "CH": "Switzerland", "AT": "Austria"}}


def e(text: object) -> str:
    return escape(str(text))


def page(title: str, lang: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>{body}</body></html>")


def vat_label(issuer: Issuer, lang: str) -> str:
    return label(lang, "vat_id_ch" if issuer.country == "CH" else "vat_id")


def issuer_head(issuer: Issuer) -> str:
    return (f'<div class="issuer">{e(issuer.name)}</div>'
            f'<div class="issuer-address">{e(" · ".join(issuer.address_lines))}</div>')


def recipient(issuer: Issuer, customer: Customer, lang: str) -> str:
    """The address window: a small sender line, then the customer's name and address."""
    sender = " · ".join([issuer.name, *issuer.address_lines])
    lines = [customer.name, *customer.address]
    if customer.country != issuer.country:
        lines.append(COUNTRY_NAMES.get(lang, {}).get(customer.country, customer.country))
    body = "<br>".join(e(line) for line in lines)
    return f'<div class="recipient"><div class="sender-line">{e(sender)}</div>{body}</div>'


def head(left: str, right: str) -> str:
    """The address window on the left, the facts (number, dates, …) on the right."""
    return (f'<table class="head"><tr><td class="left">{left}</td>'
            f'<td class="right">{right}</td></tr></table>')


def meta_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><td class="k">{e(k)}</td><td>{e(v)}</td></tr>' for k, v in rows if v)
    return f'<table class="meta">{cells}</table>'


def footer(issuer: Issuer, lang: str) -> str:
    """The issuer's mandatory details on every page: address, VAT id, register, bank, contact."""
    first = [issuer.name, *issuer.address_lines]
    if issuer.vat_id:
        first.append(f"{vat_label(issuer, lang)} {issuer.vat_id}")
    elif issuer.tax_number:
        first.append(f"{label(lang, 'tax_number')} {issuer.tax_number}")
    columns = [first, [issuer.register] if issuer.register else []]
    if issuer.bank:
        bank = issuer.bank
        columns.append([label(lang, "bank"), bank.bank, f"IBAN\u00a0{_iban(bank.iban)}",
                        f"BIC {bank.bic}" if bank.bic else ""])
    if issuer.contact:
        c = issuer.contact
        columns.append([label(lang, "contact"), c.name, c.phone, c.email])
    cells = "".join("<div>" + "<br>".join(e(x) for x in col if x) + "</div>"
                    for col in columns if col)
    return f'<div class="footer" style="position: running(footer)">{cells}</div>'


def _iban(iban: str) -> str:
    return "\u00a0".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def iban_text(iban: str) -> str:
    """An IBAN in groups of four, as people read it."""
    return _iban(iban)
