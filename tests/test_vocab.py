"""Reference vocabularies: every name maps to one canonical id or fails with suggestions."""

from __future__ import annotations

import pytest

from referrals import vocab
from referrals.errors import DataError


def test_forces_of_the_uk():
    f = vocab.forces()
    ew = [
        i
        for i in f.ids()
        if f.attributes[i]["nation"] in ("england", "wales") and f.attributes[i]["kind"] == "territorial"
    ]
    assert len(ew) == 43
    assert f.attributes["police-scotland"]["nation"] == "scotland"
    assert f.attributes["psni"]["nation"] == "northern-ireland"
    assert f.attributes["british-transport-police"]["kind"] == "non-territorial"


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Met", "metropolitan"),
        ("MPS", "metropolitan"),
        ("Metropolitan Police Service", "metropolitan"),
        ("the Met", "metropolitan"),
        ("West Midlands Police", "west-midlands"),
        ("west midlands", "west-midlands"),
        ("Avon & Somerset Constabulary", "avon-and-somerset"),
        ("Dyfed Powys Police", "dyfed-powys"),
        ("PSNI", "psni"),
        ("Police Service of Northern Ireland", "psni"),
        ("BTP", "british-transport-police"),
        ("Greater Manchester", "greater-manchester"),
        ("GMP", "greater-manchester"),
    ],
)
def test_force_aliases(name, expected):
    assert vocab.forces().resolve(name) == expected


@pytest.mark.parametrize(
    "name,expected",
    [
        ("modern day slavery", "modern-slavery"),
        ("trafficking", "human-trafficking"),
        ("Domestic violence", "domestic-abuse"),
        ("CSE", "child-sexual-exploitation"),
        ("unspecified crimes", "unspecified"),
        ("Labor exploitation", "labour-exploitation"),
    ],
)
def test_crime_type_aliases(name, expected):
    assert vocab.crime_types().resolve(name) == expected


def test_unknown_force_suggests_the_closest():
    with pytest.raises(DataError) as err:
        vocab.forces().resolve("West Midland Constabulary")
    assert "West Midlands Police (west-midlands)" in str(err.value)


def test_unknown_crime_type_suggests():
    with pytest.raises(DataError) as err:
        vocab.crime_types().resolve("human trafficing")
    assert "human-trafficking" in str(err.value)


def test_nine_foi_categories():
    assert vocab.foi_crime_types() == [
        "modern-slavery",
        "human-trafficking",
        "domestic-abuse",
        "child-sexual-exploitation",
        "sexual-exploitation",
        "forced-marriage",
        "labour-exploitation",
        "domestic-servitude",
        "unspecified",
    ]


def test_not_recorded_aliases():
    assert vocab.geographies().resolve("Unknown") == "not-recorded"
    assert vocab.geographies().resolve("No force recorded") == "not-recorded"
