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
        "de": "Der Katalog '{catalog}' Version {version} ist schon mit anderem Inhalt "
              "geladen; eine Änderung braucht eine neue Version.",
        "en": "Catalog '{catalog}' version {version} is already loaded with other content; "
              "a change needs a new version."},
    "cli_bill_progress": {"de": "Abrechnung {day}", "en": "Billing {day}"},
    "cli_bill_queued": {
        "de": "{customers} {customers:Kunde|Kunden} in {jobs} {jobs:Auftrag|Aufträgen} eingereiht; "
              "`kontor worker` arbeitet sie ab.",
        "en": "{customers} {customers:customer|customers} queued in {jobs} {jobs:job|jobs}; "
              "`kontor worker` takes them."},
    "cli_bill_workers_failed": {
        "de": "{failed} Worker mit Fehler beendet; `kontor bill` erneut starten setzt fort.",
        "en": "{failed} {failed:worker|workers} ended with an error; run `kontor bill` again to "
              "resume."},
    "cli_bill_title": {"de": "Rechnungen vom {day}", "en": "Invoices of {day}"},
    "vat_id_invalid": {
        "de": "'{value}' ist keine USt-IdNr. (DE123456789, CHE-123.456.789 MWST oder die eines "
              "anderen EU-Landes).",
        "en": "'{value}' is no VAT id (DE123456789, CHE-123.456.789 MWST or another EU "
              "country's)."},
    "not_a_billing_date": {
        "de": "{day} ist kein Abrechnungstag: abgerechnet wird am 1. jedes Monats "
              "(z. B. {first}).",
        "en": "{day} is not a billing date: billing is on the 1st of every month "
              "(e.g. {first})."},
    "cli_bill_not_a_billing_date": {
        "de": "{day} ist kein Abrechnungstag: abgerechnet wird am 1. jedes Monats "
              "(z. B. --date {first}).",
        "en": "{day} is not a billing date: billing is on the 1st of every month "
              "(e.g. --date {first})."},
    "cli_bill_done": {
        "de": "{count} neue {count:Rechnung|Rechnungen} in {seconds} s ({rate}/s)",
        "en": "{count} new {count:invoice|invoices} in {seconds} s ({rate}/s)"},
    "cli_bill_left": {"de": "noch offen: {customers} {customers:Kunde|Kunden}",
                      "en": "still due: {customers} {customers:customer|customers}"},
    "cli_bad_choice": {"de": "{option} {value!r}: erlaubt sind {allowed}.",
                       "en": "{option} {value!r}: must be one of {allowed}."},
    "cli_bad_date": {"de": "{option} {value!r} ist kein Datum (JJJJ-MM-TT).",
                     "en": "{option} {value!r} is not a date (YYYY-MM-DD)."},
    "demo_customers": {"de": "Beispielkunden und ihr Januar", "en": "Example customers and "
                                                                       "their January"},
    "demo_title": {"de": "Rechnungen zum 01.02.2026 in {database}",
                   "en": "Invoices of 2026-02-01 in {database}"},
    "demo_summary": {
        "de": "{customers} {customers:Kunde|Kunden} im Bestand ({new} neu), {invoices} "
              "{invoices:Rechnung|Rechnungen} erstellt, in {seconds} s.",
        "en": "{customers} {customers:customer|customers} in the store ({new} new), {invoices} "
              "{invoices:invoice|invoices} issued, in {seconds} s."},
    "demo_documents": {
        "de": "{count} {count:Dokument|Dokumente} der Beispielkunden (Rechnungs-PDFs, "
              "XRechnung, Ratenzahlungsvereinbarung) in {out}",
        "en": "{count} {count:document|documents} of the example customers (invoice PDFs, "
              "XRechnung, instalment agreement) in {out}"},
    "demo_next": {
        "de": "Weiter:\n  .venv/bin/kontor invoices list --customer {first}\n"
              "  .venv/bin/kontor keys create --role operator   (Schlüssel für die API)\n"
              "  .venv/bin/kontor serve   und dann http://127.0.0.1:8000/docs öffnen\n"
              "  .venv/bin/kontor simulate examples/aut-pbx.yaml   (ein Kunde, Monat für "
              "Monat)",
        "en": "Next:\n  .venv/bin/kontor invoices list --customer {first}\n"
              "  .venv/bin/kontor keys create --role operator   (a key for the API)\n"
              "  .venv/bin/kontor serve   then open http://127.0.0.1:8000/docs\n"
              "  .venv/bin/kontor simulate examples/aut-pbx.yaml   (one customer, month by "
              "month)"},
    "cli_worker_needs_postgresql": {
        "de": "Ein Worker braucht PostgreSQL (KONTOR_DATABASE_URL); auf SQLite arbeitet "
              "`kontor bill` die Aufträge selbst ab.",
        "en": "A worker needs PostgreSQL (KONTOR_DATABASE_URL); on SQLite `kontor bill` runs "
              "the batches itself."},
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
        "de": "Höchstens {maximum} {maximum:Einheit|Einheiten} von '{product}' möglich; "
              "verlangt {quantity:ist|sind} {quantity}.",
        "en": "At most {maximum} {maximum:unit|units} of '{product}' {maximum:is|are} "
              "possible; {quantity} {quantity:was|were} asked for."},
    "quantity_at_least_one": {
        "de": "Die Anzahl von '{product}' muss mindestens 1 sein.",
        "en": "The quantity of '{product}' must be at least 1."},
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
    "sim_in_other_pool": {
        "de": "Die SIM '{sim}' gehört zum Pool '{pool}', nicht zu '{subscription}'.",
        "en": "The SIM '{sim}' belongs to the pool '{pool}', not to '{subscription}'."},
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
    "unknown_campaign": {
        "de": "Eine Aktion '{campaign}' gibt es nicht (ausgeliefert: {shipped}).",
        "en": "There is no campaign '{campaign}' (shipped: {shipped})."},
    "unknown_campaign_action": {
        "de": "Die Aktion '{campaign}' kennt den Anlass '{action}' nicht (bekannt: {actions}).",
        "en": "The campaign '{campaign}' knows no action '{action}' (known: {actions})."},
    "channel_not_offered": {
        "de": "Die Aktion '{campaign}' lädt nicht per '{channel}' ein (nur: {channels}).",
        "en": "The campaign '{campaign}' does not invite by '{channel}' (only: {channels})."},
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
    "change_after_end": {
        "de": "Das Abo '{subscription}' ist gekündigt (letzter Leistungstag {end}); eine "
              "Änderung ab {effective} wird nicht mehr wirksam.",
        "en": "The subscription '{subscription}' is cancelled (last day of service {end}); a "
              "change from {effective} no longer takes effect."},
    "subscription_ending": {
        "de": "Das Abo '{subscription}' ist bereits zum {end} gekündigt; ein Geräteplan kann "
              "darauf nicht mehr aktiviert oder mit ihm verknüpft werden.",
        "en": "The subscription '{subscription}' is already cancelled to {end}; no device plan "
              "can be activated on it or linked to it any more."},
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
    "campaign_invited": {
        "de": "Einladung zur Aktion „{campaign}“ erfasst (Kanal: {channel}).",
        "en": "Invitation to the campaign \"{campaign}\" recorded (channel: {channel})."},
    "invitation_no_recipient": {
        "de": "Einladung zur Aktion „{campaign}“ nicht versandt: dem Kunden fehlt die Adresse "
              "für den Kanal {channel} (E-Mail-Adresse bzw. Mobilnummer).",
        "en": "Invitation to the campaign \"{campaign}\" not sent: the customer has no address "
              "for the channel {channel} (e-mail address or mobile number)."},
    "invitation_no_gateway": {
        "de": "Einladung zur Aktion „{campaign}“ erfasst, aber nicht versandt: Kontor versendet "
              "den Kanal {channel} nicht (bitte selbst zustellen).",
        "en": "Invitation to the campaign \"{campaign}\" recorded but not sent: Kontor does not "
              "send by {channel} (please deliver it yourself)."},
    "invitation_no_text": {
        "de": "Einladung zur Aktion „{campaign}“ nicht versandt: die Aktion hat keinen Text für "
              "den Kanal {channel}.",
        "en": "Invitation to the campaign \"{campaign}\" not sent: the campaign has no text for "
              "the channel {channel}."},
    "not_invited": {
        "de": "Keine Prämie für '{action}': der Kunde ist zur Aktion '{campaign}' nicht "
              "eingeladen.",
        "en": "No reward for '{action}': the customer is not invited to the campaign "
              "'{campaign}'."},
    "already_rewarded": {
        "de": "Keine Prämie für '{action}': die Prämie der Aktion '{campaign}' wurde schon am "
              "{granted_on} gewährt (einmal je Kunde).",
        "en": "No reward for '{action}': the reward of the campaign '{campaign}' was already "
              "granted on {granted_on} (once per customer)."},
    "reward_granted": {
        "de": "{mb} MB Datenvolumen für '{action}' gutgeschrieben (Abo {subscription}), "
              "gültig bis {expires}.",
        "en": "{mb} MB of data credited for '{action}' (subscription {subscription}), valid "
              "until {expires}."},
    "reward_without_allowance": {
        "de": "Prämie der Aktion '{campaign}' für '{action}' ({mb} MB) gewährt, aber der Kunde "
              "hat kein Datenvolumen, dem sie gutgeschrieben werden kann.",
        "en": "Reward of the campaign '{campaign}' for '{action}' ({mb} MB) granted, but the "
              "customer has no data allowance to credit it to."},
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
        "de": "sofort (Kündigungsfrist verrechnet)",
        "en": "immediately, notice period billed"},
    "billing_taken_over": {
        "de": "Abo {subscription} übernommen: bis {billed_until} vom bisherigen System "
              "abgerechnet (auch Aktivierungsgebühren); Kontor rechnet ab dem Tag danach ab.",
        "en": "Subscription {subscription} taken over: billed by the previous system up to "
              "{billed_until} (activation fees too); Kontor bills from the day after."},
    "ended_with_base": {
        "de": "Abo {subscription} endet mit dem Basispaket {base}: letzter Leistungstag "
              "{last_day} (weitere Nebenstellen und Optionen je Nutzer nur mit Basispaket).",
        "en": "Subscription {subscription} ends with the base package {base}: last day of "
              "service {last_day} (further extensions and per-user options need a base "
              "package)."},
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
    "unknown_quarantine_entry": {
        "de": "Einen Quarantäne-Eintrag {entry} gibt es für diesen Kunden nicht.",
        "en": "This customer has no quarantine entry {entry}."},
    "unknown_key": {
        "de": "Einen API-Schlüssel {id} gibt es nicht.",
        "en": "There is no API key {id}."},
    "api_unknown_quarantine_entry": {
        "de": "Einen Quarantäne-Eintrag {entry} gibt es für diesen Kunden nicht.",
        "en": "This customer has no quarantine entry {entry}."},
    "api_method_not_allowed": {
        "de": "Die Methode {method} ist hier nicht erlaubt.",
        "en": "The method {method} is not allowed here."},
    "api_unreadable_request": {
        "de": "Der Inhalt der Anfrage kann nicht gelesen werden.",
        "en": "The content of the request cannot be read."},
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
    "label_credit_note": {"de": "Gutschrift {number} vom {date} — {customer}",
                          "en": "Credit note {number} of {date} — {customer}"},
    "label_gross_contained": {"de": "Total inkl. MWST", "en": "Total incl. VAT"},
    "label_vat_contained": {"de": "darin MWST {rate} % auf {base}",
                            "en": "of which VAT {rate} % on {base}"},
    "label_refund": {"de": "Guthaben zu Ihren Gunsten", "en": "Credit in your favour"},
    "label_remaining_units": {"de": "Restkontingent am Ende", "en": "Remaining units at the end"},
    "label_col_subscription": {"de": "Abonnement", "en": "Subscription"},
    "label_col_product": {"de": "Produkt", "en": "Product"},
    "label_col_remaining": {"de": "Rest", "en": "Remaining"},
    "label_col_expires": {"de": "Verfällt", "en": "Expires"},
    "label_col_date": {"de": "Datum", "en": "Date"},
    "label_col_event": {"de": "Ereignis", "en": "Event"},
    "label_col_code": {"de": "Code", "en": "Code"},
    "label_col_message": {"de": "Meldung", "en": "Message"},
    "label_col_agent": {"de": "Bearbeiter", "en": "Agent"},
    "label_col_ticket": {"de": "Ticket", "en": "Ticket"},
    "label_col_rule": {"de": "Regel", "en": "Rule"},
    "label_rewards": {"de": "Prämien aus Aktionen", "en": "Campaign rewards"},
    "label_col_campaign": {"de": "Aktion", "en": "Campaign"},
    "label_col_action": {"de": "Anlass", "en": "Action"},
    "label_col_mb": {"de": "Datenvolumen", "en": "Data"},
    "label_kind_recurring": {"de": "Monatlich", "en": "Monthly"},
    "label_kind_one_time": {"de": "Einmalig", "en": "One-time"},
    "label_kind_credit": {"de": "Gutschrift", "en": "Credit"},
    "label_kind_discount": {"de": "Rabatt", "en": "Discount"},
    "label_kind_discount_reversed": {"de": "Rabatt storniert", "en": "Discount reversed"},
    "label_kind_usage": {"de": "Verbrauch", "en": "Usage"},
    "label_kind_down_payment": {"de": "Anzahlung", "en": "Down payment"},
    "label_kind_installment": {"de": "Rate", "en": "Instalment"},
    "label_kind_remaining_amount": {"de": "Restbetrag", "en": "Remaining amount"},
    "label_kind_rounding": {"de": "Rundung", "en": "Rounding"},
    "label_line_subscription": {"de": "Abonnement {subscription}",
                                "en": "Subscription {subscription}"},
    "label_line_subscription_site": {"de": "Abonnement {subscription}, Standort {site}",
                                     "en": "Subscription {subscription}, site {site}"},
    "label_unit_voice_min": {"de": "{amount} Min.", "en": "{amount} min"},
    "label_unit_sms": {"de": "{amount} SMS", "en": "{amount} SMS"},
    # --- the store commands of the CLI (kontor db, catalog load, imports, invoices, keys) ----
    "cli_store_missing": {
        "de": "Keine Datenbank unter {database}: mit `kontor db upgrade` anlegen (oder "
              "--database / KONTOR_DATABASE_URL prüfen).",
        "en": "No database at {database}: create it with `kontor db upgrade` (or check "
              "--database / KONTOR_DATABASE_URL)."},
    "cli_store_not_migrated": {
        "de": "Die Datenbank {database} ist nicht auf dem neuesten Stand (Revision {current}, "
              "neueste {head}): erst `kontor db upgrade` ausführen.",
        "en": "The database {database} is not up to date (revision {current}, newest {head}): "
              "run `kontor db upgrade` first."},
    "cli_store_unreachable": {
        "de": "Die Datenbank {database} ist nicht erreichbar: {reason}",
        "en": "Cannot open the database {database}: {reason}"},
    "cli_no_revision": {"de": "keine", "en": "none"},
    "cli_db_upgraded": {
        "de": "Datenbank {database}: Revision {before} → {after}.",
        "en": "Database {database}: revision {before} → {after}."},
    "cli_db_current": {
        "de": "Datenbank {database}: schon auf der neuesten Revision {after}.",
        "en": "Database {database}: already at the newest revision {after}."},
    "cli_catalog_loaded": {
        "de": "{file}: Katalog {catalog} Version {version} geladen ({products} "
              "{products:Produkt|Produkte}).",
        "en": "{file}: catalog {catalog} version {version} loaded ({products} "
              "{products:product|products})."},
    "cli_catalog_unchanged": {
        "de": "{file}: Katalog {catalog} Version {version} unverändert (schon geladen).",
        "en": "{file}: catalog {catalog} version {version} unchanged (already loaded)."},
    "cli_not_a_catalog": {
        "de": "{file}: das ist eine Kampagne, kein Katalog.",
        "en": "{file}: this is a campaign, not a catalog."},
    "cli_refused": {
        "de": "abgelehnt ({code}): {message}",
        "en": "refused ({code}): {message}"},
    "cli_import_summary": {
        "de": "{file}: {imported} importiert, {refused} abgelehnt.",
        "en": "{file}: {imported} imported, {refused} refused."},
    "cli_event": {
        "de": "Ereignis {index} ({date}, Kunde {customer}, {do})",
        "en": "event {index} ({date}, customer {customer}, {do})"},
    "cli_events_summary": {
        "de": "{file}: {applied} {applied:Ereignis|Ereignisse} angewandt, {refused} abgelehnt.",
        "en": "{file}: {applied} {applied:event|events} applied, {refused} refused."},
    "cli_usage_counts": {
        "de": "{file}: gelesen {read} = bewertet {rated} + Duplikate {duplicates} + nicht "
              "abrechenbar {not_billable} + Quarantäne {quarantined}",
        "en": "{file}: read {read} = rated {rated} + duplicates {duplicates} + not billable "
              "{not_billable} + quarantined {quarantined}"},
    "cli_quarantined": {"de": "Quarantäne", "en": "quarantined"},
    "cli_quarantine_entry": {"de": "Nr. {entry}  {file}:{line}: {reason}",
                             "en": "No. {entry}  {file}:{line}: {reason}"},
    "cli_quarantine_resubmitted": {"de": "    (korrigiert erneut eingereicht)",
                                   "en": "    (re-submitted corrected)"},
    "cli_quarantine_empty": {"de": "Die Quarantäne von {customer} ist leer.",
                             "en": "The quarantine of {customer} is empty."},
    "cli_key_revoked": {
        "de": "Schlüssel {id} gesperrt (Rolle {role}, Kunde {customer}); er meldet ab sofort "
              "niemanden mehr an.",
        "en": "Key {id} revoked (role {role}, customer {customer}); it authenticates nobody "
              "from now on."},
    "cli_key_already_revoked": {
        "de": "Schlüssel {id} war schon am {revoked} gesperrt.",
        "en": "Key {id} was revoked already on {revoked}."},
    "cli_keys_none": {
        "de": "Keine API-Schlüssel.",
        "en": "No API keys."},
    "cli_key_created": {
        "de": "Schlüssel {id} angelegt (Rolle {role}, Kunde {customer}). Das Geheimnis wird nur "
              "dieses eine Mal angezeigt:",
        "en": "Key {id} created (role {role}, customer {customer}). The secret is shown this "
              "once only:"},
    "cli_no_invoices": {"de": "Keine Rechnungen.", "en": "No invoices."},
    "cli_export_without": {
        "de": "{count} {count:Rechnung|Rechnungen} ohne {format} (eine XRechnung gibt es nur "
              "für EUR, eine CHF-Rechnung trägt die QR-Rechnung im PDF): {numbers}",
        "en": "{count} {count:invoice has|invoices have} no {format} (an XRechnung exists for "
              "EUR only; a CHF invoice carries the QR-bill in its PDF): {numbers}"},
    "cli_export_broken": {
        "de": "{count} {count:Datei verletzt|Dateien verletzen} Regeln von {format} (oben); "
              "ein Empfänger weist sie so zurück — Kundendaten ergänzen (Adresse, E-Mail) und "
              "erneut exportieren.",
        "en": "{count} {count:file breaks|files break} rules of {format} (above); a receiver "
              "refuses them as they are — complete the customer's data (address, e-mail) and "
              "export again."},
    "cli_exported": {
        "de": "{count} {count:Rechnung|Rechnungen} als {format} nach {out} geschrieben.",
        "en": "{count} {count:invoice|invoices} written to {out} as {format}."},
    "cli_rewards_progress": {"de": "Prämien", "en": "Rewards"},
    "cli_reward_granted": {
        "de": "{day}: {customer} erhält {mb} MB für '{action}' (Abo {subscription}), gültig bis "
              "{expires}.",
        "en": "{day}: {customer} gets {mb} MB for '{action}' (subscription {subscription}), "
              "valid until {expires}."},
    "cli_rewards_summary": {
        "de": "{count} {count:Prämie|Prämien} gewährt für {first} bis {last} ({customers} "
              "{customers:Kunde|Kunden} geprüft; "
              "davon {earlier} schon vor {first} fällig und nachgeholt).",
        "en": "{count} {count:reward|rewards} granted for {first} to {last} ({customers} "
              "{customers:customer|customers} checked; "
              "{earlier} of them due before {first} and caught up)."},
    "cli_rewards_dates": {
        "de": "Entweder --date TAG oder --from TAG --to TAG angeben.",
        "en": "Give either --date DAY or --from DAY --to DAY."},
    "cli_range_reversed": {
        "de": "--from {first} liegt nach --to {last}.",
        "en": "--from {first} is after --to {last}."},
    "cli_unknown_campaign": {
        "de": "Unbekannte Kampagne {campaign!r} (weder ausgeliefert noch eine Datei); "
              "ausgeliefert: {shipped}.",
        "en": "Unknown campaign {campaign!r} (neither shipped nor a file); shipped: {shipped}."},
    "cli_campaign_needed": {
        "de": "Bitte --campaign angeben (ausgeliefert: {shipped}).",
        "en": "Please give --campaign (shipped: {shipped})."},
    "cli_message_sent": {
        "de": "gesendet: {channel} an {recipient} (Kunde {customer})",
        "en": "sent: {channel} to {recipient} (customer {customer})"},
    "cli_message_failed": {
        "de": "nicht gesendet, bleibt im Postausgang: {channel} an {recipient} (Kunde "
              "{customer}): {error}",
        "en": "not sent, stays in the outbox: {channel} to {recipient} (customer {customer}): "
              "{error}"},
    "cli_messages_summary": {
        "de": "{sent} {sent:Nachricht|Nachrichten} gesendet, {failed} {failed:wartet|warten} "
              "auf den nächsten Versuch.",
        "en": "{sent} {sent:message|messages} sent, {failed} {failed:waits|wait} for the next "
              "attempt."},
    "cli_outbox_title": {"de": "Postausgang", "en": "Outbox"},
    "cli_outbox_channel": {"de": "Kanal", "en": "Channel"},
    "cli_outbox_recipient": {"de": "Empfänger", "en": "Recipient"},
    "cli_outbox_attempts": {"de": "Versuche", "en": "Attempts"},
    "cli_outbox_state": {"de": "Stand", "en": "State"},
    "cli_outbox_sent": {"de": "gesendet {at}", "en": "sent {at}"},
    "cli_outbox_waiting": {"de": "wartet ({error})", "en": "waiting ({error})"},
    "label_number": {"de": "Nummer", "en": "Number"},
    "label_customer": {"de": "Kunde", "en": "Customer"},
    "label_date": {"de": "Datum", "en": "Date"},
    "label_currency": {"de": "Währung", "en": "Currency"},
    "label_invoices": {"de": "Rechnungen", "en": "Invoices"},
    "label_keys": {"de": "API-Schlüssel", "en": "API keys"},
    "label_key": {"de": "Schlüssel", "en": "Key"},
    "label_role": {"de": "Rolle", "en": "Role"},
    "label_created": {"de": "Angelegt (UTC)", "en": "Created (UTC)"},
    "label_revoked": {"de": "Gesperrt (UTC)", "en": "Revoked (UTC)"},
}
