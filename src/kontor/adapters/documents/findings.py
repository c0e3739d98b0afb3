"""A finding of a validation (rule id, severity, text, where), and Kontor's own line check."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lxml import etree

from kontor.adapters.documents.lines_cii import arithmetic_holds

ERROR, WARNING = "error", "warning"
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
LINE_RULE = "KONTOR-LINE-1"


@dataclass(frozen=True)
class Finding:
    rule: str  # BR-CO-15, BR-DE-15, XSD, KONTOR-LINE-1
    severity: str  # error | warning
    message: str
    location: str = ""

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"{self.severity} {self.rule}: {self.message}{where}"


def number(node: etree._Element, path: str, default: str | None = None) -> Decimal | None:
    text = node.findtext(path, namespaces=NS)
    try:
        return Decimal(text.strip()) if text and text.strip() else (
            Decimal(default) if default is not None else None)
    except InvalidOperation:
        return None


def line_findings(root: etree._Element) -> list[Finding]:
    """KONTOR-LINE-1: a line's net amount (BT-131) is quantity (BT-129) × net price (BT-146)
    / base quantity (BT-149), minus line allowances, plus line charges, within a cent."""
    findings = []
    lines = root.iterfind("rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem",
                          NS)
    for line in lines:
        quantity = number(line, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")
        price_path = "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/"
        price = number(line, price_path + "ram:ChargeAmount")
        basis = number(line, price_path + "ram:BasisQuantity", "1")
        settlement = line.find("ram:SpecifiedLineTradeSettlement", NS)
        amount = number(line, "ram:SpecifiedLineTradeSettlement/"
                        "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")
        if None in (quantity, price, basis, amount) or settlement is None:
            continue  # the XSD and the schematron report missing parts
        adjusted = amount - _allowances_and_charges(settlement)  # type: ignore[operator]
        if not arithmetic_holds(quantity, price, basis, adjusted):  # type: ignore[arg-type]
            ident = line.findtext("ram:AssociatedDocumentLineDocument/ram:LineID",
                                  namespaces=NS)
            findings.append(Finding(
                LINE_RULE, ERROR,
                f"line {ident}: quantity {quantity} × price {price} / {basis} is not the line "
                f"amount {amount}", f"line {ident}"))
    return findings


def _allowances_and_charges(settlement: etree._Element) -> Decimal:
    total = Decimal(0)
    for item in settlement.iterfind("ram:SpecifiedTradeAllowanceCharge", NS):
        amount = number(item, "ram:ActualAmount") or Decimal(0)
        charge = (item.findtext("ram:ChargeIndicator/udt:Indicator", namespaces=NS) or "")
        total += amount if charge.strip() == "true" else -amount
    return total
