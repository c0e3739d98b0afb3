"""HTML to PDF with weasyprint: PDF/A-3b, so a Factur-X XML can be embedded afterwards."""

from __future__ import annotations

import logging

from weasyprint import HTML

# weasyprint and fontTools log every font subset at INFO/WARNING level
for _name in ("weasyprint", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def render_pdf(html: str, *, forms: bool = False) -> bytes:
    """The PDF of `html` as PDF/A-3b (fonts embedded, sRGB output intent)."""
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-3b", pdf_forms=forms)
