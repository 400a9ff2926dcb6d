"""`python -m tools.cost_diff`, as users' CI calls it: `frugal cost-diff` (frugal/cost_diff.py)."""

from frugal.cost_diff import main

if __name__ == "__main__":
    raise SystemExit(main())
