"""`pulumi preview --policy-pack policy` from this repository: the pack in frugal/pack/__main__.py.

The CLI builds policy/venv from requirements.txt (what the rules import) and runs this file there;
it hands over to the one module that builds the PolicyPack. The checkout's own `frugal` goes first on
the path, whatever frugal the environment has installed: a cost diff runs an older commit's pack from a
worktree beside this one, and each side must judge with its own rules and prices.
"""

import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
runpy.run_module("frugal.pack", run_name="__main__", alter_sys=True)
