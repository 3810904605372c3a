"""Process, part 2: the kinds of claim, one function each, each turning numbers into rows of the claims format.

A mention kind takes one number (a `Mention`) and returns its rows, or None when the number
is not of its kind; a sentence kind reads a whole sentence (a ranking, a total and its
parts, a stated length) and returns rows beside the numbers' own. The first mention kind
that answers wins. To add a kind of claim (a change "from A to B", a share with its two
counts, a group of people), write one function and list it in MENTION_KINDS or
SENTENCE_KINDS.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..wording import WordingError, read
from . import context
from .mentions import Mention
from .reading import Reading, Scope
from .rows import Draft, Row

# --- one number ---------------------------------------------------------------------------------------


def every_force(m: Mention, r: Reading, d: Draft) -> list[Row] | None:
    """'every force', 'each force', 'all forces': a count of forces in words, which the format cannot hold yet."""
    if m.kind != "every-force":
        return None
    scope = r.scope(m)
    reason = (
        f"A count of forces in words ('{m.text}'): the claims format holds counts as numbers, and no published "
        "figure lists which forces referred victims."
    )
    return [
        d.row(
            m,
            scope,
            m.text,
            rule="not-verifiable",
            reason=reason,
            review=[
                "kind: a count of forces in words, written as not-verifiable (the format reads only numbers); the "
                f"scope it speaks of is {_scope_words(scope)}"
            ],
        )
    ]


def forces(m: Mention, r: Reading, d: Draft) -> list[Row] | None:
    """'43 forces', 'each of the 43 forces', 'all 43 police forces': a count of forces."""
    if m.kind != "forces":
        return None
    return [d.row(m, r.scope(m), m.claimed, review=["kind: a count of forces"])]


def share(m: Mention, r: Reading, d: Draft) -> list[Row] | None:
    """'a quarter of...', 'almost 1 in 20', '25%': checked as the share of two published figures when both are found;
    otherwise not verifiable with the reason. (Once the format holds shares with their two counts, this is where the
    numerator's and the denominator's scopes go.)"""
    if m.kind != "share":
        return None
    scope = r.scope(m)
    try:
        claimed = read(m.claimed)
    except WordingError:
        claimed = None
    review = ["kind: a share"]
    part, whole = r.share_counts(m)
    if part is not None and whole is not None:
        part_id = d.figure(r.scope(part), part.value)
        whole_id = d.figure(r.scope(whole), whole.value)
        if part_id and whole_id and claimed is not None and claimed.kind == "share":
            review.append(
                f"a share of two numbers in the text: {part.text} of {whole.text}; held against the published "
                f"figures {part_id} and {whole_id}"
            )
            return [d.row(m, scope, m.claimed, rule="share", checked=part_id, compare=whole_id, review=review)]
    review.append(
        "the draft does not yet write what a share is a share of ('share_of'), and no two numbers of the text were "
        "found as published figures: written as not-verifiable; to check it, give 'share_of' by hand "
        "(claims/README.md) and remove the rule"
    )
    reason = (
        f"A share ('{m.claimed}'): the draft does not say what it is a share of, so it was not checked; give "
        "'share_of' to check it."
    )
    return [d.row(m, scope, m.claimed, rule="not-verifiable", reason=reason, review=review)]


def count(m: Mention, r: Reading, d: Draft) -> list[Row] | None:
    """A count or a rate, in digits or words, with its bound ('more than 2,000', 'around 40 a day', 'thousands')."""
    if m.kind not in ("count", "verbal"):
        return None
    scope = r.scope(m)
    if scope.measure in ("daily_estimate", "monthly_estimate"):  # the measure is already per day or month
        return [d.row(m, scope, m.words, review=[f"kind: an estimate '{m.rate}', measure {scope.measure}"])]
    return [d.row(m, scope, m.claimed, review=["kind: a rate, compared as a monthly rate"] if m.rate else [])]


MENTION_KINDS: list[Callable] = [every_force, forces, share, count]


# --- one sentence -------------------------------------------------------------------------------------

_RANKING = re.compile(r"\b(?:highest|largest|biggest|most|greatest)\b.*\bfollowed by\b", re.I)


def ranking(i: int, r: Reading, d: Draft) -> list[Row]:
    """'X had the highest number (460), followed by Y (222)...': the order of the published figures, and the ranking
    among all forces, which needs every force's count."""
    text = r.sentences[i].text
    if not _RANKING.search(text):
        return []
    items = []
    for m in r.claims(i):
        if m.kind != "count":
            continue
        scope = r.scope(m)
        if len(scope.places) != 1 or not scope.certain or not any(c.startswith("place (") for c in scope.certain):
            continue
        items.append((m, scope, d.figure(scope, m.value)))
    if len(items) < 2:
        return []
    first = items[0][0]
    rows = []
    superlative = re.search(r"\b(?:the )?(?:highest|largest|biggest|most|greatest)\b[^,(]*", text, re.I)
    rows.append(
        d.row(
            first,
            items[0][1],
            superlative.group(0).strip() if superlative else "highest",
            rule="not-verifiable",
            reason="A ranking among all forces: only some forces' counts are published, so whether another force "
            "referred more cannot be checked.",
            review=["kind: a ranking among all forces (the text says it is the highest)"],
            claim_suffix="rank",
        )
    )
    if all(fid for _, _, fid in items):
        names = ", ".join(f"{text[sc_start(r, m) : sc_end(r, m)]} {m.text}" for m, _, _ in items)
        rows.append(
            d.row(
                first,
                items[0][1],
                names,
                rule="order",
                checked=", ".join(fid for _, _, fid in items),
                review=["kind: an order of the numbers the sentence names, held against the published figures"],
                claim_suffix="order",
                quote_span=(0, len(text)),
            )
        )
    return rows


