import sys
from pathlib import Path

from frugal.preview.cli import exit_on_termination, main

REPO = Path(__file__).resolve().parents[2]

exit_on_termination()
sys.exit(main(prog="python -m tools.preview", default_program=REPO, default_pack=REPO / "policy"))
