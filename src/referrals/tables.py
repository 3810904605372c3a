"""The tables the figures plot, derived from counts.

Each function returns exactly what a chart shows, with the ids of the figures
each row comes from, so that every plotted number is traceable. Which counts a
table starts from (a total, its parts) is declared in `registry`, not here, so
the same builders draw the published figures or a Home Office release turned
into counts. Derived rows (remainders nobody itemised) are labelled as such,
never presented as data.
"""

from __future__ import annotations

import pandas as pd

from . import vocab
from .errors import ParameterError
from .months import dates_in, is_last_day, months_between, period_label
from .rawdata import RawData

ITEMISED = "itemised"
NOT_RECORDED = "no force recorded"
REMAINDER = "remainder (derived)"

#: The breakdown names used in figures.csv (and by a release turned into counts).
BY_CRIME_TYPE = "crime type"
BY_FORCE = "force"


def source_line(raw: RawData, figure_ids) -> str:
    """'Source: outlet, "title" (year); ...' for the sources behind the given figures."""
    used = raw.figures[raw.figures["figure_id"].isin(list(figure_ids))]["source_id"].drop_duplicates()
    parts = []
    for sid in used:
        s = raw.sources[raw.sources["source_id"] == sid].iloc[0]
        parts.append(f"{s['outlet']}, \u201c{s['title']}\u201d ({str(s['published'])[:4]})")
    return "Source: " + "; ".join(parts)


def outlet(raw: RawData, figure_id: str) -> str:
    """The outlet that published a figure."""
    sid = raw.figure(figure_id)["source_id"]
    return str(raw.sources.set_index("source_id").loc[sid, "outlet"])


def figure_period(raw: RawData, figure_id: str) -> str:
    """A figure's period in words, as the chart states it: 'May 2020 to September 2022', or the source's wording."""
    f = raw.figure(figure_id)
    if "unknown" in (f["period_start"], f["period_end"]):
        return f"{f['period_text'] or 'period not stated'} ({outlet(raw, figure_id)} gives no dates)"
    return period_label(f["period_start"], f["period_end"])


def within(raw: RawData, figure_id: str, start: str, end: str) -> bool:
    """Whether a figure's period lies inside the requested one; an empty bound is the figure's own."""
    f = raw.figure(figure_id)
    if not start and not end:
        return True
    if "unknown" in (f["period_start"], f["period_end"]):
        return False
    return (not start or start <= f["period_start"]) and (not end or f["period_end"] <= end)


def require_within(raw: RawData, figure_id: str, start: str, end: str) -> None:
    if not within(raw, figure_id, start, end):
        f = raw.figure(figure_id)
        raise ParameterError(
            f"parameters period_start/period_end: no published figure for this chart lies within "
            f"{start or '...'}..{end or '...'}; the published figure ({figure_id}) covers "
            f"{f['period_start']}..{f['period_end']}. Published figures cannot be split into shorter periods; "
            "widen the period, or load the FOI release (monthly) if you have it"
        )


def _row(raw: RawData, figure_id: str) -> dict:
    f = raw.figure(figure_id)
    return {"figure_id": figure_id, "qualifier": f["qualifier"], "source": outlet(raw, figure_id), "value": f["value"]}


def parts(raw: RawData, parent: str, breakdown: str) -> pd.DataFrame:
    """The figures in one breakdown of `parent`, largest first (ties by id, so the order is stable)."""
    f = raw.figures
    chosen = f[(f["part_of"] == parent) & (f["breakdown"] == breakdown)]
    return chosen.sort_values(["value", "figure_id"], ascending=[False, True], kind="mergesort")


def is_complete(breakdown_parts: pd.DataFrame) -> bool:
    """Whether a breakdown's parts are marked as adding up to their total."""
    return not breakdown_parts.empty and (breakdown_parts["breakdown_complete"] == "yes").all()


def _remainder(raw: RawData, parent: str, minus: list[str], value: float, **labels) -> dict:
    """A derived row: the parent total minus the figures listed, labelled as derived, never as data."""
    by = outlet(raw, parent)
    return {
        **labels,
        "figure_id": " - ".join([parent, *minus]),
        "qualifier": "derived",
        "source": f"derived from {by}",
        "value": value,
    }


def _finish(rows: list[dict], total: float, columns: list[str]) -> pd.DataFrame:
    """Whole-number values and their share of the total, in the given column order."""
    out = pd.DataFrame(rows)
    out["value"] = out["value"].astype("int64")
    out["share_of_total"] = (out["value"] / total).round(4)
    return out[columns]


