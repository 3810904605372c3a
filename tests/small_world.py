"""A small, hand-built world for the ledger's unit tests: a few forces, nations and crime types, and builders for
periods, scopes, counts and claims over it (no claims file, no published figures, no full ledger).

Measures: victims and calls (flows over time), forces (a number of forces, no flow). Forces: north and south
(England), west (Wales), highland (Scotland), all territorial; rail (England, not territorial). Places: uk (every
force and 'no force recorded'), england-and-wales (the territorial forces of England and Wales), scotland,
not-recorded. Crime types: abuse, theft and fraud make up the breakdown (mutually exclusive, together everything);
child-abuse lies within abuse; abuse-and-theft consists of abuse and theft; other is outside the breakdown; all is
every crime type. Qualifiers: exact, at least, more than, about, thousands (words), a quarter (a verbal share). Groups
of people: all (the default), women and men (a split by sex), children and adults (a split by age). Measures: also
served (victims served with papers, a part of the victims).
"""

from __future__ import annotations

from pathlib import Path

from referrals import scope
from referrals.compare import Claim
from referrals.counts import Count, Evidence
from referrals.scope import Period, Scope
from referrals.wording import Claimed, read

VOCABULARIES = {
    "forces.csv": """force_id,name,nation,kind,aliases
north,North Police,england,territorial,
south,South Police,england,territorial,
west,West Police,wales,territorial,
highland,Highland Police,scotland,territorial,
rail,Rail Police,england,non-territorial,
""",
    "geographies.csv": """geography,name,kind,nations,aliases
uk,United Kingdom,country,*,
england-and-wales,England and Wales,nations,england|wales,
scotland,Scotland,nation,scotland,
not-recorded,No force recorded,none,,
""",
    "crime_types.csv": """crime_type,name,in_foi_breakdown,within,consists_of,aliases
abuse,Abuse,yes,,,
theft,Theft,yes,,,
fraud,Fraud,yes,,,
child-abuse,Child abuse,no,abuse,,
abuse-and-theft,Abuse and theft,no,,abuse|theft,
other,Other,no,,,
all,All crime types,no,,,
""",
    "measures.csv": """measure,name,aliases,unit,whole,flow,maximum,definition
victims,victims referred,,victims,yes,yes,1000000,People referred.
forces,forces referring,,forces,yes,no,100,Forces that referred anyone.
calls,calls made,,calls,yes,yes,1000000,Calls.
served,victims served with papers,,victims,yes,yes,1000000,Victims served with papers.
""",
    "populations.csv": """population,name,within,split,aliases
all,All victims,,,
women,Women,all,sex,
men,Men,all,sex,
children,Children,all,age,
adults,Adults,all,age,
""",
    "qualifiers.csv": """qualifier,meaning,definition,notes
exact,exact,,
at least,at-least,,
more than,more-than,,
about,approximately,,
thousands,verbal,,
a quarter,verbal,,
""",
}


def write_world(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in VOCABULARIES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def months(first: str, last: str) -> Period:
    return Period.months(first, last)


#: Ten months, January to October 2020, the period most tests use.
TEN = months("2020-01", "2020-10")


def scope_of(
    period: Period = TEN, places=("uk",), types=("all",), measure: str = "victims", population=("all",)
) -> Scope:
    return Scope(measure, tuple(places), tuple(types), period, tuple(population))


def count(
    value: float | None,
    period: Period = TEN,
    places=("uk",),
    types=("all",),
    *,
    id: str = "fig_a",
    low: float | None = None,
    high: float | None = None,
    measure: str = "victims",
    outlet: str = "Outlet A",
    dataset: str = "request-1",
    story: str = "story-a",
    role: str = "original",
    flow: bool = True,
    meaning: str = "exact",
    qualifier: str = "exact",
    derived: str = "",
    population=("all",),
    of: Scope | None = None,
) -> Count:
    return Count(
        of=of,
        id=id,
        scope=scope_of(period, places, types, measure, population),
        low=value if low is None else low,
        high=value if high is None else high,
        value=value,
        qualifier=qualifier,
        meaning=meaning,
        source_id=f"source-{id}",
        outlet=outlet,
        dataset=dataset,
        story=story,
        role=role,
        flow=flow,
        derived=derived,
    )


def claim(
    text: str | Claimed,
    period: Period = TEN,
    places=("uk",),
    types=("all",),
    *,
    measure: str = "victims",
    outlet: str = "Claimant",
    dataset: str = "request-1",
    story: str = "claim-story",
    population=("all",),
    of: Scope | None = None,
) -> Claim:
    claimed = read(text) if isinstance(text, str) else text  # a Claimed: words the reader refuses (a decimal count)
    scope = scope_of(period, places, types, measure, population)
    return Claim("c", scope, claimed, "claimant", outlet, dataset, story, of=of)


def evidence(directory: Path, counts=(), breakdowns=()) -> Evidence:
    return Evidence(list(counts), scope.universe(directory), list(breakdowns))
