"""The committee pack: one Excel workbook with everything a committee report needs, auditable.

Sheets: Read me, Scale, Ratings, Scores, Weights, Totals, Sensitivity, SMAA and (when the case has a
savings section) Savings. The totals, percentages of the maximum and ranks are LIVE formulas —
``SUMPRODUCT`` of an option's row on Scores and a weight set's row on Weights — and each score is an
``LOOKUP(2, 1/(labels = rating), numbers)`` on the Scale sheet — the number beside the label equal to the
rating — so an auditor can change a rating, a weight or the scale and watch the totals recalculate in
Excel. The label is found with the ``=`` comparison, never ``MATCH``/``VLOOKUP`` on the text: those treat ``*``, ``?`` and ``~`` in a label
(a ``***``/``**``/``*`` scale) as wildcards, and every option would tie. The same totals come from
:mod:`appraisal.analysis.scoring`; the tests recalculate the workbook in LibreOffice and compare.

Every formula cell also carries its computed value (the ``<v>`` element Excel itself stores), so a
viewer that does not recalculate — a file previewer, a mail client, openpyxl's ``data_only`` — shows
the numbers; Excel and LibreOffice recalculate on opening as before.

Every cell of user text is written as text (never a formula) and, when it starts with = + - @ or a
tab/CR, also carries Excel's quote prefix, so a name such as ``=HYPERLINK(...)`` stays inert even if
someone edits the cell. Numbers carry council-report formats (£ with thousands, whole percentages).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import unescape

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from appraisal import fmt
from appraisal.analysis.savings import SavingsUnavailable
from appraisal.analysis.scoring import Appraisal, competition_ranks, percent_of_max
from appraisal.analysis.sensitivity import stability_intervals
from appraisal.analysis.smaa import SmaaResult, smaa
from appraisal.case.model import Case
from appraisal.case.ratings import label_for
from appraisal.case.scales import CriterionScale
from appraisal.formats.excel.layout import HEADER_FILL, HEADER_FONT
from appraisal.report.notices import illustrative_notice
from appraisal.report.savings import savings_tables

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TOTAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0%"
SHARE_FORMAT = "0.0%"
MONEY_FORMAT = '"£"#,##0;[Red]-"£"#,##0'
FACTOR_FORMAT = "0.0000"


def safe_text(ws: Worksheet, row: int, col: int, value: object, bold: bool = False) -> Any:
    """User (or any) text as an inert text cell: never a formula, quote-prefixed if it looks like one."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    text = str(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def number(ws: Worksheet, row: int, col: int, value: float, number_format: str) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.value = None if value is None or (isinstance(value, float) and not np.isfinite(value)) else float(value)
    cell.number_format = number_format
    return cell


CACHED_ATTRIBUTE = "_oas_cached_values"  # on the Workbook: {(sheet title, "B3"): the formula's value}