def sc_start(r: Reading, m: Mention) -> int:
    places = [f for f in r.places[m.sentence] if f.end <= m.start]
    return places[-1].start if places else m.start


def sc_end(r: Reading, m: Mention) -> int:
    places = [f for f in r.places[m.sentence] if f.end <= m.start]
    return places[-1].end if places else m.start


def stated_length(i: int, r: Reading, d: Draft) -> list[Row]:
    """'over a nine-month period between April and December 2020': the stated length, checked against the months."""
    rows = []
    for p in r.periods[i]:
        if not p.range_given or not r.domain.get(i):
            continue
        for _start, _end, words, months in context.stated_lengths(p.text):
            if not months.isdigit():
                continue
            anchor = next(iter(r.claims(i)), None)
            scope = r.scope(anchor) if anchor is not None else Scope(measure="victims_referred", places=("uk",))
            scope.first, scope.last, scope.months = p.first, p.last, ""
            rows.append(
                d.row(
                    anchor,
                    scope,
                    words,
                    rule="period-length",
                    review=["kind: a stated length of a period, checked against the months the text gives"],
                    claim_suffix="length",
                    sentence=i,
                    quote_span=(p.start, p.end),
                )
            )
    return rows


def total_and_parts(i: int, r: Reading, d: Draft) -> list[Row]:
    """'around 40 people a day, including 29 victims and 11 suspects': the total as the sum of its parts' figures."""
    counts = [m for m in r.claims(i) if m.kind == "count" and m.value]
    text = r.sentences[i].text
    rows = []
    for k, total in enumerate(counts):
        parts = counts[k + 1 :]
        if len(parts) < 2 or not re.search(r"\bincluding\b", text[total.end : parts[0].start], re.I):
            continue
        try:
            said = read(total.words)
        except WordingError:
            continue
        if not said.low <= sum(p.value for p in parts) <= said.high:
            continue
        ids = [d.figure(r.scope(p), p.value) for p in parts]
        if not all(ids):
            continue
        step = said.high - said.low
        rule, params = ("rounded", f"precision={int(step)}") if step >= 1 else ("exact", "")
        claimed = total.words
        rows.append(
            d.row(
                total,
                r.scope(total),
                claimed,
                rule=rule,
                checked=" + ".join(ids),
                parameters=params,
                review=[
                    f"kind: a total and its parts ({' + '.join(p.text for p in parts)}), held against their figures"
                ],
                claim_suffix="sum",
            )
        )
    return rows


SENTENCE_KINDS: list[Callable] = [ranking, stated_length, total_and_parts]


def _scope_words(scope: Scope) -> str:
    return f"{scope.measure}, {scope.geography}, {scope.crime_type}, {scope.first} to {scope.last}"
