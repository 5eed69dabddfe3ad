"""Keep Streamlit's after-every-run garbage collection cheap.

Streamlit runs a full ``gc.collect(2)`` after each script or fragment run (``runner.postScriptGC``).
With pandas, numpy, scipy, Plotly, pydantic and SQLAlchemy loaded that is about 190,000 tracked
objects and 45–70 ms — on this 2-core machine most of a slider move's redraw time, and it holds
the GIL while the finished run's messages wait to be sent. Almost all of those objects are modules,
classes and functions that live as long as the process, so once the imports are done we move them
to the collector's permanent generation (``gc.freeze``); the after-run collection then only scans
what the runs themselves created. Reference counting still frees frozen objects as usual.
"""

from __future__ import annotations

import gc
import sys

_modules_at_last_freeze = 0


def freeze_after_new_imports() -> bool:
    """Freeze the heap if this run imported modules (first run, first visit to a page); else no-op.

    Called at the end of a run. It collects first, so no garbage is frozen; the few objects of the
    run in hand that are frozen with the modules are still freed by reference counting. Returns
    whether it froze, for the tests.
    """
    global _modules_at_last_freeze
    if len(sys.modules) == _modules_at_last_freeze:
        return False
    gc.collect()
    gc.freeze()
    _modules_at_last_freeze = len(sys.modules)
    return True
