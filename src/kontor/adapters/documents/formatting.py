"""Numbers, money and dates in the reader's locale (babel): 1.234,56 € and 01.01.2026 for a
German reader in Germany, CHF 1’234.55 in Switzerland. Amounts are quantized before they are
formatted, so babel never rounds (money stays Decimal; formatting only writes it out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from kontor.domain.money import CENT

AMOUNT = "#,##0.00"
PRECISE = "#,##0.0000"
TEN_THOUSANDTH = Decimal("0.0001")


def locale_for(lang: str, country: str) -> str:
    """`de` + `CH` -> `de_CH`; a pair babel does not know falls back to the language."""
    try:
        return str(Locale.parse(f"{lang}_{country}"))
    except (UnknownLocaleError, ValueError):
        return lang


@dataclass(frozen=True)
class Formats:
    """How one document writes numbers: `Formats("de_DE").money(x, "EUR")` -> `1.234,56 €`."""

    locale: str

    @property
    def lang(self) -> str:
        return self.locale.split("_")[0]

    def amount(self, value: Decimal) -> str:
        """An amount without currency, always two decimals: 1.234,56."""
        return format_decimal(value.quantize(CENT), format=AMOUNT, locale=self.locale)

    def price(self, value: Decimal) -> str:
        """A unit price as exact as the catalog gives it, at least two decimals: 6,50, 0,015
        (a per-minute price rounded to cents would not multiply to the line's amount)."""
        return self.number(value, at_least=2)

    def precise(self, value: Decimal) -> str:
        """An informational amount to four decimals, rounded half up (a call's unrounded
        charge in the itemised call list): 0,1125."""
        return format_decimal(value.quantize(TEN_THOUSANDTH, ROUND_HALF_UP), format=PRECISE,
                              locale=self.locale)

    def money(self, value: Decimal, currency: str) -> str:
        """1.234,56 € in Germany; francs as the Swiss write them: CHF 1’234.55, CHF -0.02."""
        if currency == "CHF":
            return f"CHF {self.amount(value)}"
        return format_currency(value.quantize(CENT), currency, locale=self.locale)

    def number(self, value: Decimal, at_least: int = 0) -> str:
        """A quantity as exact as it is (10, 12,5, 123,45), grouped: 6.500.000; with at least
        `at_least` decimals."""
        places = max(at_least, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, rate: Decimal) -> str:
        """A VAT rate in percent: 19 %, 8,1 % (8.1 % in Switzerland)."""
        return f"{self.number(rate)} %"

    def day(self, value: date) -> str:
        return format_date(value, "medium", locale=self.locale)

    def span(self, first: date, last: date) -> str:
        return self.day(first) if first == last else f"{self.day(first)} – {self.day(last)}"

    def month(self, value: date) -> str:
        return format_date(value, "MMMM yyyy", locale=self.locale)
