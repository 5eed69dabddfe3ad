"""Exports and Excel benchmark: what each download and an Excel upload cost, against reading the YAML.

Usage: ``.venv/bin/python bench/exports.py [--repeats N]``. For the shipped cases and a large
synthetic case (200 options × 50 criteria, 20 weight sets) prints medians (ms) of: loading the case
from YAML (the baseline), writing and reading the case workbook, the committee pack (with its SMAA),
the HTML briefing, and each as a ratio to the YAML load measured in the same run; plus file sizes.
Ratios travel between machines; milliseconds do not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from functools import partial  # noqa: E402

from bench.timing import median_ms as _median_ms  # noqa: E402

median_ms = partial(_median_ms, warmup=True)  # every timing here is taken warm

from appraisal.case.model import Case  # noqa: E402
from appraisal.formats.excel.read import load_case_workbook  # noqa: E402
from appraisal.formats.excel.write import case_workbook  # noqa: E402
from appraisal.formats.load import load_case, load_case_bytes  # noqa: E402
from appraisal.formats.mapping import case_from_mapping  # noqa: E402
from appraisal.formats.yaml_file import case_to_yaml  # noqa: E402
from appraisal.report.excel_pack import committee_pack  # noqa: E402
from appraisal.report.html_briefing import briefing_html  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LABELS = ["High", "Medium", "Low"]


def synthetic(n_options: int = 200, n_criteria: int = 50, n_sets: int = 20) -> Case:
    crit = [f"c{j}" for j in range(n_criteria)]
    return case_from_mapping({
        "format": "options-appraisal/1", "title": "Synthetic large case",
        "criteria": [{"id": c, "name": f"Criterion {c}"} for c in crit],
        "options": [{"id": f"o{i}", "name": f"Option {i}", "status_quo": i == 0} for i in range(n_options)],
        "scores": {f"o{i}": {c: LABELS[(i * 7 + j * 3) % 3] for j, c in enumerate(crit)} for i in range(n_options)},
        "weight_sets": [{"id": f"w{k}", "name": f"Set {k}", "weights": {c: 1 + (k + j) % 5 for j, c in enumerate(crit)}}
                        for k in range(n_sets)],
    }, "synthetic")



def run(name: str, case: Case, repeats: int) -> None:
    yaml_bytes = case_to_yaml(case).encode()
    workbook = case_workbook(case)
    base = median_ms(lambda: load_case_bytes(yaml_bytes, "case.yaml"), repeats)
    rows = [
        ("load YAML (baseline)", base),
        ("write case workbook", median_ms(lambda: case_workbook(case), repeats)),
        ("read case workbook", median_ms(lambda: load_case_workbook(workbook, "case.xlsx"), repeats)),
        ("committee pack (incl. SMAA)", median_ms(lambda: committee_pack(case), max(1, repeats // 3))),
        ("HTML briefing", median_ms(lambda: briefing_html(case), max(1, repeats // 3))),
    ]
    print(f"\n{name}: {len(case.options)} options × {len(case.criteria)} criteria, {len(case.weight_sets)} weight sets")
    print(f"  sizes: YAML {len(yaml_bytes) / 1e3:,.0f} kB, workbook {len(workbook) / 1e3:,.0f} kB, "
          f"pack {len(committee_pack(case)) / 1e3:,.0f} kB, HTML {len(briefing_html(case)) / 1e6:,.1f} MB")
    for label, ms in rows:
        print(f"  {label:<30} {ms:9.1f} ms   ×{ms / base:7.1f} the YAML load")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for path in sorted((ROOT / "data").glob("*.yaml")):
        run(path.name, load_case(path), args.repeats)
    run("synthetic", synthetic(), max(1, args.repeats // 2))


if __name__ == "__main__":
    main()
