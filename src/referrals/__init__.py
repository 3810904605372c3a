"""Reproducible figures and fact-checks for the police-referrals investigation.

Kept free of heavy imports so that the no-change build (runner) starts fast.
"""

import sys as _sys

# jsonschema (used by altair, nbformat and papermill) imports the optional
# rfc3987-syntax format checker, which compiles a grammar at import time: about
# 0.9 s in every kernel and every papermill process. Nothing in this project
# validates IRI formats, so the import is declined and jsonschema skips them.
_sys.modules.setdefault("rfc3987_syntax", None)

__version__ = "0.1.0"
