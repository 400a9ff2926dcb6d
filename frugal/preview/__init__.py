"""The offline preview: `python -m frugal.preview --help`."""
