"""From an article to a draft claims file: every numeric claim found, scoped and explained for review.

`python -m referrals claims-from-text ARTICLE --out FILE` reads an article (text, Markdown or
HTML; a page's address is recorded, never fetched), finds every number that is a claim about
the referrals (counts, rates, bounds, verbal quantities, shares, counts of forces), proposes
for each what it counts (measure, place, crime types, period) from its sentence and the
sentences the text ties it to, and writes one row per claim in the claims format
(claims/README.md) with a `review` column saying what was certain and what was guessed.
Numbers that are not claims (dates, money, ages, references) are counted and left out.

The steps: article (load), mentions (sentences and numbers), reading (scope), kinds (one
function per kind of claim), rows (the format's columns), draft (process and save).
"""

from __future__ import annotations

from .article import ArticleError
from .draft import DEFAULT_OUT, Result, draft, output_file, save, source_for, summary

__all__ = ["DEFAULT_OUT", "ArticleError", "Result", "draft", "output_file", "save", "source_for", "summary"]