def formula(ws: Worksheet, row: int, col: int, text: str, number_format: str, value: float | None = None) -> Any:
    """Our own formula (built from cell references only; no user text inside), with the value it
    computes, which :func:`committee_pack` stores beside it for viewers that do not recalculate."""
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.number_format = number_format
    if value is not None and np.isfinite(value):
        getattr(ws.parent, CACHED_ATTRIBUTE, {})[(ws.title, cell.coordinate)] = float(value)
    return cell


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/></c>', re.S)
_ELEMENT = re.compile(rb"<(sheet|Relationship)\s([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


def _elements(xml: bytes, tag: bytes) -> list[dict[bytes, bytes]]:
    return [dict(_ATTRIBUTE.findall(attrs)) for name, attrs in _ELEMENT.findall(xml) if name == tag]


def with_cached_values(package: bytes, values: dict[tuple[str, str], float]) -> bytes:
    """The workbook with each formula's computed value written beside it, as Excel stores it
    (``<c r="B3"><f>SUM(…)</f><v>12.5</v></c>``). openpyxl writes formulas with an empty ``<v/>`` and has
    no way to give one a cached value, so the sheet XML is completed after saving."""
    source = zipfile.ZipFile(io.BytesIO(package))
    workbook = source.read("xl/workbook.xml")
    rels = {r.get(b"Id"): r.get(b"Target", b"") for r in _elements(source.read("xl/_rels/workbook.xml.rels"), b"Relationship")}
    parts: dict[str, str] = {}
    for sheet in _elements(workbook, b"sheet"):
        target = rels.get(sheet.get(b"r:id"), b"").decode()
        title = unescape(sheet.get(b"name", b"").decode(), {"&quot;": '"', "&apos;": "'"})
        parts["xl/" + target.lstrip("/").removeprefix("xl/")] = title
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for info in source.infolist():
            content = source.read(info.filename)
            title = parts.get(info.filename)
            if title is not None:
                def fill(match: re.Match[bytes], title: str = title) -> bytes:
                    value = values.get((title, match.group(1).decode()))
                    if value is None:
                        return match.group(0)
                    return (b'<c r="' + match.group(1) + b'"' + match.group(2) + b"><f>" + match.group(3)
                            + b"</f><v>" + repr(value).encode() + b"</v></c>")
                content = _FORMULA_CELL.sub(fill, content)
            target_zip.writestr(info, content)
    return out.getvalue()


def heading_row(ws: Worksheet, row: int, headings: list[object], widths: list[int] | None = None) -> None:
    for col, text in enumerate(headings, start=1):
        cell = safe_text(ws, row, col, text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if widths:
            ws.column_dimensions[get_column_letter(col)].width = widths[min(col - 1, len(widths) - 1)]


def title_row(ws: Worksheet, row: int, text: str) -> None:
    safe_text(ws, row, 1, text).font = Font(bold=True, size=13)


def _option_names(ap: Appraisal) -> list[str]:
    return [fmt.option_display(n, i == ap.status_quo_index) for i, n in enumerate(ap.option_names)]


def write_frame(ws: Worksheet, df: pd.DataFrame, start_row: int, formats: dict[str, str] | None = None) -> int:
    """A DataFrame as a table (header + rows); returns the next free row. Text is always inert."""
    formats = formats or {}
    heading_row(ws, start_row, list(df.columns))
    for r, (_, row) in enumerate(df.iterrows(), start=start_row + 1):
        for c, column in enumerate(df.columns, start=1):
            value = row[column]
            if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
                number(ws, r, c, float(value), formats.get(column, "#,##0.##"))
            else:
                safe_text(ws, r, c, value)
    return start_row + len(df) + 2


# Sheets ------------------------------------------------------------------------------------------

def _readme(wb: Workbook, case: Case, generated: dt.datetime, made_from: str | None = None) -> None:
    ws = wb.active
    ws.title = "Read me"
    ws.column_dimensions["A"].width = 120
    safe_text(ws, 1, 1, case.title).font = Font(bold=True, size=16)
    lines: list[str] = [f"Committee pack produced by Options Appraisal Studio on {generated:%d %B %Y at %H:%M}."]
    if made_from:
        lines.append(made_from)
    notice = illustrative_notice(case)  # the warning worded once, as on the pages and in the HTML briefing
    if notice or case.note:
        lines.append(notice or case.note)
    if case.source:
        lines.append("Source: " + case.source)
    lines += [
        "",
        "How to audit this workbook",
        "Scale — the number behind each rating label (High, Medium, Low …).",
        "Ratings — the consensus rating of each option against each criterion.",
        "Scores — each rating turned into its number: LOOKUP(2, 1/(Scale labels = rating), Scale numbers) finds the "
        "number beside the label equal to the rating (live formulas; labels such as *** match exactly, never as wildcards).",
        "Weights — each weight set's raw weights, in its own units; the Total column is their sum.",
        "Value functions — (when a criterion is measured in its own unit) the points of each value function; a score is "
        "read off the straight lines between them (INDEX/MATCH on the numbers), so a changed raw value on Ratings re-scores.",
        "Totals — weighted total = SUMPRODUCT(option's scores, weight set's weights); % of maximum = total ÷ "
        "SUMPRODUCT(weights, each criterion's highest possible value, the Scores sheet's last row); rank = RANK "
        "(ties share a rank, shown =2 in the report). All live formulas:",
        "  change a rating, a measured value, a weight or the scale and the totals recalculate.",
        "Sensitivity — switching values: the range of each criterion's share of the weight within which the "
        "leader (and the whole order) stays the same, the other weights rescaled in proportion.",
        "SMAA — how often each option takes each rank when weights are drawn at random (every weighting "
        "equally likely); seeded, so the same inputs always give the same figures.",
        "Savings — (when the case has a savings section) savings by year and council, and who pays.",
        "",
        "The status quo is marked 'business as usual' after its name.",
    ]
    for r, text in enumerate(lines, start=3):
        cell = safe_text(ws, r, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if text == "How to audit this workbook":
            cell.font = Font(bold=True, size=13)


def _scale(wb: Workbook, ap: Appraisal) -> tuple[str, str]:
    ws = wb.create_sheet("Scale")
    heading_row(ws, 1, ["Rating", "Number"], [20, 12])
    for r, (label, value) in enumerate(ap.scale.items(), start=2):
        safe_text(ws, r, 1, label)
        number(ws, r, 2, value, "0.##")
    last = len(ap.scale) + 1
    return f"Scale!$A$2:$A${last}", f"Scale!$B$2:$B${last}"


def _uses_default_labels(ap: Appraisal, scale: CriterionScale) -> bool:
    """A label criterion on the case's own rating scale (the Scale sheet's table)."""
    return not scale.measured and dict(scale.labels) == dict(ap.scale) and list(scale.labels) == list(ap.scale)


def _value_functions(wb: Workbook, ap: Appraisal) -> dict[int, tuple[str, str]]:
    """The "Value functions" sheet (only when some criterion is measured or has labels of its own): a
    block per such criterion — a measured one's points (raw value, value) in increasing raw order, or a
    label criterion's own labels and numbers. Returns criterion index → (first column's range, second's)."""
    own = [j for j, sc in enumerate(ap.scales) if not _uses_default_labels(ap, sc)]
    if not own:
        return {}
    ws = wb.create_sheet("Value functions")
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 16
    title_row(ws, 1, "Each measured criterion's value function: straight lines between the points, the raw value "
                     "(in the criterion's unit) across, the value it scores beside it; beyond the ends the value stays at the end's")
    ranges: dict[int, tuple[str, str]] = {}
    row = 3
    for j in own:
        scale = ap.scales[j]
        safe_text(ws, row, 1, ap.criterion_names[j], bold=True)
        safe_text(ws, row, 2, scale.describe())
        if scale.measured:
            heading_row(ws, row + 1, ["", f"Raw value ({scale.unit})" if scale.unit else "Raw value", "Value"])
            pairs: list[tuple[object, float]] = [(x, y) for x, y in scale.points]
        else:
            heading_row(ws, row + 1, ["", "Rating", "Number"])
            pairs = list(scale.labels.items())
        first = row + 2
        for k, (x, y) in enumerate(pairs):
            if scale.measured:
                number(ws, first + k, 2, float(x), "#,##0.###")  # type: ignore[arg-type]
            else:
                safe_text(ws, first + k, 2, x)
            number(ws, first + k, 3, float(y), "0.##")
        last = first + len(pairs) - 1
        ranges[j] = (f"'Value functions'!$B${first}:$B${last}", f"'Value functions'!$C${first}:$C${last}")
        row = last + 3
    return ranges


def interpolation_formula(raw_ref: str, xs: str, ys: str) -> str:
    """The value of the raw value in ``raw_ref`` read off the straight lines through the points (``xs``
    increasing, ``ys`` beside them), held at the ends' values beyond them — as
    :meth:`~appraisal.case.scales.CriterionScale.value` (``numpy.interp``) computes it.

    x = the raw value clamped to [MIN(xs), MAX(xs)]; k = MIN(MATCH(x, xs, 1), COUNT(xs) − 1) is the
    segment's first point (MATCH on numbers, so no wildcards); value = y_k + (x − x_k)·(y_k+1 − y_k)/(x_k+1 − x_k).
    """
    x = f"MIN(MAX({raw_ref},MIN({xs})),MAX({xs}))"
    k = f"MIN(MATCH({x},{xs},1),COUNT({xs})-1)"
    return (f"=INDEX({ys},{k})+({x}-INDEX({xs},{k}))*(INDEX({ys},{k}+1)-INDEX({ys},{k}))"
            f"/(INDEX({xs},{k}+1)-INDEX({xs},{k}))")


def max_row(ap: Appraisal) -> int:
    """The Scores sheet's row of each criterion's highest possible value (the % of maximum's denominator)."""
    return ap.n_options + 3


def _ratings_and_scores(wb: Workbook, ap: Appraisal, labels_range: str, values_range: str,
                        own: dict[int, tuple[str, str]] | None = None) -> None:
    own = own or {}
    names = _option_names(ap)
    m = ap.n_criteria
    ws = wb.create_sheet("Ratings")
    heading_row(ws, 1, ["Option", *ap.criterion_names], [38] + [16] * m)
    labels: list[list[str | None]] = []
    for i, name in enumerate(names):
        safe_text(ws, i + 2, 1, name, bold=True)
        row = []
        for j in range(m):
            scale = ap.scales[j]
            raw = float(ap.raw[i, j])
            label = None if scale.measured else label_for(raw, dict(scale.labels))
            row.append(label)
            if label is not None:
                safe_text(ws, i + 2, j + 2, label)
            else:
                number(ws, i + 2, j + 2, raw, "#,##0.##" if scale.measured else "0.##")
        labels.append(row)
    if any(sc.measured for sc in ap.scales):
        note_row = ap.n_options + 3
        safe_text(ws, note_row, 1, "Measured criteria are given as raw values in their own units "
                                   "(" + "; ".join(f"{ap.criterion_names[j]}: {sc.describe()}" for j, sc in enumerate(ap.scales)
                                                   if sc.measured) + "). Change one and its score, the totals and the ranks "
                                   "recalculate; figures from the savings model are copied here as values.")
    ws.freeze_panes = "B2"

    ws = wb.create_sheet("Scores")
    heading_row(ws, 1, ["Option", *ap.criterion_names], [38] + [16] * m)
    for i, name in enumerate(names):
        safe_text(ws, i + 2, 1, name, bold=True)
        for j in range(m):
            col = get_column_letter(j + 2)
            score = float(ap.S[i, j])
            lab, val = own.get(j, (labels_range, values_range))
            if ap.scales[j].measured:
                formula(ws, i + 2, j + 2, interpolation_formula(f"Ratings!{col}{i + 2}", lab, val), "0.##", score)
            elif labels[i][j] is not None:
                # The number beside the label that equals the rating: 1/(label = rating) is 1 on that row and
                # an error elsewhere, and LOOKUP(2, …) finds the 1 (#N/A when no label matches). "=" ignores
                # case, as the case file does, and takes * ? ~ as themselves; MATCH or VLOOKUP on the text
                # would read them as wildcards.
                formula(ws, i + 2, j + 2, f"=LOOKUP(2,1/({lab}=Ratings!{col}{i + 2}),{val})", "0.##", score)
            else:
                formula(ws, i + 2, j + 2, f"=Ratings!{col}{i + 2}", "0.##", score)
    r = max_row(ap)
    safe_text(ws, r, 1, "Highest possible value", bold=True)
    for j in range(m):
        formula(ws, r, j + 2, f"=MAX({own.get(j, (labels_range, values_range))[1]})", "0.##", float(ap.max_values[j]))
    ws.freeze_panes = "B2"


def _weights(wb: Workbook, case: Case, ap: Appraisal) -> None:
    m = ap.n_criteria
    ws = wb.create_sheet("Weights")
    heading_row(ws, 1, ["Weight set", "Council", *ap.criterion_names, "Total"], [30, 18] + [14] * m + [12])
    first, last = get_column_letter(3), get_column_letter(m + 2)
    for k, ws_model in enumerate(case.weight_sets):
        r = k + 2
        safe_text(ws, r, 1, ws_model.name, bold=True)
        safe_text(ws, r, 2, case.council_name(ws_model.council) or "")
        for j in range(m):
            number(ws, r, j + 3, float(ap.W[k, j]), "0.###")
        formula(ws, r, m + 3, f"=SUM({first}{r}:{last}{r})", "0.###", float(ap.W[k].sum()))
    ws.freeze_panes = "C2"


def totals_layout(ap: Appraisal) -> dict[str, int]:
    """Where the Totals sheet puts its three tables (first data row of each); the tests read it too."""
    n = ap.n_options
    return {"totals": 3, "percent": 3 + n + 3, "rank": 3 + 2 * (n + 3)}


def _totals(wb: Workbook, ap: Appraisal, values_range: str) -> None:
    n, m, k = ap.n_options, ap.n_criteria, len(ap.set_ids)
    names = _option_names(ap)
    ws = wb.create_sheet("Totals")
    rows = totals_layout(ap)
    s_first, s_last = "B", get_column_letter(m + 1)
    w_first, w_last = get_column_letter(3), get_column_letter(m + 2)
    titles = {"totals": "Weighted totals (in each weight set's own units) — =SUMPRODUCT(Scores row, Weights row)",
              "percent": "Percentage of the maximum possible total — total ÷ SUMPRODUCT(weights, each criterion's highest possible value)",
              "rank": "Rank under each weight set (1 = best; equal totals share a rank)"}
    cached = {"totals": ap.all_totals}
    cached["percent"] = np.array([percent_of_max(cached["totals"][s], ap.W[s], ap.max_values) / 100 for s in range(k)])
    cached["rank"] = np.array([competition_ranks(cached["totals"][s]) for s in range(k)], dtype=float)
    for block, start in rows.items():
        title_row(ws, start - 2, titles[block])
        heading_row(ws, start - 1, ["Option", *ap.set_names], [38] + [18] * k)
        for i in range(n):
            r = start + i
            safe_text(ws, r, 1, names[i], bold=True)
            for s in range(k):
                col = get_column_letter(s + 2)
                wr = s + 2  # the weight set's row on the Weights sheet
                total_ref = f"{col}{rows['totals'] + i}"
                value = float(cached[block][s][i])
                if block == "totals":
                    formula(ws, r, s + 2, f"=SUMPRODUCT(Scores!${s_first}${i + 2}:${s_last}${i + 2},"
                                          f"Weights!${w_first}${wr}:${w_last}${wr})", TOTAL_FORMAT, value)
                elif block == "percent":
                    mr = max_row(ap)
                    formula(ws, r, s + 2, f"={total_ref}/SUMPRODUCT(Weights!${w_first}${wr}:${w_last}${wr},"
                                          f"Scores!${s_first}${mr}:${s_last}${mr})", PERCENT_FORMAT, value)
                else:
                    first_total, last_total = rows["totals"], rows["totals"] + n - 1
                    formula(ws, r, s + 2, f"=RANK({total_ref},{col}${first_total}:{col}${last_total},0)", "0", value)
    ws.freeze_panes = "B3"


def _sensitivity(wb: Workbook, ap: Appraisal) -> None:
    ws = wb.create_sheet("Sensitivity")
    title_row(ws, 1, "Switching values for the weights: the range of each criterion's share of the weight in which "
                     "the leader (and the whole order) stays as it is, the other weights rescaled in proportion")
    row = 3
    widths = [40, 14, 16, 16, 16, 16]
    for k, name in enumerate(ap.set_names):
        w = ap.W[k]
        if w.sum() <= 0:
            continue
        intervals = stability_intervals(ap.S, w / w.sum())
        leaders = [r.name for r in ap.results(w) if r.rank == 1]
        safe_text(ws, row, 1, f"{name} — leader: {fmt.names_list(leaders)}", bold=True)
        heading_row(ws, row + 1, ["Criterion", "Weight today", "Leader unchanged from", "to",
                                  "Order unchanged from", "to"], widths)
        for i, iv in enumerate(intervals):
            r = row + 2 + i
            safe_text(ws, r, 1, ap.criterion_names[iv.criterion])
            for c, value in enumerate((iv.weight, *iv.top_unchanged, *iv.order_unchanged), start=2):
                number(ws, r, c, value, SHARE_FORMAT)
        row += len(intervals) + 4


def _smaa(wb: Workbook, ap: Appraisal, result: SmaaResult) -> None:
    ws = wb.create_sheet("SMAA")
    n = ap.n_options
    title_row(ws, 1, f"Rank acceptability: share of {result.n_samples:,} random weightings (uniform on the simplex, "
                     f"seed {result.seed}) in which each option takes each rank")
    heading_row(ws, 3, ["Option", *[fmt.ordinal(r + 1) for r in range(n)], "Confidence factor"], [38] + [12] * (n + 1))
    names = _option_names(ap)
    for i in range(n):
        safe_text(ws, 4 + i, 1, names[i], bold=True)
        for r in range(n):
            number(ws, 4 + i, 2 + r, float(result.acceptability[i, r]), PERCENT_FORMAT)
        number(ws, 4 + i, 2 + n, float(result.confidence[i]), PERCENT_FORMAT)
    row = 4 + n + 2
    title_row(ws, row, "Central weights: the typical weighting (share of all weight) that makes each option 1st")
    heading_row(ws, row + 1, ["Criterion", *names])
    for j, criterion in enumerate(ap.criterion_names):
        safe_text(ws, row + 2 + j, 1, criterion)
        for i in range(n):
            number(ws, row + 2 + j, 2 + i, float(result.central_weights[i, j]), PERCENT_FORMAT)


def _savings(wb: Workbook, case: Case) -> None:

    ws = wb.create_sheet("Savings")
    try:
        tables = savings_tables(case)
    except SavingsUnavailable as exc:
        safe_text(ws, 1, 1, f"The savings cannot be worked out: {exc}")
        return
    money = {c: MONEY_FORMAT for c in ("Gross saving", "One-off costs", "Net saving", "Cumulative net saving", "Present value",
                                        "Net present value", "Current cost", "Full-year saving", "Amount",
                                        "Delivered by these lines (full year)", "Still to find")}
    money |= {"Discount factor": FACTOR_FORMAT, "Share": SHARE_FORMAT}
    row = 1
    sections = [("summary", "Summary per council over the period"), ("by_year_council", "Savings by year and council"),
                ("by_line", "Savings by line, council and year (who pays: each council's share of each line)"),
                ("apportionment", "How shared costs are split between the councils"), ("keys", "Apportionment keys"),
                ("budget", "Savings already in the budget"), ("published", "The report's figures checked"),
                ("warnings", "Warnings")]
    for key, title in sections:
        df = tables.get(key)
        if df is None or df.empty:
            continue
        title_row(ws, row, title)
        formats = dict(money)
        if key == "by_line":
            formats |= {c: MONEY_FORMAT for c in df.columns if isinstance(c, str) and c[:2].isdigit()}
        row = write_frame(ws, df, row + 1, formats) + 1
    for col in range(1, 16):
        ws.column_dimensions[get_column_letter(col)].width = 18


def committee_pack(case: Case, smaa_result: SmaaResult | None = None, generated: dt.datetime | None = None,
                   made_from: str | None = None) -> bytes:
    """The committee pack as .xlsx bytes. ``made_from``: the line naming the case version it was made from
    (:func:`appraisal.report.history.made_from_line`), so a committee report can cite it."""

    ap = Appraisal(case)
    wb = Workbook()
    cached: dict[tuple[str, str], float] = {}
    setattr(wb, CACHED_ATTRIBUTE, cached)
    _readme(wb, case, generated or dt.datetime.now(), made_from)
    labels_range, values_range = _scale(wb, ap)
    own = _value_functions(wb, ap)
    _ratings_and_scores(wb, ap, labels_range, values_range, own)
    _weights(wb, case, ap)
    _totals(wb, ap, values_range)
    _sensitivity(wb, ap)
    if ap.n_options > 1:
        _smaa(wb, ap, smaa_result if smaa_result is not None else smaa(ap.S))
    if case.savings is not None:
        _savings(wb, case)
    out = io.BytesIO()
    wb.save(out)
    return with_cached_values(out.getvalue(), cached)
