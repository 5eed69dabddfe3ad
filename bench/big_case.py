"""Big cases stay usable: how long each page takes on a generated case of a given size.

Usage: ``.venv/bin/python bench/big_case.py [--size 100x60] [--size 230x200] [--pages ranking,scores] [--browser]``

Issue 19's goal: every page within 3 s at 100 options × 60 criteria and within 10 s at the case
format's caps. Each page runs in Streamlit's AppTest (the script as the server runs it, with every
chart and table built and serialised) on a generated case opened as an upload; the time is the
median of ``--repeats`` runs after one warm-up run of the whole app. The browser's own drawing is
not included. ``--profile PAGE`` prints the functions that take the time on one page.

``--browser`` measures what a person waits for instead: a Streamlit server and headless Chromium
(Debian's, at /usr/bin/chromium), the case opened through the sidebar's upload, then each page
clicked in the sidebar; the time runs from the click until the script has finished and every chart
on the page has been drawn.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from appraisal.formats.mapping import case_from_mapping  # noqa: E402

PAGES = ["ranking", "weights", "scores", "sensitivity", "scrutiny", "savings", "workshop", "join", "briefing", "case_data"]


def generated_case(n_options: int, n_criteria: int, seed: int = 0):  # noqa: ANN201
    """A case of the given size with High/Medium/Low ratings, three weight sets and, where the file stays
    within the YAML reader's cap of 100,000 values, three assessors' own ratings."""
    rng = np.random.default_rng(seed)
    labels = np.array(["High", "Medium", "Low"])
    criteria = [{"id": f"c{j}", "name": f"Criterion {j} — a name as long as councils write them"} for j in range(n_criteria)]
    options = [{"id": f"o{i}", "name": f"Option {i}: a partnership arrangement", "status_quo": i == 0} for i in range(n_options)]
    scores = {o["id"]: {c["id"]: str(labels[rng.integers(3)]) for c in criteria} for o in options}
    assessors = [{"id": f"a{k}", "name": f"Director {k}"} for k in range(3)] if 4 * n_options * n_criteria <= 90_000 else []
    assessments = {a["id"]: {o["id"]: {c["id"]: str(labels[rng.integers(3)]) for c in criteria} for o in options} for a in assessors}
    councils = [{"id": "north", "name": "North"}, {"id": "south", "name": "South"}]
    sets = [
        {"id": "north_cabinet", "name": "North cabinet", "council": "north",
         "weights": {c["id"]: int(rng.integers(1, 4)) for c in criteria}},
        {"id": "south_cabinet", "name": "South cabinet", "council": "south",
         "weights": {c["id"]: int(rng.integers(1, 4)) for c in criteria}},
        {"id": "equal", "name": "Equal", "weights": {c["id"]: 1 for c in criteria}},
    ]
    return case_from_mapping({
        "format": "options-appraisal/1", "title": f"Generated {n_options}×{n_criteria}", "councils": councils,
        "criteria": criteria, "options": options, "scores": scores, "assessors": assessors,
        "assessments": assessments, "weight_sets": sets,
    }, "generated")


def app_with(case) -> AppTest:  # noqa: ANN001
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state["uploaded_cases"] = {"upload:big.yaml": case}
    at.session_state["case_key"] = "upload:big.yaml"
    at.session_state["case_choice"] = "upload:big.yaml"
    return at


def time_page(case, page: str, repeats: int) -> tuple[float, str]:  # noqa: ANN001
    at = app_with(case).run()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        at.switch_page(f"views/{page}.py").run()
        times.append(time.perf_counter() - t0)
    problem = "; ".join(e.message[:80] for e in at.exception)
    return statistics.median(times), problem


def browser_times(case, pages: list[str]) -> dict[str, float]:  # noqa: ANN001
    """Seconds from a sidebar click to the page fully drawn, for each page (see the module docstring)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from appraisal.formats.yaml_file import case_to_yaml
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop

    titles = {"ranking": "Ranking", "weights": "Weights", "scores": "Scores", "sensitivity": "Sensitivity",
              "scrutiny": "Why this rank?", "savings": "Savings", "workshop": "Workshop (facilitator)",
              "join": "Join a workshop", "briefing": "Briefing", "case_data": "Case data"}
    folder = Path(tempfile.mkdtemp())
    path = folder / "big.yaml"
    path.write_text(case_to_yaml(case))
    port = free_port()
    server = start_streamlit(ROOT / "app.py", port, log=folder / "streamlit.log")
    idle = "[data-testid='stApp'][data-test-script-state='notRunning']"
    drawn = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                     .every(c => c.querySelector('.main-svg'))"""
    out: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector(idle, timeout=120_000)
            page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
            page.wait_for_function("() => document.body.innerText.includes('Generated')", timeout=300_000)
            page.wait_for_selector(idle, timeout=300_000)
            for name in pages:
                t0 = time.perf_counter()
                page.get_by_role("link", name=titles[name], exact=True).click()
                page.wait_for_timeout(100)
                page.wait_for_selector(idle, timeout=600_000)
                page.wait_for_function(drawn, timeout=600_000)
                out[name] = time.perf_counter() - t0
            browser.close()
    finally:
        stop(server)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", help="OPTIONSxCRITERIA (default 100x60 and 230x200)")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", metavar="PAGE")
    parser.add_argument("--browser", action="store_true", help="time the pages in a real browser")
    args = parser.parse_args()
    sizes = [tuple(map(int, s.lower().split("x"))) for s in (args.size or ["100x60", "230x200"])]
    for n, m in sizes:
        case = generated_case(n, m)
        goal = 3.0 if n * m <= 100 * 60 else 10.0
        if args.profile:
            at = app_with(case).run()
            profiler = cProfile.Profile()
            profiler.enable()
            at.switch_page(f"views/{args.profile}.py").run()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            continue
        print(f"{n} options × {m} criteria (goal ≤ {goal:g} s a page)")
        if args.browser:
            for page, seconds in browser_times(case, args.pages.split(",")).items():
                print(f"  {page:<12} {seconds:6.2f} s in the browser{'' if seconds <= goal else '  OVER'}")
            continue
        for page in args.pages.split(","):
            seconds, problem = time_page(case, page, args.repeats)
            flag = "" if seconds <= goal else "  OVER"
            print(f"  {page:<12} {seconds:6.2f} s{flag}{'  ' + problem if problem else ''}")


if __name__ == "__main__":
    main()