def headline(raw: RawData, total_id: str, forces_id: str, start: str = "", end: str = "") -> pd.DataFrame:
    """The headline count and the number of forces that made referrals."""
    require_within(raw, total_id, start, end)
    rows = [
        {"label": "Victims of crime referred", **_row(raw, total_id)},
        {"label": "Police forces that referred them", **_row(raw, forces_id)},
    ]
    out = pd.DataFrame(rows)
    out.insert(1, "period", figure_period(raw, total_id))
    out["value"] = out["value"].astype("int64")
    return out[["label", "value", "period", "qualifier", "source", "figure_id"]]


def crime_types(
    raw: RawData,
    total_id: str,
    order: list[str] | None = None,
    start: str = "",
    end: str = "",
    sort: str = "value",
) -> pd.DataFrame:
    """Every category of a total's crime-type breakdown, with counts and shares of the total."""
    require_within(raw, total_id, start, end)
    cts = vocab.crime_types(raw.directory)
    by_type = parts(raw, total_id, BY_CRIME_TYPE).set_index("crime_type", drop=False)
    wanted = order or list(by_type["crime_type"])
    rows = []
    for ct in wanted:
        if ct not in by_type.index:
            allowed = ", ".join(by_type["crime_type"])
            raise ParameterError(f"parameter crime_types: {ct!r} has no published UK figure; allowed: {allowed}")
        rows.append({"crime_type": ct, "name": cts.names[ct], **_row(raw, by_type.loc[ct, "figure_id"])})
    columns = ["crime_type", "name", "value", "share_of_total", "qualifier", "source", "figure_id"]
    out = _finish(rows, raw.value(total_id), columns)
    if sort == "value":
        out = out.sort_values(["value", "crime_type"], ascending=[False, True], kind="mergesort")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.reset_index(drop=True)


def forces(
    raw: RawData,
    total_id: str,
    forces_id: str,
    top: int | None = None,
    highlight: str = "",
    start: str = "",
    end: str = "",
) -> pd.DataFrame:
    """The forces a total is broken down by, 'no force recorded', and a derived remainder for the rest."""
    require_within(raw, total_id, start, end)
    geos = vocab.geographies(raw.directory)
    by_force = parts(raw, total_id, BY_FORCE)
    named = by_force[by_force["geography"] != "not-recorded"]
    top = len(named) if top is None else top
    if top > len(named):
        raise ParameterError(
            f"parameter top_forces: value {top} is more than the {len(named)} forces the data itemise; "
            f"allowed: 0 to {len(named)}"
        )
    shown, hidden = named.head(top), named.iloc[top:]
    not_recorded = by_force[by_force["geography"] == "not-recorded"]
    n_rest = int(raw.value(forces_id)) - len(shown)
    out = breakdown(
        raw,
        total_id,
        "geography",
        [(r, geos.names[r["geography"]], ITEMISED) for _, r in shown.iterrows()]
        + [(r, "No force recorded", NOT_RECORDED) for _, r in not_recorded.iterrows()],
        complete=is_complete(by_force) and hidden.empty,
        remainder=f"The other {n_rest} forces" + (" (not itemised)" if hidden.empty else " (not shown separately)"),
    )
    out.insert(5, "highlight", out["geography"] == highlight if highlight else False)
    if highlight and highlight not in set(shown["geography"]):
        note = (
            "itemised but outside top_forces" if highlight in set(hidden["geography"]) else "not itemised in the data"
        )
        out.attrs["highlight_note"] = f"{geos.names[highlight]} is {note}; its count is inside the remainder"
    return out


def place_by_crime_type(raw: RawData, total_id: str, start: str = "", end: str = "") -> pd.DataFrame:
    """One place's total by crime type, with a derived 'not itemised' row if the breakdown is incomplete."""
    require_within(raw, total_id, start, end)
    cts = vocab.crime_types(raw.directory)
    by_type = parts(raw, total_id, BY_CRIME_TYPE)
    complete = is_complete(by_type)
    return breakdown(
        raw,
        total_id,
        "crime_type",
        [(r, cts.names[r["crime_type"]], ITEMISED) for _, r in by_type.iterrows()],
        complete=complete,
        # In a complete breakdown only suppressed cells can leave a remainder.
        remainder="In suppressed cells" if complete else "Not itemised",
    )


def breakdown(
    raw: RawData, total_id: str, key: str, shown: list[tuple[pd.Series, str, str]], complete: bool, remainder: str
) -> pd.DataFrame:
    """A total broken down: one row per part shown (the part's figure, its name, its kind), then a derived row
    for what they leave of the total, named `remainder`, whenever something is left or the parts shown are not
    the whole breakdown (`complete` false). `key` is the column the parts are told apart by ('geography')."""
    rows = [{key: part[key], "name": name, "kind": kind, **_row(raw, part["figure_id"])} for part, name, kind in shown]
    total = raw.value(total_id)
    left = total - pd.Series([part["value"] for part, _, _ in shown], dtype=float).sum()
    if left > 0 or not complete:
        minus = [part["figure_id"] for part, _, _ in shown]
        rows.append(_remainder(raw, total_id, minus, left, **{key: "remainder"}, name=remainder, kind=REMAINDER))
    return _finish(rows, total, [key, "name", "kind", "value", "share_of_total", "qualifier", "source", "figure_id"])


