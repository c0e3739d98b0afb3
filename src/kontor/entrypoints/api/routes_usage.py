"""Usage: records inline (JSON) or as a file (multipart), imported by services.usage; the import
report answers (read = rated + duplicates + not billable + quarantined). Quarantined records are
listed, corrected and re-submitted through the same import."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile

from kontor.entrypoints.api.convert import import_out, reason_json
from kontor.entrypoints.api.deps import CustomerId, Lang, OperatorCustomerId, Run, Uow
from kontor.entrypoints.api.problems import problem_responses
from kontor.entrypoints.api.requests import IsoDate, Resubmit, Usage
from kontor.entrypoints.api.schemas import ImportOut, QuarantineEntryOut, ResubmitOut
from kontor.services import usage as usage_service
from kontor.services.commands import RecordUsage, from_event
from kontor.services.usage import record_usage

router = APIRouter(tags=["usage"])

ERRORS = problem_responses(401, 404, 422)
OPERATOR_ERRORS = problem_responses(401, 403, 404, 422)  # usage comes from the network
Optional = Annotated[str | None, Form(min_length=1, max_length=200)]


@router.post("/customers/{customer_id}/usage", response_model=ImportOut,
             responses=OPERATOR_ERRORS)
def record_inline(body: Usage, customer_id: OperatorCustomerId, run: Run, lang: Lang) -> dict:
    """Import usage records given inline (the `usage` event with `records`)."""
    records = [r.model_dump(exclude_unset=True) for r in body.records]
    command = from_event(body.date, "usage", {"records": records, "source": body.source})
    return import_out(run(lambda uow: record_usage(uow, customer_id, command)), lang)


@router.post("/customers/{customer_id}/usage/file", response_model=ImportOut,
             responses=OPERATOR_ERRORS)
def record_file(
    customer_id: OperatorCustomerId,
    run: Run,
    lang: Lang,
    file: Annotated[UploadFile, File(description="canonical CSV/Parquet, Asterisk, FreeSWITCH")],
    format: Annotated[Literal["canonical", "asterisk", "freeswitch"], Form()] = "canonical",
    layout: Optional = None,
    columns: Optional = None,
    source: Annotated[str, Form(min_length=1, max_length=200)] = "default",
    day: Annotated[IsoDate | None, Form(alias="date")] = None,
) -> dict:
    """Import a usage file (the `usage` event with `file`)."""
    folder = Path(tempfile.mkdtemp(prefix="kontor-upload-"))
    try:
        path = folder / _file_name(file.filename)
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out)
        command = RecordUsage(day=day or date.today(), file=str(path), format=format,
                              layout=layout, columns=columns, source=source,
                              file_name=_shown_name(file.filename))
        return import_out(run(lambda uow: record_usage(uow, customer_id, command)), lang)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _shown_name(name: str | None) -> str:
    """The upload as the report and the quarantine name it: its own file name (not the
    temporary copy's path, which is gone after the import)."""
    return Path((name or "").replace("\\", "/")).name[:200] or "upload"


def _file_name(name: str | None) -> str:
    """The upload's own file name, kept to a harmless one."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name or "").name).lstrip(".")
    return cleaned[:100] or "upload"


@router.get("/customers/{customer_id}/usage/imports", response_model=list[ImportOut],
            responses=ERRORS)
def list_imports(customer_id: CustomerId, uow: Uow, lang: Lang) -> list[dict]:
    """Every usage import of the customer, oldest first."""
    with uow:
        uow.accounts.get(customer_id)
        return [import_out(r, lang) for r in uow.usage.reports(customer_id)]


@router.get("/customers/{customer_id}/quarantine", response_model=list[QuarantineEntryOut],
            responses=ERRORS)
def list_quarantine(customer_id: CustomerId, uow: Uow, lang: Lang) -> list[dict]:
    """The customer's quarantined records, oldest first, each with its number and whether a
    correction of it was re-submitted; why, in English as stored, as codes, and as a message
    in the language asked for (Accept-Language)."""
    return [{"entry": n, "file": e.source_file, "line": e.line, **reason_json(e.reason, lang),
             "raw": e.raw, "header": list(e.header) if e.header is not None else None,
             "resubmitted": done}
            for n, (e, done) in enumerate(usage_service.quarantined(uow, customer_id))]


@router.post("/customers/{customer_id}/quarantine/resubmit", response_model=ResubmitOut,
             responses=OPERATOR_ERRORS)
def resubmit_quarantined(body: Resubmit, customer_id: OperatorCustomerId, uow: Uow, run: Run,
                         lang: Lang) -> dict:
    """Re-submit corrected quarantine entries: each is read again with the rules of the file it
    came from (a canonical line as canonical, a PBX line in `format`) and imported like any
    record, so a corrected record already rated is a duplicate. One import per format and
    source."""
    fixes = [(fix.entry, fix.raw) for fix in body.corrections]
    reports = run(lambda uow: usage_service.resubmit_quarantined(
        uow, customer_id, fixes, body.format, body.layout, body.columns, body.source))
    return {"imports": [import_out(r, lang) for r in reports]}
