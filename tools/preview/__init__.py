"""`python -m tools.preview`: `frugal preview`, defaulting to this repository's program and `policy/` pack."""
