"""A self-contained HTML briefing: the five briefing screens as one page that opens with no network.

plotly.js is embedded once, inline (``include_plotlyjs=True``), so the file works on a council laptop
offline or from an email attachment; each chart keeps Plotly's own toolbar, whose camera button
downloads it as a PNG. Every piece of user text is HTML-escaped here, and Plotly labels are already
escaped by the figure builders (``safe_label``); Plotly's JSON encodes ``<`` as ``\\u003c``, so a name
such as ``</script>`` cannot end the script it is embedded in.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.io as pio

from appraisal.case.model import Case
from appraisal.report.briefing import Context, Step, all_steps, context
from appraisal.report.notices import LABEL, illustrative_notice

_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "png", "scale": 2}}

_STYLE = """
body { font-family: "Source Sans Pro", Arial, sans-serif; color: #111; background: #fff; margin: 0; font-size: 19px; line-height: 1.5; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 2rem; margin-bottom: .25rem; }
h2 { font-size: 1.6rem; margin-top: 3rem; border-top: 3px solid #0B4F8A; padding-top: 1rem; }
.takeaway { font-size: 1.35rem; font-weight: 600; }
.missing { background: #EEF2F6; border-left: 6px solid #0B4F8A; padding: .75rem 1rem; }
.note { background: #FFF3C4; border-left: 6px solid #8a6d00; padding: .75rem 1rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 1rem; }
th, td { border: 1px solid #888; padding: .3rem .6rem; text-align: left; }
th { background: #EEF2F6; }
details { margin: 1rem 0; }
summary { cursor: pointer; color: #0B4F8A; font-weight: 600; }
a { color: #0B4F8A; }
@media print { h2 { page-break-before: always; } details { display: block; } }
"""


def esc(text: object) -> str:
    """User text as HTML text: <, >, & and quotes escaped (names are shown literally, never as markup)."""
    return html.escape(str(text), quote=True)


def _table(df: pd.DataFrame, caption: str) -> str:
    if df.empty:
        return ""
    # pandas escapes cell text with escape=True; the caption is ours, escaped here.
    table = df.to_html(index=False, escape=True, border=0)
    return f"<details><summary>Table: {esc(caption)}</summary>{table}</details>"


def _section(number: int, step: Step, first_chart: bool) -> tuple[str, bool]:
    parts = [f'<section id="{esc(step.key)}">', f"<h2>{number}. {esc(step.title)}</h2>"]
    if step.missing:
        parts.append(f'<p class="missing">{esc(step.missing)}</p>')
    else:
        parts.append(f'<p class="takeaway">{esc(step.takeaway)}</p>')
        if step.chart is not None:
            parts.append(pio.to_html(step.chart.figure, full_html=False, include_plotlyjs=first_chart, config=_CONFIG,
                                     div_id=f"chart-{step.key}", default_width="100%"))
            first_chart = False
            parts.append(_table(step.chart.table, step.chart.title))
        if step.detail:
            parts.append(f"<p>{esc(step.detail)}</p>")
    parts.append("</section>")
    return "\n".join(parts), first_chart


def briefing_html(case: Case, ctx: Context | None = None, smaa_result: object | None = None,
                  generated: dt.datetime | None = None, made_from: str | None = None) -> str:
    """The whole briefing as one HTML document (UTF-8 text); ``made_from`` names the case version."""
    ctx = ctx or context(case)
    steps = all_steps(ctx, smaa_result)
    when = (generated or dt.datetime.now()).strftime("%d %B %Y, %H:%M")
    head = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Briefing — {esc(case.title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body><main>",
        f"<h1>{esc(case.title)}</h1>",
        f"<p>Briefing on the options appraisal, weighted by <strong>{esc(ctx.weights_name)}</strong>. "
        f"Produced by Options Appraisal Studio on {esc(when)}. Charts are interactive: hover for figures; "
        "the camera button above each chart saves it as a picture.</p>",
    ]
    if made_from:
        head.append(f'<p class="note">{esc(made_from)}</p>')
    notice = illustrative_notice(case)
    if notice is not None:   # "ILLUSTRATIVE FIGURES" once, however the case's note begins
        head.append(f'<p class="note"><strong>{esc(LABEL)}</strong>{esc(notice[len(LABEL):])}</p>')
    elif case.note:
        head.append(f"<p>{esc(case.note)}</p>")
    head.append("<nav><ol>" + "".join(f'<li><a href="#{esc(s.key)}">{esc(s.title)}</a></li>' for s in steps) + "</ol></nav>")
    body: list[str] = []
    first = True
    for number, step in enumerate(steps, start=1):
        section, first = _section(number, step, first)
        body.append(section)
    if case.source:
        body.append(f"<h2>Where the figures come from</h2><p>{esc(case.source)}</p>")
    return "\n".join([*head, *body, "</main></body></html>"])
