"""Domain objects as the JSON of the responses. Invoices and import reports use the very
conversion of `kontor simulate --json` (entrypoints/cli/simulate_output.py)."""

from __future__ import annotations

from kontor.domain.account import Account, Notice
from kontor.domain.balances import Bucket
from kontor.domain.contracts import Subscription
from kontor.domain.monitoring import PoolReport
from kontor.entrypoints.cli.simulate_output import import_json, invoice_json
from kontor.messages.reasons import localized, reason_codes
from kontor.services.usage import ImportReport

__all__ = ["customer_json", "detail_json", "import_out", "invoice_json", "notice_json",
           "balance_json", "pools_json", "reason_json"]


def reason_json(reason: str, lang: str) -> dict:
    """Why a record is quarantined: the stored sentence (English), the keys of its sentences,
    and the sentence in the caller's language."""
    return {"reason": reason, "codes": reason_codes(reason), "message": localized(reason, lang)}


def import_out(report: ImportReport, lang: str) -> dict:
    """An import report as `kontor simulate --json` gives it, each quarantined record also
    with its reason's codes and message (reason_json)."""
    out = import_json(report)
    out["quarantine"] = [q | reason_json(q["reason"], lang) for q in out["quarantine"]]
    return out


def notice_json(notice: Notice, lang: str) -> dict:
    return {"date": notice.day, "code": notice.code, "message": notice.message(lang)}


def customer_json(account: Account) -> dict:
    c = account.customer
    return {"id": c.id, "name": c.name, "country": c.country, "region": c.region,
            "address": list(c.address), "vat_id": c.vat_id, "email": c.email,
            "language": c.language, "phone": c.phone, "call_list": c.call_list.value,
            "catalogs": list(dict.fromkeys(cat.name for cat in account.offer.catalogs))}


def subscription_json(sub: Subscription) -> dict:
    return {
        "id": sub.id, "start": sub.start, "end": sub.service_end,
        "trial_until": sub.trial_until, "site": sub.site,
        "periods": [{"from": p.first, "to": p.last, "product": p.state.product,
                     "quantity": p.state.quantity, "options": list(p.state.options),
                     "pools": dict(p.state.pools)} for p in sub.timeline()],
    }


def detail_json(account: Account) -> dict:
    return {**customer_json(account),
            "subscriptions": [subscription_json(s) for s in account.subscriptions.values()],
            "sims": sorted(account.sims), "device_plans": sorted(account.device_plans)}


def balance_json(bucket: Bucket) -> dict:
    return {"subscription": bucket.subscription, "product": bucket.product,
            "unit": bucket.unit, "remaining": str(bucket.amount), "expires": bucket.expires}


def pools_json(report: PoolReport) -> dict:
    return {
        "pools": [{"subscription": p.subscription, "unit": p.unit, "allowance": p.allowance,
                   "carried_over": p.carried_over, "used": p.used, "beyond": p.beyond,
                   "remaining": p.remaining,
                   "expiring": [{"expires": e, "amount": n} for e, n in p.expiring]}
                  for p in report.pools],
        "by_sim": report.by_sim, "by_profile": report.by_profile,
    }
