"""`python -m tools.cost_report`, as users' CI calls it: `frugal cost-report` (frugal/cost_report.py)."""

from frugal.cost_report import main

if __name__ == "__main__":
    raise SystemExit(main())
