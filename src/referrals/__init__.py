"""Reproducible figures and fact-checks for the police-referrals investigation.

Kept free of heavy imports so that the no-change build (runner) starts fast.
"""

__version__ = "0.1.0"
