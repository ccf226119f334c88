/** The page's style sheet: readable on screen, in print and in black and white. */
export const REPORT_CSS = `
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#111;background:#fff;margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #222;padding-bottom:2px;margin:28px 0 10px}h3{font-size:15px;margin:16px 0 6px}
.meta{color:#444;margin:0 0 12px}
.answer{border:3px solid #111;padding:10px 14px;margin:12px 0}
.answer .verdict{font-weight:700;font-size:18px;letter-spacing:.02em}
.answer.stop{border-style:double;border-width:6px}.answer.review,.answer.wait{border-style:dashed}
.answer .line{margin-top:4px}
.answer dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 0}.answer dt{font-weight:600}.answer dd{margin:0}
figure{margin:10px 0 4px;break-inside:avoid}figcaption{font-weight:600;margin-bottom:4px}
svg{width:100%;height:auto;display:block}
svg text{font:11px system-ui,"DejaVu Sans",sans-serif;fill:#222}
svg .end-label{font-weight:600}
.grid{stroke:#ddd;stroke-width:1}.axis,.zero{stroke:#222;stroke-width:1.2}.zero{stroke-dasharray:4 3}
.ci{stroke:#111;stroke-width:2}.estimate{fill:#111;stroke:#111}
.estimate.verdict-better{fill:#fff;stroke-width:2}.estimate.verdict-worse{fill:#111}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px}.key{display:inline-flex;align-items:center;gap:4px}.key svg{width:34px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:12.5px}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f0f0f0}
td.num,td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
.summary{color:#555;font-size:11.5px}
.none{color:#444;font-style:italic}
pre{white-space:pre-wrap;word-break:break-word;font-size:11px;background:#f7f7f7;padding:6px;margin:4px 0}
details.query summary,details summary{cursor:pointer;color:#333;font-size:12px}
code{font-size:12.5px}
footer{margin-top:32px;color:#555;font-size:12px;border-top:1px solid #bbb;padding-top:6px}
@media print{body{padding:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit}}
`;
