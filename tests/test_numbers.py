"""German number parsing: numerals in German format, number words, scale words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import digits_value, number_at, parse_number, scale_value, word_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,5", 1.5),
        ("12,9", 12.9),
        ("2.400", 2400.0),
        ("1.000.000", 1_000_000.0),
        ("12 500", 12_500.0),
        ("12\u00a0500", 12_500.0),
        ("300\u202f000", 300_000.0),
        ("1.234,56", 1234.56),
        ("67.318.205,45", 67_318_205.45),
        ("1,000,000", 1_000_000.0),
        ("1.5", 1.5),
        ("20,-", 20.0),
        ("20,\u2013", 20.0),
        ("420000000", 420_000_000.0),
        ("0", 0.0),
    ],
)
def test_digits_in_german_format(text: str, expected: float) -> None:
    assert digits_value(text) == expected
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1.2.3", "1,2,3", "12.34.567", "1,5,", "abc", "", "1..2", "١٢"])
def test_malformed_numerals_are_none(text: str) -> None:
    assert digits_value(text) is None
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("null", 0.0),
        ("eins", 1.0),
        ("ein", 1.0),
        ("eine", 1.0),
        ("einer", 1.0),
        ("einen", 1.0),
        ("einem", 1.0),
        ("zwei", 2.0),
        ("zwo", 2.0),
        ("sechs", 6.0),
        ("elf", 11.0),
        ("zwölf", 12.0),
        ("Zwölf", 12.0),
        ("siebzehn", 17.0),
        ("dreißig", 30.0),
        ("dreissig", 30.0),
        ("einundzwanzig", 21.0),
        ("fünfundvierzig", 45.0),
        ("achtundsiebzig", 78.0),
        ("hundert", 100.0),
        ("Hundert", 100.0),
        ("einhundert", 100.0),
        ("hunderteins", 101.0),
        ("hundertundeins", 101.0),
        ("siebenhundert", 700.0),
        ("dreihundertfünfzig", 350.0),
        ("zwölfhundert", 1200.0),
        ("tausend", 1000.0),
        ("zweitausend", 2000.0),
        ("hunderttausend", 100_000.0),
        ("dreihundertfünfzigtausendzweihundertzwölf", 350_212.0),
        ("neunhundertneunundneunzigtausendneunhundertneunundneunzig", 999_999.0),
        ("anderthalb", 1.5),
        ("eineinhalb", 1.5),
        ("zweieinhalb", 2.5),
    ],
)
def test_number_words(text: str, expected: float) -> None:
    assert word_value(text) == expected
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["und", "hunderttausendtausend", "zwanzigundeins", "einein", "elfundzwanzig", "Haus", "halb", ""]
)
def test_non_number_words_are_none(text: str) -> None:
    assert word_value(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eine halbe", 0.5),
        ("einer halben", 0.5),
        ("Tausend", 1000.0),
        ("12 Tausend", 12_000.0),
        ("500 Tsd.", 500_000.0),
        ("1,5 Millionen", 1_500_000.0),
        ("eine Million", 1_000_000.0),
        ("2,5 Mio.", 2_500_000.0),
        ("2,5 Mio", 2_500_000.0),
        ("zwei Milliarden", 2e9),
        ("12,9 Mrd.", 12.9e9),
        ("eine halbe Milliarde", 5e8),
        ("anderthalb Millionen", 1.5e6),
        ("achtundsiebzig Millionen", 78e6),
        ("drei Billionen", 3e12),
        ("Milliarde", 1e9),
        ("100T", 100_000.0),
        ("zwei Millionen dreihunderttausend", 2_300_000.0),
    ],
)
def test_numbers_with_scale(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["Millionen", "drei Monaten", "Zahl 1", "2 Millionen 3 Milliarden", "100t", "T", "eine Frau", "  "]
)
def test_phrases_that_are_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tausend", 1e3), ("Tsd.", 1e3), ("Millionen", 1e6), ("Mio.", 1e6), ("Mrd.", 1e9), ("Billionen", 1e12), ("Haus", None)],
)
def test_scale_words(text: str, expected: float | None) -> None:
    assert scale_value(text) == expected


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("drei Monaten", 0, (3.0, 4)),
        ("sechs Jahre", 0, (6.0, 5)),
        ("nach 12 Monaten", 5, (12.0, 7)),
        ("1,5 Mio. Euro", 0, (1_500_000.0, 8)),
        ("eine halbe Milliarde Dollar", 0, (5e8, 20)),
        ("Dreihundert Tausend", 0, (300_000.0, 19)),
        ("Monate", 0, None),
        ("abc 3", 0, None),
    ],
)
def test_number_at(text: str, position: int, expected: tuple[float, int] | None) -> None:
    assert number_at(text, position) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or value >= 0
    found = number_at(text)
    assert found is None or 0 < found[1] <= len(text)


def german_digits(cents: int) -> str:
    whole, fraction = divmod(cents, 100)
    grouped = f"{whole:,}".replace(",", ".")
    return grouped if fraction == 0 else f"{grouped},{fraction:02d}"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_generated_german_numerals_round_trip(cents: int) -> None:
    assert parse_number(german_digits(cents)) == pytest.approx(cents / 100, rel=1e-12)
