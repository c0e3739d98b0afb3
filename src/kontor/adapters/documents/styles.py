"""The print style sheet of every document (A4, Liberation Sans from Debian's
fonts-liberation2, DejaVu Sans as fallback)."""

CSS = """
@page {
  size: A4;
  margin: 18mm 18mm 34mm 22mm;
  @bottom-left { content: element(footer); vertical-align: top; }
  @bottom-right { content: counter(page); font-size: 7.5pt;
                  color: #555; vertical-align: top; padding-top: 2mm; width: 14mm;
                  white-space: nowrap; }
}
@page qrbill { margin: 0; @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9.5pt;
       color: #111; line-height: 1.35; }
h1 { font-size: 15pt; margin: 8mm 0 3mm 0; }
h2 { font-size: 11pt; margin: 7mm 0 2mm 0; }
.issuer { font-size: 16pt; font-weight: bold; color: #1f3a5f; }
.issuer-address { font-size: 8.5pt; color: #444; }
table.head { margin-top: 8mm; }
table.head td { vertical-align: top; padding: 0; }
table.head td.right { width: 75mm; }
.recipient { width: 85mm; min-height: 35mm; }
.sender-line { font-size: 7pt; color: #555; border-bottom: 0.3pt solid #999;
               margin-bottom: 2mm; padding-bottom: 0.5mm; }
table { border-collapse: collapse; width: 100%; }
table.meta { width: 75mm; font-size: 8.5pt; }
table.meta td { padding: 0.3mm 0; vertical-align: top; }
table.meta td.k { color: #444; padding-right: 3mm; white-space: nowrap; }
table.lines th { text-align: left; font-size: 8pt; color: #333;
                 border-bottom: 0.8pt solid #333; padding: 1.2mm 1mm; }
table.lines td { padding: 1.2mm 1mm; border-bottom: 0.3pt solid #ccc; vertical-align: top; }
table.lines tr { page-break-inside: avoid; }
.num, table.lines th.num { text-align: right; white-space: nowrap; }
.muted { color: #555; font-size: 8pt; }
table.totals { width: 105mm; margin-left: auto; margin-top: 3mm; }
table.totals td { padding: 0.8mm 1mm; }
table.totals tr.sum td { border-top: 0.8pt solid #333; font-weight: bold; font-size: 10.5pt; }
table.totals tr.sub td { border-top: 0.3pt solid #999; }
p.pay { margin-top: 6mm; }
.footer { font-size: 7pt; color: #444; display: table; width: 170mm;
          border-top: 0.3pt solid #999; padding-top: 1.5mm; }
.footer div { display: table-cell; padding-right: 4mm; vertical-align: top; }
.qr-page { page: qrbill; page-break-before: always; position: relative; height: 297mm; }
.qr-page .intro { position: absolute; top: 20mm; left: 22mm; right: 18mm; }
.qr-page img { position: absolute; bottom: 0; left: 0; width: 210mm; height: 105mm; }
.signatures { display: flex; gap: 15mm; margin-top: 15mm; page-break-inside: avoid; }
.signatures > div { flex: 1; }
.signatures .line { border-top: 0.6pt solid #333; padding-top: 1mm; font-size: 8pt; }
.signatures .field { height: 18mm; display: block; }
table.lines.compact td { padding: 0.6mm 1mm; }
.call-list { page-break-before: always; }
.call-list h3 { font-size: 9.5pt; margin: 4mm 0 1mm 0; }
.call-list table.lines td, .call-list table.lines th { font-size: 8pt; padding: 0.5mm 1mm; }
.call-list tr.sum td { border-top: 0.8pt solid #333; font-weight: bold; }
"""
