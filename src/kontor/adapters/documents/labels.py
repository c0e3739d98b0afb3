"""The words on documents, in German (default) and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "invoice": "Rechnung",
        "credit_note": "Gutschrift",
        "number": "Rechnungsnummer",
        "credit_number": "Gutschriftsnummer",
        "date": "Rechnungsdatum",
        "customer_number": "Kundennummer",
        "period": "Leistungszeitraum",
        "due": "Zahlbar bis",
        "your_vat_id": "Ihre USt-IdNr.",
        "your_vat_id_ch": "Ihre UID",
        "vat_id": "USt-IdNr.",
        "vat_id_ch": "MWST-Nr.",
        "tax_number": "Steuernummer",
        "our_vat_id": "Unsere USt-IdNr.",
        "our_vat_id_ch": "Unsere MWST-Nr.",
        "our_tax_number": "Unsere Steuernummer",
        "service": "Leistung",
        "when": "Zeitraum",
        "quantity": "Menge",
        "unit_price": "Einzelpreis",
        "amount_net": "Betrag netto",
        "amount_gross": "Betrag inkl. MWST",
        "net_at": "Summe netto ({rate})",
        "vat_at": "Umsatzsteuer {rate} auf {base}",
        "net_total": "Summe netto",
        "gross_total": "Rechnungsbetrag brutto",
        "gross_total_ch": "Total inkl. MWST",
        "vat_contained": "darin enthaltene MWST {rate} auf {base} (netto)",
        "rounding": "Rundungsdifferenz (Rappenrundung)",
        "payable": "Zu zahlen",
        "refund": "Guthaben zu Ihren Gunsten",
        "usage": "Verbindungen und Verbrauch im Überblick",
        "usage_service": "Zone / Dienst",
        "usage_quantity": "Menge",
        "usage_amount": "Betrag",
        "pay_by_transfer": ("Bitte überweisen Sie {amount} bis zum {due} auf das Konto {iban}"
                            "{bic} und geben Sie die Rechnungsnummer {number} an."),
        "pay_by_qr": ("Bitte bezahlen Sie {amount} bis zum {due} mit dem Zahlteil auf der "
                      "letzten Seite."),
        "refund_text": "Den Betrag von {amount} erstatten wir Ihnen auf Ihr Konto.",
        "nothing_to_pay": "Es ist nichts zu zahlen.",
        "einvoice_note": ("Diese Rechnung enthält eine elektronische Rechnung nach EN 16931 "
                          "(ZUGFeRD/Factur-X)."),
        "contact": "Fragen zur Rechnung",
        "bank": "Bankverbindung",
        "page": "Seite",
        "payment_part": "Zahlteil",
        "agreement_price": "Kaufpreis des Geräts",
        "agreement_down": "Anzahlung",
        "agreement_financed": "Finanzierter Betrag",
        "agreement_total": "Gesamtbetrag",
        "agreement_instalments": "Ratenplan",
        "agreement_no": "Rate",
        "agreement_month": "für den Monat",
        "agreement_due": "fällig mit der Rechnung vom",
        "agreement_amount": "Betrag",
        "seller": "Verkäufer",
        "buyer": "Käufer",
        "device": "Gerät",
        "subscription": "Zugehöriges Abonnement",
        "plan": "Vertragsnummer",
        "signed_on": "Vertragsbeginn",
        "channel": "Abschluss über",
        "interest_free": ("Die Raten sind zinsfrei. Sie werden mit der monatlichen Rechnung "
                          "des Abonnements erhoben; die letzte Rate gleicht Rundungsdifferenzen "
                          "aus. Das Gerät bleibt bis zur vollständigen Bezahlung Eigentum des "
                          "Verkäufers."),
        "place_date": "Ort, Datum",
        "signature_seller": "Unterschrift Verkäufer",
        "signature_buyer": "Unterschrift Käufer",
    },
    "en": {
        "invoice": "Invoice",
        "credit_note": "Credit note",
        "number": "Invoice number",
        "credit_number": "Credit note number",
        "date": "Invoice date",
        "customer_number": "Customer number",
        "period": "Service period",
        "due": "Due by",
        "your_vat_id": "Your VAT ID",
        "your_vat_id_ch": "Your UID",
        "vat_id": "VAT ID",
        "vat_id_ch": "VAT no.",
        "tax_number": "Tax number",
        "our_vat_id": "Our VAT ID",
        "our_vat_id_ch": "Our VAT no.",
        "our_tax_number": "Our tax number",
        "service": "Service",
        "when": "Period",
        "quantity": "Quantity",
        "unit_price": "Unit price",
        "amount_net": "Net amount",
        "amount_gross": "Amount incl. VAT",
        "net_at": "Net total ({rate})",
        "vat_at": "VAT {rate} on {base}",
        "net_total": "Net total",
        "gross_total": "Invoice total",
        "gross_total_ch": "Total incl. VAT",
        "vat_contained": "of which VAT {rate} on {base} (net)",
        "rounding": "Rounding difference (to 0.05)",
        "payable": "Amount due",
        "refund": "Credit in your favour",
        "usage": "Calls and usage at a glance",
        "usage_service": "Zone / service",
        "usage_quantity": "Quantity",
        "usage_amount": "Amount",
        "pay_by_transfer": ("Please transfer {amount} by {due} to account {iban}{bic}, "
                            "quoting invoice number {number}."),
        "pay_by_qr": "Please pay {amount} by {due} with the payment part on the last page.",
        "refund_text": "We will refund {amount} to your account.",
        "nothing_to_pay": "Nothing is due.",
        "einvoice_note": ("This invoice contains an electronic invoice under EN 16931 "
                          "(ZUGFeRD/Factur-X)."),
        "contact": "Questions about this invoice",
        "bank": "Bank account",
        "page": "Page",
        "payment_part": "Payment part",
        "agreement_price": "Price of the device",
        "agreement_down": "Down payment",
        "agreement_financed": "Amount financed",
        "agreement_total": "Total amount",
        "agreement_instalments": "Instalment plan",
        "agreement_no": "Instalment",
        "agreement_month": "for the month",
        "agreement_due": "billed on the invoice of",
        "agreement_amount": "Amount",
        "seller": "Seller",
        "buyer": "Buyer",
        "device": "Device",
        "subscription": "Subscription",
        "plan": "Agreement number",
        "signed_on": "Start of agreement",
        "channel": "Concluded via",
        "interest_free": ("The instalments are free of interest. They are charged on the "
                          "monthly invoice of the subscription; the last instalment settles "
                          "rounding differences. The device remains the seller's property until "
                          "it is paid in full."),
        "place_date": "Place, date",
        "signature_seller": "Signature seller",
        "signature_buyer": "Signature buyer",
    },
}

TITLES = {"Kauf- und Ratenzahlungsvereinbarung": {
    "en": "Purchase and instalment agreement"}}


def label(lang: str, key: str, **params: object) -> str:
    words = LABELS.get(lang, LABELS["de"])
    return words[key].format(**params) if params else words[key]


def title(lang: str, german: str) -> str:
    """A domain title (German) in the document's language."""
    return german if lang == "de" else TITLES.get(german, {}).get(lang, german)
