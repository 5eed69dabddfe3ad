"""Every hostile corpus file through ``python -m appraisal rank FILE``, as a council officer would run it.

Refused files: exit 2, nothing on stdout, one error report on stderr (every line starts with the file
name; its first line names the field, id, row, line or sheet!cell), no traceback or warning, within
5 s of CPU time and 500 MB of memory. Files with hostile but legal names: exit 0, and the JSON
carries the names exactly as typed.

The processes run two at a time in threads (the suite must stay fast on a 2-core machine); each one
is reaped with ``os.wait4`` by a small launcher, so its own CPU time and peak memory are measured,
not the sum of all of them nor the memory of the pytest process it was started from. CPU time rather
than wall-clock time is asserted against the 5 s budget because CI machines are shared: the wall-clock
time is recorded, and a generous wall-clock cap still catches a hang.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.hostile.make_corpus import GENERATED, HOSTILE_NAMES, Entry, describe

CPU_LIMIT_S = 5.0
MEMORY_LIMIT_KB = 500 * 1024
WALL_GUARD_S = 60.0  # only catches a hang; the budget is CPU time (see module docstring)

CORPUS = describe()  # the entries only: the files are made by the hostile_corpus fixture
pytestmark = pytest.mark.usefixtures("hostile_corpus")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    cpu_s: float
    wall_s: float
    max_rss_kb: int


# A small launcher between pytest and the command: on Linux a child's ru_maxrss includes the memory of
# the process it was forked from, so forking the command straight from a pytest process that has
# already run browsers and AppTests would charge it hundreds of MB it never used.
_LAUNCHER = """
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
with open(sys.argv[1], "w") as f:
    json.dump({"cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss}, f)
sys.exit(proc.returncode)
"""


def run_cli(*args: str) -> Run:
    """Run the command line once, measuring the command's own CPU time and peak memory."""
    env = {**os.environ, "PYTHONWARNINGS": "default"}  # a RuntimeWarning on stderr would be a failure
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        usage_file = Path(tmp) / "usage.json"
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(usage_file), sys.executable, "-m", "appraisal", *args],
                                stdout=out, stderr=err, cwd=ROOT, env=env)
        try:
            proc.wait(WALL_GUARD_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        wall = time.monotonic() - start
        usage = json.loads(usage_file.read_text()) if usage_file.exists() else {"cpu": float("inf"), "rss": 1 << 40}
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   usage["cpu"], wall, usage["rss"])


def _args(entry: Entry) -> list[str]:
    path = str(GENERATED / entry.file)
    return ["rank", path, "--json"] if entry.expect == "literal" else ["rank", path]


@pytest.fixture(scope="module")
def runs(hostile_corpus: Path) -> dict[str, Run]:
    """The whole corpus, two processes at a time."""
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        results = pool.map(lambda e: (e.file, run_cli(*_args(e))), CORPUS)
        return dict(results)


def test_corpus_covers_the_issue() -> None:
    """At least 40 bad inputs, and every kind the issue names."""
    files = {e.file for e in CORPUS}
    refused = [e for e in CORPUS if e.expect == "refuse"]
    assert len(refused) >= 40
    for needed in ("yaml_billion_laughs", "yaml_deep_nesting", "size_50mb", "encoding_latin1", "encoding_utf16_bom",
                   "encoding_utf8_bom_broken", "dup_key", "format_wrong", "format_missing", "weight_nan", "weight_inf",
                   "weight_1e308", "weight_negative", "weights_all_zero", "score_outside_scale", "id_duplicate",
                   "weight_unknown_criterion", "empty_options", "options_10000", "names_script", "names_formula",
                   "xlsx_zip_bomb", "xlsx_macro", "xlsx_password", "xlsx_csv_renamed", "xlsx_external_links",
                   "xlsx_merged_header", "literal_html", "literal_markdown", "literal_formula"):
        assert any(f.startswith(needed) for f in files), needed
    assert (GENERATED / "size_50mb.yaml").stat().st_size >= 50 * 1024 * 1024


@pytest.mark.parametrize("entry", [e for e in CORPUS if e.expect == "refuse"], ids=lambda e: e.file)
def test_refused_with_one_clear_message(entry: Entry, runs: dict[str, Run]) -> None:
    run = runs[entry.file]
    assert run.returncode == 2, f"exit {run.returncode}; stderr: {run.stderr[:500]}"
    assert run.stdout == ""
    assert "Traceback" not in run.stderr and "Warning" not in run.stderr, run.stderr[:2000]
    lines = run.stderr.strip().splitlines()
    assert lines, "no message on stderr"
    # One error report: every line is one problem of this file (or the "… and N more" tail).
    for line in lines:
        assert line.startswith(f"{entry.file}: ") or line.startswith("… and "), line
    assert entry.where in lines[0], f"expected {entry.where!r} in the first line: {lines[0]!r}"
    assert len(lines[0]) < 400, "the message should be short enough to read"
    assert run.cpu_s < CPU_LIMIT_S, f"{run.cpu_s:.2f} s of CPU"
    assert run.max_rss_kb < MEMORY_LIMIT_KB, f"{run.max_rss_kb / 1024:.0f} MB"
    assert run.wall_s < WALL_GUARD_S


