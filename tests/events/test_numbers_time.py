from datetime import date

import pytest

from frontwatch.events.figures import share_of
from frontwatch.events.numbers import parse_number
from frontwatch.events.time import find_dates

PUB = date(2020, 1, 29)  # a Wednesday


@pytest.mark.parametrize("text,value", [
    ("more than 216,000", 216_000), ("some 3 million", 3_000_000), ("hundreds of thousands", 100_000),
    ("a dozen", 12), ("more than a dozen", 12), ("dozens", 12), ("hundreds", 100), ("tens", 10),
    ("two hundred", 200), ("twenty-five", 25), ("3.5 million", 3_500_000), ("several", 3), ("six", 6),
    ("at least 14", 14), ("one thousand two hundred", 1200),
])
def test_counts_as_news_writes_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["the", "town", "no", ""])
def test_words_that_are_not_counts(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text,day,precision", [
    ("Syrians fled on Jan. 28 from the town", date(2020, 1, 28), 1),
    ("insurgents withdrew late Tuesday", date(2020, 1, 28), 1),
    ("Around noon Wednesday, troops", date(2020, 1, 29), 1),
    ("In August, troops captured", date(2019, 8, 15), 3),
    ("as of the end of December more", date(2019, 12, 31), 3),
    ("at the beginning of January", date(2020, 1, 1), 3),
    ("a truce that collapsed earlier this month", date(2020, 1, 15), 3),
    ("On 11 March 2020, at least three", date(2020, 3, 11), 1),
    ("fighting last week", date(2020, 1, 23), 2),
    ("shelling yesterday", date(2020, 1, 28), 1),
])
def test_relative_dates_resolve_against_publication(text, day, precision):
    found = find_dates(text, PUB)
    assert found, text
    assert (found[0].day, found[0].precision) == (day, precision)


def test_without_publication_only_absolute_dates_resolve():
    assert find_dates("on Tuesday", None) == []
    assert find_dates("on 5 March 2020", None)[0].day == date(2020, 3, 5)


@pytest.mark.parametrize("text, total, share", [
    ("In total 38 people died, distributed fatalities over Deir-ez-Zor, the Military Airport and Al-Thade Mountain.",
     38, 13),
    ("10 fatalities split between Jeb Ej-Jarrah and T4 Pumping Station.", 10, 5),
    ("Fatalities split between 3 events.", 9, 3),
    ("The clashes spread over the city.", 9, 9),
])
def test_a_total_shared_over_named_places(text, total, share):
    assert share_of(text, total, None) == share


def test_overnight_before_a_weekday_is_that_night():
    pub = date(2008, 6, 30)         # a Monday
    got = find_dates("hundreds were injured in clashes with riot police overnight Saturday.", pub)
    assert [(w.day, w.text) for w in got] == [(date(2008, 6, 28), "overnight Saturday")]
    assert [w.day for w in find_dates("clashes overnight killed two", pub)] == [date(2008, 6, 29)]
