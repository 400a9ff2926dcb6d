"""`pulumi preview --policy-pack policy` from this repository: the pack in frugal/pack/__main__.py.

The CLI builds policy/venv from requirements.txt (which installs this checkout's frugal, editable) and
runs this file there; it hands over to the one module that builds the PolicyPack.
"""

import runpy

runpy.run_module("frugal.pack", run_name="__main__", alter_sys=True)
