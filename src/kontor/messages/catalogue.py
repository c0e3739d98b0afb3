"""Every sentence of a refusal or notice, German and English. Keys are stable; a new rule adds its
sentence here in both languages (tests check that both exist and take the same parameters)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- refusals: subscriptions ------------------------------------------------------------
    "no_subscription_named": {
        "de": "Es ist kein Abo angegeben.",
        "en": "No subscription was named."},
    "unknown_customer": {
        "de": "Einen Kunden '{customer}' gibt es nicht.",
        "en": "There is no customer '{customer}'."},
    "unknown_catalog": {
        "de": "Einen Katalog '{catalog}' gibt es nicht (geladen: {loaded}).",
        "en": "There is no catalog '{catalog}' (loaded: {loaded})."},
    "catalogs_mix_currencies": {
        "de": "Die Kataloge {catalogs} haben verschiedene Währungen.",
        "en": "The catalogs {catalogs} have different currencies."},
    "catalog_version_changed": {
        "de": "Der Katalog '{catalog}' Version {version} ist schon mit anderem Inhalt geladen; eine Änderung braucht eine neue Version.",
        "en": "Catalog '{catalog}' version {version} is already loaded with other content; a change needs a new version."},
    "customer_exists": {
        "de": "Einen Kunden '{customer}' gibt es bereits.",
        "en": "A customer '{customer}' already exists."},
    "unknown_role": {
        "de": "Eine Rolle '{role}' gibt es nicht (möglich: {roles}).",
        "en": "There is no role '{role}' (one of {roles})."},
    "customer_key_needs_customer": {
        "de": "Ein Kundenschlüssel braucht einen Kunden (--customer).",
        "en": "A customer key needs a customer (--customer)."},
    "unknown_subscription": {
        "de": "Ein Abo '{subscription}' gibt es für diesen Kunden nicht.",
        "en": "This customer has no subscription '{subscription}'."},
    "subscription_exists": {
        "de": "Ein Abo '{subscription}' gibt es bereits.",
        "en": "A subscription '{subscription}' already exists."},
    "not_subscribable": {
        "de": "'{product}' kann nicht abonniert werden.",
        "en": "'{product}' cannot be subscribed to."},
    "no_trial": {
        "de": "'{product}' hat keine Testphase.",
        "en": "'{product}' has no trial."},
    "no_combined_price": {
        "de": "'{product}' hat keinen Kombi-Preis für {combined}.",
        "en": "'{product}' has no combined price for {combined}."},
    "no_aio": {
        "de": "'{product}' kennt keinen AiO-Rabatt.",
        "en": "'{product}' has no All-in-One discount."},
    "not_an_option": {
        "de": "'{option}' ist keine Option von '{product}'.",
        "en": "'{option}' is not an option of '{product}'."},
    "option_already_booked": {
        "de": "Die Option '{option}' ist bereits gebucht.",
        "en": "The option '{option}' is already booked."},
    "option_not_booked": {
        "de": "Die Option '{option}' ist nicht gebucht.",
        "en": "The option '{option}' is not booked."},
    "subscription_ended": {
        "de": "Das Abo '{subscription}' ist seit dem {end} beendet.",
        "en": "The subscription '{subscription}' ended on {end}."},
    "already_cancelled": {
        "de": "Das Abo '{subscription}' ist bereits zum {end} gekündigt.",
        "en": "The subscription '{subscription}' is already cancelled to {end}."},
    "plan_unchanged": {
        "de": "Das Abo '{subscription}' hat bereits '{product}'.",
        "en": "The subscription '{subscription}' already has '{product}'."},
    "plan_change_not_allowed": {
        "de": "Von '{current}' kann nicht auf '{target}' gewechselt werden.",
        "en": "'{current}' cannot be changed to '{target}'."},
    "downgrade_locked": {
        "de": "Ein Downgrade ist erst {days} Tage nach dem Upgrade vom {upgraded} möglich, also "
              "frühestens zum {earliest}; früher nur per Ticket beim Kundendienst.",
        "en": "A downgrade is possible only {days} days after the upgrade of {upgraded}, so on "
              "{earliest} at the earliest; earlier only with a ticket through customer service."},
    "licence_limit": {
        "de": "Höchstens {limit} Lizenzen je Kunde möglich; verlangt wären {total}.",
        "en": "At most {limit} licences per customer; this would make {total}."},
    "quantity_above_maximum": {
        "de": "Höchstens {maximum} Einheiten von '{product}' möglich; verlangt sind {quantity}.",
        "en": "At most {maximum} units of '{product}' are possible; {quantity} were asked for."},
    "quantity_zero": {
        "de": "Die Anzahl von '{product}' kann nicht 0 werden: das Ende aller Lizenzen ist eine "
              "Kündigung (cancel), mit Mindestlaufzeit und Kündigungsfrist.",
        "en": "The quantity of '{product}' cannot become 0: ending every licence is a "
              "cancellation (cancel), with its minimum term and notice period."},
    "no_base_package": {
        "de": "'{product}' setzt ein laufendes Basispaket voraus; am {day} hat der Kunde keines.",
        "en": "'{product}' needs a running base package; the customer has none on {day}."},
    "no_pools": {
        "de": "'{product}' hat keine Pools.",
        "en": "'{product}' has no pools."},
    "sim_active": {
        "de": "Die SIM '{sim}' ist bereits aktiv.",
        "en": "The SIM '{sim}' is already active."},
    "sim_unknown": {
        "de": "Eine aktive SIM '{sim}' gibt es nicht.",
        "en": "There is no active SIM '{sim}'."},
    "not_one_time": {
        "de": "'{product}' ist keine einmalige Leistung.",
        "en": "'{product}' is not a one-time service."},
    "unknown_product": {
        "de": "Das Produkt '{product}' gibt es im Katalog {catalogs} nicht.",
        "en": "There is no product '{product}' in the catalog {catalogs}."},
    "not_supported_yet": {
        "de": "'{event}' ({what}) wird von dieser Kontor-Version noch nicht unterstützt; das "
              "Ereignis wurde nicht angewendet.",
        "en": "'{event}' ({what}) is not supported by this version of Kontor yet; the event "
              "was not applied."},
    "usage_refused": {
        "de": "Die Nutzungsdaten konnten nicht gelesen werden: {reason}",
        "en": "The usage records could not be read: {reason}"},
    # --- refusals: device plans ----------------------------------------------------------------
    "device_plan_exists": {
        "de": "Einen Geräteplan '{plan}' gibt es bereits.",
        "en": "A device plan '{plan}' already exists."},
    "unknown_device_plan": {
        "de": "Einen Geräteplan '{plan}' gibt es für diesen Kunden nicht.",
        "en": "This customer has no device plan '{plan}'."},
    "device_plan_needs_subscription": {
        "de": "Das Abo '{subscription}' ist am {day} nicht aktiv; ohne Abo gibt es keinen "
              "Geräteplan.",
        "en": "The subscription '{subscription}' is not active on {day}; there is no device "
              "plan without a subscription."},
    "subscription_ending": {
        "de": "Das Abo '{subscription}' ist bereits zum {end} gekündigt; ein neuer Geräteplan ist "
              "darauf nicht mehr möglich.",
        "en": "The subscription '{subscription}' is already cancelled to {end}; no new device "
              "plan can be activated on it."},
    "installments_not_allowed": {
        "de": "{installments} Raten sind für '{product}' nicht möglich (erlaubt: {allowed}).",
        "en": "{installments} instalments are not possible for '{product}' (allowed: "
              "{allowed})."},
    "too_many_decimals": {
        "de": "'{field}' {value} hat mehr als zwei Nachkommastellen.",
        "en": "'{field}' {value} has more than two decimal places."},
    "device_price_not_positive": {
        "de": "Der Gerätepreis muss größer als 0 sein (angegeben: {price}).",
        "en": "The device price must be above 0 (given: {price})."},
    "down_payment_out_of_range": {
        "de": "Die Anzahlung muss zwischen 0 und dem Gerätepreis liegen (Preis {price}, "
              "Anzahlung {down_payment}).",
        "en": "The down payment must lie between 0 and the device price (price {price}, down "
              "payment {down_payment})."},
    "device_plan_ended": {
        "de": "Der Geräteplan '{plan}' ist bereits zum {end} beendet.",
        "en": "The device plan '{plan}' already ended on {end}."},
    "device_plan_min_duration": {
        "de": "Der Geräteplan '{plan}' kann frühestens 120 Tage nach der Aktivierung "
              "({activated}) enden, also am {earliest}; früher nur mit Übersteuerung.",
        "en": "The device plan '{plan}' can end 120 days after its activation ({activated}) at "
              "the earliest, that is on {earliest}; earlier only with an override."},
    "no_retroactive_cancel": {
        "de": "Ein Geräteplan kann nicht rückwirkend gekündigt werden.",
        "en": "A device plan cannot be cancelled retroactively."},
    "device_plan_taken": {
        "de": "Das Abo '{subscription}' hat bereits den aktiven Geräteplan '{plan}'; pro Abo ist "
              "nur einer möglich.",
        "en": "The subscription '{subscription}' already has the active device plan '{plan}'; "
              "one per subscription is possible."},
    "subscription_not_active": {
        "de": "Das Abo '{subscription}' ist nicht aktiv.",
        "en": "The subscription '{subscription}' is not active."},
    # --- notices -------------------------------------------------------------------------------
    "device_plan_replaced": {
        "de": "Geräteplan {old} endet durch den neuen Geräteplan {new}; der Restbetrag wird "
              "sofort fällig.",
        "en": "Device plan {old} ends because of the new device plan {new}; its remaining "
              "amount is due at once."},
    "device_shipment": {
        "de": "Bestellung abgeschlossen: {device} (Geräteplan {plan}) wird zum Versand "
              "freigegeben.",
        "en": "Order completed: {device} (device plan {plan}) is released for shipping."},
    "orphan_device_plan": {
        "de": "Geräteplan {plan} ({device}) hat kein Abo: bitte mit dem neuen Abo verknüpfen "
              "(link_device_plan).",
        "en": "Device plan {plan} ({device}) has no subscription: please link it to the new "
              "subscription (link_device_plan)."},
    "cancellation_confirmed": {
        "de": "Abo {subscription} {how} gekündigt; reguläres Vertragsende {end}, letzter "
              "Leistungstag {last_day}.",
        "en": "Subscription {subscription} cancelled ({how}); regular end of contract {end}, "
              "last day of service {last_day}."},
    "how_regular": {"de": "ordentlich", "en": "regular"},
    "how_immediate": {"de": "sofort", "en": "immediately"},
    "how_immediate_billed": {
        "de": "sofort, Kündigungsfrist verrechnet",
        "en": "immediately, notice period billed"},
    "bill_notice_ignored": {
        "de": "bill_notice gilt nur für eine sofortige Kündigung; bei der ordentlichen Kündigung "
              "von {subscription} wird ohnehin bis zum Vertragsende {end} abgerechnet.",
        "en": "bill_notice applies to an immediate cancellation only; the regular cancellation "
              "of {subscription} is billed up to its end of contract {end} anyway."},
    # --- refusals: catalog versions ------------------------------------------------------------
    "product_not_yet_valid": {
        "de": "Das Produkt '{product}' gibt es im Katalog {catalog} erst ab dem {valid_from}, "
              "nicht schon am {day}.",
        "en": "The product '{product}' exists in the catalog {catalog} from {valid_from} only, "
              "not yet on {day}."},
    # --- the REST API (entrypoints/api) ----------------------------------------------------
    "api_unauthorized": {
        "de": "Ein gültiger API-Schlüssel fehlt (Authorization: Bearer … oder X-API-Key).",
        "en": "A valid API key is missing (Authorization: Bearer … or X-API-Key)."},
    "api_forbidden": {
        "de": "Das darf nur ein Betreiberschlüssel, kein Kundenschlüssel.",
        "en": "Only an operator key may do this, not a customer key."},
    "api_not_found": {
        "de": "Unter '{path}' gibt es nichts.",
        "en": "There is nothing at '{path}'."},
    "api_unknown_invoice": {
        "de": "Eine Rechnung '{number}' gibt es nicht.",
        "en": "There is no invoice '{number}'."},
    "api_unknown_quarantine_entry": {
        "de": "Einen Quarantäne-Eintrag {entry} gibt es für diesen Kunden nicht.",
        "en": "This customer has no quarantine entry {entry}."},
    "api_method_not_allowed": {
        "de": "Die Methode {method} ist hier nicht erlaubt.",
        "en": "The method {method} is not allowed here."},
    "api_invalid_request": {
        "de": "Die Anfrage ist ungültig (Fehler: {count}, siehe errors).",
        "en": "The request is invalid (errors: {count}, see errors)."},
    "api_internal_error": {
        "de": "Ein interner Fehler ist aufgetreten.",
        "en": "An internal error occurred."},
    "unknown_region": {
        "de": "'{region}' ist kein Bundesland oder Kanton von {country} mit bekannten Feiertagen "
              "(möglich: {regions}).",
        "en": "'{region}' is no region of {country} with known public holidays (one of "
              "{regions})."},
    # --- labels of the readable output of kontor simulate -----------------------------------
    "label_invoice": {"de": "Rechnung {number} vom {date} — {customer}",
                      "en": "Invoice {number} of {date} — {customer}"},
    "label_service": {"de": "Leistung", "en": "Service"},
    "label_kind": {"de": "Art", "en": "Kind"},
    "label_quantity": {"de": "Menge", "en": "Quantity"},
    "label_price": {"de": "Preis", "en": "Price"},
    "label_amount": {"de": "Betrag {currency}", "en": "Amount {currency}"},
    "label_net": {"de": "Netto", "en": "Net"},
    "label_vat": {"de": "MwSt. {rate} % auf {base}", "en": "VAT {rate} % on {base}"},
    "label_gross": {"de": "Brutto", "en": "Gross"},
    "label_rounding": {"de": "Rundung", "en": "Rounding"},
    "label_payable": {"de": "Zu zahlen", "en": "Payable"},
    "label_no_invoices": {"de": "Keine Rechnungen im simulierten Zeitraum.",
                          "en": "No invoices in the simulated period."},
    "label_rejected": {"de": "Abgelehnte Ereignisse", "en": "Refused events"},
    "label_notices": {"de": "Hinweise", "en": "Notices"},
    "label_balances": {"de": "Guthaben am Ende", "en": "Balances at the end"},
    "label_audit": {"de": "Übersteuerungen (Audit)", "en": "Overrides (audit)"},
}
