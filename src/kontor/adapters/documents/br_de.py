"""The XRechnung 3.0 rules (BR-DE-*) that matter for Kontor's invoices, on CII: KoSIT's
validator is Java and not available offline here, so these are checked in Python. Severities
as in the XRechnung schematron (BR-DE-17, -19, -21, -26, -27, -28 are warnings)."""

from __future__ import annotations

import re

from lxml import etree
from stdnum import iban as iban_number

from kontor.adapters.documents.findings import ERROR, NS, WARNING, Finding

XRECHNUNG_3 = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
TYPES = {"326", "380", "384", "389", "381", "875", "876", "877"}
VAT_CATEGORIES_WITH_ID = {"S", "Z", "E", "AE", "K", "G", "L", "M"}
EMAIL = re.compile(r"^[^@\s.][^@\s]*@[^@\s]+\.[^@\s]*[^@\s.]$")

TX = "rsm:SupplyChainTradeTransaction/"
AGREEMENT = TX + "ram:ApplicableHeaderTradeAgreement/"
SETTLEMENT = TX + "ram:ApplicableHeaderTradeSettlement/"
SELLER = AGREEMENT + "ram:SellerTradeParty/"
BUYER = AGREEMENT + "ram:BuyerTradeParty/"
CONTACT = SELLER + "ram:DefinedTradeContact/"
MEANS = SETTLEMENT + "ram:SpecifiedTradeSettlementPaymentMeans"

# rule, severity, path that must hold text (or exist), what it means
REQUIRED = (
    ("BR-DE-1", MEANS, "payment instructions (BG-16) are missing"),
    ("BR-DE-2", SELLER + "ram:DefinedTradeContact", "the seller contact (BG-6) is missing"),
    ("BR-DE-3", SELLER + "ram:PostalTradeAddress/ram:CityName", "seller city (BT-37)"),
    ("BR-DE-4", SELLER + "ram:PostalTradeAddress/ram:PostcodeCode", "seller post code (BT-38)"),
    ("BR-DE-6", CONTACT + "ram:TelephoneUniversalCommunication/ram:CompleteNumber",
     "seller contact telephone (BT-42)"),
    ("BR-DE-7", CONTACT + "ram:EmailURIUniversalCommunication/ram:URIID",
     "seller contact e-mail (BT-43)"),
    ("BR-DE-8", BUYER + "ram:PostalTradeAddress/ram:CityName", "buyer city (BT-52)"),
    ("BR-DE-9", BUYER + "ram:PostalTradeAddress/ram:PostcodeCode", "buyer post code (BT-53)"),
    ("BR-DE-15", AGREEMENT + "ram:BuyerReference", "buyer reference (BT-10)"),
    ("PEPPOL-EN16931-R020", SELLER + "ram:URIUniversalCommunication/ram:URIID",
     "seller electronic address (BT-34), mandatory in XRechnung 3.0"),
    ("PEPPOL-EN16931-R010", BUYER + "ram:URIUniversalCommunication/ram:URIID",
     "buyer electronic address (BT-49), mandatory in XRechnung 3.0"),
)


def _text(root: etree._Element, path: str) -> str:
    node = root.find(path, NS)
    if node is None:
        return ""
    return (node.text or "").strip() or ("x" if len(node) else "")


def xrechnung_findings(root: etree._Element) -> list[Finding]:
    findings = [Finding(rule, ERROR, f"missing: {what}") for rule, path, what in REQUIRED
                if not _text(root, path)]
    if _text(root, SELLER + "ram:DefinedTradeContact") and not (
            _text(root, CONTACT + "ram:PersonName") or _text(root, CONTACT + "ram:DepartmentName")):
        findings.append(Finding("BR-DE-5", ERROR, "missing: seller contact point (BT-41)"))
    return findings + _tax(root) + _codes(root) + _payment(root) + _contact_format(root)


def _tax(root: etree._Element) -> list[Finding]:
    findings = []
    taxes = root.findall(SETTLEMENT + "ram:ApplicableTradeTax", NS)
    if any(not _text(tax, "ram:RateApplicablePercent") for tax in taxes):
        findings.append(Finding("BR-DE-14", ERROR, "a VAT breakdown has no rate (BT-119)"))
    categories = {_text(tax, "ram:CategoryCode") for tax in taxes}
    registrations = {node.get("schemeID") for node in root.iterfind(
        SELLER + "ram:SpecifiedTaxRegistration/ram:ID", NS)}
    has_representative = root.find(AGREEMENT + "ram:SellerTaxRepresentativeTradeParty",
                                   NS) is not None
    if categories & VAT_CATEGORIES_WITH_ID and not (
            registrations & {"VA", "FC"} or has_representative):
        findings.append(Finding("BR-DE-16", ERROR,
                                "seller VAT id (BT-31) or tax number (BT-32) is missing"))
    return findings


def _codes(root: etree._Element) -> list[Finding]:
    findings = []
    type_code = _text(root, "rsm:ExchangedDocument/ram:TypeCode")
    if type_code not in TYPES:
        findings.append(Finding("BR-DE-17", WARNING, f"invoice type code {type_code!r} is not "
                                f"one of {', '.join(sorted(TYPES))}"))
    guideline = _text(root, "rsm:ExchangedDocumentContext/"
                      "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")
    if guideline != XRECHNUNG_3:
        findings.append(Finding("BR-DE-21", WARNING, f"specification identifier {guideline!r} "
                                f"is not XRechnung 3.0's"))
    if type_code == "384" and root.find(SETTLEMENT + "ram:InvoiceReferencedDocument",
                                        NS) is None:
        findings.append(Finding("BR-DE-26", WARNING,
                                "a corrected invoice (384) should name the invoice it corrects"))
    return findings


def _payment(root: etree._Element) -> list[Finding]:
    findings = []
    for means in root.iterfind(MEANS, NS):
        code = _text(means, "ram:TypeCode")
        account = _text(means, "ram:PayeePartyCreditorFinancialAccount/ram:IBANID") or _text(
            means, "ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID")
        if code in ("30", "58") and not account:
            findings.append(Finding("BR-DE-23-a", ERROR,
                                    "credit transfer without the account to pay to (BT-84)"))
        if code in ("30", "58") and (
                means.find("ram:ApplicableTradeSettlementFinancialCard", NS) is not None
                or means.find("ram:PayerPartyDebtorFinancialAccount", NS) is not None):
            findings.append(Finding("BR-DE-23-b", ERROR,
                                    "credit transfer with card or direct debit data"))
        iban = _text(means, "ram:PayeePartyCreditorFinancialAccount/ram:IBANID")
        if code == "58" and not iban_number.is_valid(iban):
            findings.append(Finding("BR-DE-19", WARNING, f"{iban!r} is not a valid IBAN"))
    return findings


def _contact_format(root: etree._Element) -> list[Finding]:
    findings = []
    phone = _text(root, CONTACT + "ram:TelephoneUniversalCommunication/ram:CompleteNumber")
    if phone and len(re.findall(r"\d", phone)) < 3:
        findings.append(Finding("BR-DE-27", WARNING, f"telephone {phone!r} has < 3 digits"))
    email = _text(root, CONTACT + "ram:EmailURIUniversalCommunication/ram:URIID")
    if email and not EMAIL.match(email):
        findings.append(Finding("BR-DE-28", WARNING, f"{email!r} is not an e-mail address"))
    return findings
