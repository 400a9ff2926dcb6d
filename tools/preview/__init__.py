"""The offline preview: `python -m tools.preview --help`."""