def chain(raw: RawData, stage_ids: list[str], labels: list[str], start: str = "", end: str = "") -> pd.DataFrame:
    """A chain of counts, each part of the one before (calls, victim checks, ...), with each step's share."""
    for fid in stage_ids:
        require_within(raw, fid, start, end)
    rows = []
    previous = None
    for label, fid in zip(labels, stage_ids, strict=True):
        value = raw.value(fid)
        share = round(value / previous, 6) if previous else None
        rows.append({"stage": label, **_row(raw, fid), "share_of_previous": share})
        previous = value
    out = pd.DataFrame(rows)
    out["value"] = out["value"].astype("int64")
    out.insert(0, "step", range(1, len(out) + 1))
    return out[["step", "stage", "value", "share_of_previous", "qualifier", "source", "figure_id"]]


def stack_panels(panels: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every panel's table in one frame (the infographic's CSV), with a `panel` column."""
    frames = []
    for panel, table in panels.items():
        label_col = next(c for c in ("label", "name", "stage") if c in table.columns)
        columns = ["label", "value", "qualifier", "source", "figure_id"]
        frame = table.rename(columns={label_col: "label"})[columns].copy()
        frame.insert(0, "panel", panel)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def matrix(raw: RawData, total_id: str) -> pd.DataFrame:
    """Every force of a total's force breakdown by every crime type of its own breakdown (a release's table)."""
    geos, cts = vocab.geographies(raw.directory), vocab.crime_types(raw.directory)
    rows = []
    for _, force in parts(raw, total_id, BY_FORCE).iterrows():
        for _, cell in parts(raw, force["figure_id"], BY_CRIME_TYPE).iterrows():
            rows.append(
                {
                    "force": force["geography"],
                    "force_name": geos.names.get(force["geography"], force["geography"]),
                    "force_total": force["value"],
                    "crime_type": cell["crime_type"],
                    "crime_type_name": cts.names.get(cell["crime_type"], cell["crime_type"]),
                    **_row(raw, cell["figure_id"]),
                }
            )
    out = pd.DataFrame(rows)
    out["value"] = out["value"].astype("int64")
    out = out.sort_values(["force_total", "force", "crime_type"], ascending=[False, True, True], kind="mergesort")
    columns = ["force", "force_name", "crime_type", "crime_type_name", "value", "qualifier", "source", "figure_id"]
    return out[columns].reset_index(drop=True)


def by_month(raw: RawData, total_id: str, start: str = "", end: str = "") -> pd.DataFrame:
    """A total's breakdown by month (or by the release's own periods: quarters, years), in calendar order, with each
    period's share of the total and its length in months."""
    months = parts(raw, total_id, "month")
    if months.empty:
        months = parts(raw, total_id, "period")
    months = months.sort_values("period_start", kind="mergesort")
    if start or end:
        months = months[(months["period_start"] >= (start or "0000")) & (months["period_end"] <= (end or "9999"))]
        if months.empty:
            raise ParameterError(
                f"parameters period_start/period_end: no month of the release lies within {start}..{end}"
            )
    rows = [
        {
            "month": r["period_start"],
            "label": period_label(r["period_start"], r["period_end"])
            if r["breakdown"] == "month"
            else str(r["period_text"]),
            "months": months_between(r["period_start"], r["period_end"]),
            **_row(raw, r["figure_id"]),
        }
        for _, r in months.iterrows()
    ]
    columns = ["month", "label", "months", "value", "share_of_total", "qualifier", "source", "figure_id"]
    return _finish(rows, raw.value(total_id), columns)


def partial_months_note(raw: RawData, total_id: str) -> str:
    """Whether a release's first and last months are whole, from the dates its title states (never assumed)."""
    title = " ".join(
        str(t) for t in raw.sources.loc[raw.sources["source_id"] == raw.figure(total_id)["source_id"], "title"]
    )
    days = dates_in(title)
    if len(days) < 2:
        return "The release does not say whether its first and last months are whole"
    first, last = days[0], days[-1]
    partial = [which for which, whole in (("first", first.day == 1), ("last", is_last_day(last))) if not whole]
    if not partial:
        return "Whole months: the release runs from the first day of its first month to the last day of its last"
    months = f"{' and '.join(partial)} month{'s are' if len(partial) > 1 else ' is'}"
    return f"The {months} partial, as the release's dates show"
