"""``python -m appraisal``: the command line of CASE_FORMAT.md."""

from appraisal.cli import main

raise SystemExit(main())
