"""ui.heap: the heap is frozen after runs that import modules, and only then (in a fresh interpreter,
so this test process's own collector is left alone)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SCRIPT = textwrap.dedent("""
    import gc, weakref
    from ui.heap import freeze_after_new_imports

    assert gc.get_freeze_count() == 0
    assert freeze_after_new_imports() is True          # first run: everything imported so far
    frozen = gc.get_freeze_count()
    assert frozen > 1000, frozen
    assert freeze_after_new_imports() is False         # a run that imported nothing: no work
    assert gc.get_freeze_count() == frozen

    import fractions                                   # a page's first visit brings in modules
    assert freeze_after_new_imports() is True
    assert gc.get_freeze_count() > frozen

    class Thing:
        pass
    thing = Thing()
    ref = weakref.ref(thing)
    freeze_after_new_imports.__globals__["_modules_at_last_freeze"] = 0  # force a freeze with `thing` alive
    assert freeze_after_new_imports() is True
    del thing                                          # frozen, yet reference counting still frees it
    assert ref() is None
    print("ok")
""")


def test_freeze_only_after_new_imports_and_frozen_objects_are_still_freed() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