@pytest.mark.parametrize("entry", [e for e in CORPUS if e.expect == "literal"], ids=lambda e: e.file)
def test_hostile_names_load_and_come_back_exactly(entry: Entry, runs: dict[str, Run]) -> None:
    run = runs[entry.file]
    assert run.returncode == 0, run.stderr[:1000]
    assert run.stderr == ""
    data = yaml.safe_load((GENERATED / entry.file).read_bytes().decode("utf-8-sig"))
    names = {o["id"]: o["name"] for o in data["options"]}
    shown = {r["option"]: r["name"] for r in json.loads(run.stdout)["results"]}
    assert shown == names
    assert any(name in HOSTILE_NAMES.values() for name in shown.values())
    assert run.cpu_s < CPU_LIMIT_S and run.max_rss_kb < MEMORY_LIMIT_KB


def test_unsafe_yaml_tag_never_runs(runs: dict[str, Run]) -> None:
    """The corpus holds ``!!python/object/apply:os.system ["touch /tmp/oas-pwned"]``: refused, never run."""
    assert runs["yaml_python_tag.yaml"].returncode == 2
    assert not Path("/tmp/oas-pwned").exists()


def test_table_output_shows_names_literally() -> None:
    """Without --json the terminal table prints the names as typed (no escaping, no interpretation)."""
    run = run_cli("rank", str(GENERATED / "literal_formula_names.yaml"))
    assert run.returncode == 0, run.stderr
    for kind in ("hyperlink", "plus_cmd", "at_sum"):
        assert HOSTILE_NAMES[kind] in run.stdout


def test_budget_summary(runs: dict[str, Run], record_property) -> None:
    """The figures for the report: the heaviest file by CPU, memory and wall-clock time."""
    worst_cpu = max(runs.items(), key=lambda kv: kv[1].cpu_s)
    worst_rss = max(runs.items(), key=lambda kv: kv[1].max_rss_kb)
    worst_wall = max(runs.items(), key=lambda kv: kv[1].wall_s)
    summary = (f"{len(runs)} files; most CPU {worst_cpu[1].cpu_s:.2f} s ({worst_cpu[0]}); most memory "
               f"{worst_rss[1].max_rss_kb / 1024:.0f} MB ({worst_rss[0]}); longest wall {worst_wall[1].wall_s:.2f} s ({worst_wall[0]})")
    record_property("hostile_budget", summary)
    print(summary)
    assert worst_cpu[1].cpu_s < CPU_LIMIT_S and worst_rss[1].max_rss_kb < MEMORY_LIMIT_KB


# Every command shares the loader; a few representative files through each of them (same budget).
COMMAND_ARGS = {
    "rank": [],
    "sensitivity": [],
    "smaa": ["--samples", "500"],
    "what-it-takes": ["--option", "as_is"],
    "path": ["--from", "north_cabinet", "--to", "south_cabinet"],
    "savings": [],
}
SAMPLE_FILES = ["yaml_billion_laughs.yaml", "weight_1e308.yaml", "scale_1e308.yaml", "encoding_utf16_bom.yaml",
                "names_script_negative_weight.yaml", "xlsx_zip_bomb.xlsx"]


@pytest.fixture(scope="module")
def command_runs(hostile_corpus: Path) -> dict[tuple[str, str], Run]:
    jobs = [(cmd, f) for cmd in COMMAND_ARGS for f in SAMPLE_FILES]
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        return dict(zip(jobs, pool.map(lambda j: run_cli(j[0], str(GENERATED / j[1]), *COMMAND_ARGS[j[0]]), jobs)))


@pytest.mark.parametrize("command", list(COMMAND_ARGS))
def test_every_command_refuses_hostile_files_cleanly(command: str, command_runs: dict[tuple[str, str], Run]) -> None:
    wheres = {e.file: e.where for e in CORPUS}
    for name in SAMPLE_FILES:
        run = command_runs[command, name]
        assert run.returncode == 2, f"{command} {name}: exit {run.returncode}: {run.stderr[:300]}"
        assert "Traceback" not in run.stderr and "Warning" not in run.stderr, run.stderr[:1000]
        lines = run.stderr.strip().splitlines()
        assert lines and all(line.startswith(f"{name}: ") for line in lines), run.stderr[:500]
        assert wheres[name] in lines[0]
        assert run.cpu_s < CPU_LIMIT_S and run.max_rss_kb < MEMORY_LIMIT_KB, (command, name, run.cpu_s, run.max_rss_kb)
