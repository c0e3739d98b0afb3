"""Helpers of the document tests: scenarios replayed for customers with full master data (the
scenario files name only id, name and country), and how a person looks at a PDF (poppler)."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

from kontor.adapters.scenario_yaml import parse_scenario
from kontor.adapters.yaml_source import read_yaml
from kontor.domain.account import Customer
from kontor.services.simulate import SimulationResult, simulate
from shared_samples import samples

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = samples("einvoice")
SCENARIOS = ROOT / "tests" / "scenarios"
EXAMPLES = ROOT / "examples"

MASTER_DATA = {
    "DE": {"address": ("Musterstraße 12", "80331 München"), "vat_id": "DE123456789",
           "email": "rechnungen@kunde.example"},
    "CH": {"address": ("Bahnhofstrasse 1", "8001 Zürich"), "vat_id": "CHE-109.322.551 MWST",
           "email": "rechnungen@kunde.example"},
}


def with_master_data(customer: Customer, **changes) -> Customer:
    return dataclasses.replace(customer, **{**MASTER_DATA[customer.country], **changes})


def replay(path: Path, **changes) -> SimulationResult:
    """A scenario file (its `expect:` block ignored) for a customer with address, VAT id and
    e-mail."""
    doc = read_yaml(path)
    doc.data.pop("expect", None)
    scenario = parse_scenario(doc, path.parent)
    customer = with_master_data(scenario.customer, **changes)
    return simulate(dataclasses.replace(scenario, customer=customer))


def pdf_text(pdf: bytes, tmp_path: Path, first: int = 1, last: int | None = None) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(first)] + (["-l", str(last)] if last else [])
    run = subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True,
                         check=True, text=True)
    return run.stdout


def page_png(pdf: bytes, tmp_path: Path, page: int = 1, dpi: int = 60) -> Path:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(path), str(tmp_path / f"page-{page}")], check=True)
    return tmp_path / f"page-{page}.png"
