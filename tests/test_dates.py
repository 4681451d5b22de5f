"""Dates and durations: extraction in running text and resolution against the publication date."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.dates import find_dates, parse_published

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def spans(text: str, published: str | None = "2025-09-08T21:42", **settings) -> list[tuple[str, str, dict]]:
    return [(m.text, m.label, m.value) for m in find_dates(text, published, **settings)]


def test_seed_article_000_published_2025_09_08():
    text = (CORPUS / "000_88c4cff9ad4f1665.txt").read_text(encoding="utf-8")
    published = parse_published("2025-09-08 21:42")
    assert published == "2025-09-08T21:42"
    assert spans(text, published) == [
        ("2025-09-08 21:42", "DATE", {"value": "2025-09-08T21:42"}),
        ("Juni dieses Jahres", "DATE", {"value": "2025-06"}),
        ("Juli dieses Jahres", "DATE", {"value": "2025-07"}),
        ("2025", "DATE", {"value": "2025"}),
        ("2012", "DATE", {"value": "2012"}),
    ]


def test_seed_article_004_without_publication_date():
    text = (CORPUS / "004_db171f4863068d5a.txt").read_text(encoding="utf-8")
    assert spans(text, None) == [
        ("vor einigen Monaten", "DATE", {"value": None, "unresolved": "vague quantity"}),
        ("über sechs Jahre", "DURATION", {"value": "P6Y"}),
        ("September 2024", "DATE", {"value": "2024-09"}),
        ("Februar", "DATE", {"value": None, "unresolved": "relative date and no publication date"}),
    ]


PUBLISHED = "2025-09-08T21:42"  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute
        ("Das Abkommen wurde am 8. September 2025 unterzeichnet.", [("8. September 2025", "DATE", {"value": "2025-09-08"})]),
        ("Die Frist endet am 08.09.2025.", [("08.09.2025", "DATE", {"value": "2025-09-08"})]),
        ("Stand: 2025-09-08 21:42", [("2025-09-08 21:42", "DATE", {"value": "2025-09-08T21:42"})]),
        ("Im September 2024 verließ sie das Unternehmen.", [("September 2024", "DATE", {"value": "2024-09"})]),
        ("Die Firma wurde 2012 gegründet.", [("2012", "DATE", {"value": "2012"})]),
        ("Seit 2012 wächst der Umsatz.", [("2012", "DATE", {"value": "2012", "modifier": "since"})]),
        ("Vor 2000 gab es das nicht.", [("2000", "DATE", {"value": "2000", "modifier": "before"})]),
        ("Von 2010 bis 2018 war er Chef.", [("2010 bis 2018", "DATE", {"value": "2010/2018"})]),
        ("Der dritte Dienstag im September 2014 war ruhig.", [("dritte Dienstag im September 2014", "DATE", {"value": "2014-09-16"})]),
        ("12-Mär-2014", [("12-Mär-2014", "DATE", {"value": "2014-03-12"})]),
        ("31.10.74", [("31.10.74", "DATE", {"value": "1974-10-31"})]),
        ("Zu Ostern 2024 kam der Papst.", [("Ostern 2024", "DATE", {"value": "2024-03-31"})]),
        ("am 29.02.2023", [("29.02.2023", "DATE", {"value": None, "unresolved": "no such day"})]),
        # relative to the publication date
        ("Die Zahlen dieses Jahres sind gut.", [("dieses Jahres", "DATE", {"value": "2025"})]),
        ("Der Umsatz des letzten Jahres sank.", [("letzten Jahres", "DATE", {"value": "2024"})]),
        ("Die Prognose des nächsten Jahres ist offen.", [("nächsten Jahres", "DATE", {"value": "2026"})]),
        ("Juni dieses Jahres", [("Juni dieses Jahres", "DATE", {"value": "2025-06"})]),
        ("Im Juni hat das Team neue Forscher eingestellt.", [("Juni", "DATE", {"value": "2025-06"})]),
        ("Im Dezember hat der Konzern Stellen gestrichen.", [("Dezember", "DATE", {"value": "2024-12"})]),
        ("Im Dezember wird der Konzern die Zahlen vorlegen.", [("Dezember", "DATE", {"value": "2025-12"})]),
        ("Im Februar gründete sie ein Startup.", [("Februar", "DATE", {"value": "2025-02"})]),
        ("Am 3. März hat der Prozess begonnen.", [("3. März", "DATE", {"value": "2025-03-03"})]),
        ("Die Zahlen vom 15.2. waren gut.", [("15.2.", "DATE", {"value": "2025-02-15"})]),
        ("Am siebten vierten hat sie Geburtstag gefeiert.", [("siebten vierten", "DATE", {"value": "2025-04-07"})]),
        ("Vor drei Monaten kündigte er.", [("Vor drei Monaten", "DATE", {"value": "2025-06"})]),
        ("Vor einer Woche kam der Bericht.", [("Vor einer Woche", "DATE", {"value": "2025-09-01"})]),
        ("In zwei Wochen kommt der Bericht.", [("In zwei Wochen", "DATE", {"value": "2025-09-22"})]),
        ("Vor zwei Stunden kam die Meldung.", [("Vor zwei Stunden", "DATE", {"value": "2025-09-08T19"})]),
        ("vor wenigen Tagen hat er gesagt", [("vor wenigen Tagen", "DATE", {"value": None, "unresolved": "vague quantity"})]),
        ("Gestern gab der Vorstand nach.", [("Gestern", "DATE", {"value": "2025-09-07"})]),
        ("Heute beginnt die Messe.", [("Heute", "DATE", {"value": "2025-09-08"})]),
        ("Morgen tagt der Rat.", [("Morgen", "DATE", {"value": "2025-09-09"})]),
        ("Letzte Woche stiegen die Kurse.", [("Letzte Woche", "DATE", {"value": "2025-W36"})]),
        ("Letzten Monat stiegen die Kurse.", [("Letzten Monat", "DATE", {"value": "2025-08"})]),
        ("Nächstes Jahr kommt das Modell.", [("Nächstes Jahr", "DATE", {"value": "2026"})]),
        ("Im vergangenen Jahr wuchs der Markt.", [("vergangenen Jahr", "DATE", {"value": "2024"})]),
        ("Im Vorjahr wuchs der Markt.", [("Vorjahr", "DATE", {"value": "2024"})]),
        ("Am Freitag hat die Firma Zahlen vorgelegt.", [("Freitag", "DATE", {"value": "2025-09-05"})]),
        ("Am Freitag wird die Firma Zahlen vorlegen.", [("Freitag", "DATE", {"value": "2025-09-12"})]),
        ("Letzten Dienstag kam er.", [("Letzten Dienstag", "DATE", {"value": "2025-09-02"})]),
        ("Übernächsten Freitag kommt er.", [("Übernächsten Freitag", "DATE", {"value": "2025-09-19"})]),
        ("Weihnachten letzten Jahres war kalt.", [("Weihnachten letzten Jahres", "DATE", {"value": "2024-12-25"})]),
        # parts of a period, as ranges
        ("Anfang 2025 stieg der Preis.", [("Anfang 2025", "DATE", {"value": "2025-01/2025-04"})]),
        ("Mitte 2025 stieg der Preis.", [("Mitte 2025", "DATE", {"value": "2025-05/2025-08"})]),
        ("Ende 2025 soll das Werk fertig sein.", [("Ende 2025", "DATE", {"value": "2025-09/2025-12"})]),
        ("Ende letzten Jahres sank der Preis.", [("Ende letzten Jahres", "DATE", {"value": "2024-09/2024-12"})]),
        ("Anfang Juni 2024 öffnete der Laden.", [("Anfang Juni 2024", "DATE", {"value": "2024-06-01/2024-06-10"})]),
        ("Die Rede hielt er Mitte des Monats.", [("Mitte des Monats", "DATE", {"value": "2025-09-11/2025-09-20"})]),
        ("Bis Ende 2025 will die Firma liefern.", [("Ende 2025", "DATE", {"value": "2025-09/2025-12", "modifier": "until"})]),
        ("Im Sommer 2024 war es heiß.", [("Sommer 2024", "DATE", {"value": "2024-06/2024-08"})]),
        ("Im Frühjahr hat er gekündigt.", [("Frühjahr", "DATE", {"value": "2025-03/2025-05"})]),
        ("Letzten Winter war es kalt.", [("Letzten Winter", "DATE", {"value": "2024-12/2025-02"})]),
        ("Der Sommer war heiß.", []),
        # explicit ranges
        ("Die Messe läuft vom 3. bis 5. März 2025.", [("3. bis 5. März 2025", "DATE", {"value": "2025-03-03/2025-03-05"})]),
        ("Vom 28. Februar bis 3. März 2025 ist zu.", [("28. Februar bis 3. März 2025", "DATE", {"value": "2025-02-28/2025-03-03"})]),
        ("Von März bis Mai 2025 wurde gebaut.", [("März bis Mai 2025", "DATE", {"value": "2025-03/2025-05"})]),
        ("Im ersten Quartal 2025 stieg der Umsatz.", [("ersten Quartal 2025", "DATE", {"value": "2025-01/2025-03"})]),
        ("Im zweiten Quartal stieg der Umsatz.", [("zweiten Quartal", "DATE", {"value": "2025-04/2025-06"})]),
        ("Der Umsatz in Q3/2024 sank.", [("Q3/2024", "DATE", {"value": "2024-07/2024-09"})]),
        ("im zweiten Halbjahr des laufenden Jahres", [("zweiten Halbjahr des laufenden Jahres", "DATE", {"value": "2025-07/2025-12"})]),
        # durations
        ("Er bot 1,5 Milliarden Dollar über sechs Jahre.", [("über sechs Jahre", "DURATION", {"value": "P6Y"})]),
        ("Sie unterschrieb für drei Monate.", [("für drei Monate", "DURATION", {"value": "P3M"})]),
        ("Der Vertrag läuft zwei Jahre und sechs Monate.", [("zwei Jahre und sechs Monate", "DURATION", {"value": "P2Y6M"})]),
        ("Er ist seit drei Jahren Chef.", [("seit drei Jahren", "DURATION", {"value": "P3Y"})]),
        ("seit einigen Jahren", [("seit einigen Jahren", "DURATION", {"value": None, "unresolved": "vague quantity"})]),
        ("Er ist 20 Jahre alt.", []),
        ("Wir haben den Ausstoß in 23 Jahren um 24 Prozent reduziert.", [("23 Jahren", "DURATION", {"value": "P23Y"})]),
        ("Ende Dezember letzten Jahres kam es zum Streit.", [("Ende Dezember letzten Jahres", "DATE", {"value": "2024-12-21/2024-12-31"})]),
        ("Der Rat, der im Juni 2014 tagen wird, entscheidet.", [("Juni 2014", "DATE", {"value": "2014-06"})]),
    ],
)
def test_forms_resolved_against_publication(text, expected):
    assert spans(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("text", "reading", "value"),
    [
        # no tense cue: the nearer of last and next occurrence
        ("Das Treffen ist am 10.12.", "tense", "2025-12-10"),
        ("Das Treffen ist am 10.05.", "tense", "2025-05-10"),
        ("Das Treffen ist am 10.12.", "past", "2024-12-10"),
        ("Das Treffen ist am 10.05.", "future", "2026-05-10"),
        ("Am 10.10. hat das Treffen stattgefunden.", "tense", "2024-10-10"),
        ("Am 10.10. wird das Treffen stattfinden.", "tense", "2025-10-10"),
        # the clause around the date decides before the rest of the sentence
        ("Wir haben das beschlossen, genehmigen werden wir es am 3. Dezember.", "tense", "2025-12-03"),
        ("Am 3. Dezember hat der Rat getagt, nun wird er entscheiden.", "tense", "2024-12-03"),
        # a reporting verb counts as past only when nothing points ahead
        ("Im Dezember, so sagte er, wird alles gut.", "tense", "2025-12"),
        ("Im Dezember, so sagte er, sei alles gut gewesen.", "tense", "2024-12"),
    ],
)
def test_year_less_date_follows_the_reading(text, reading, value):
    assert [m.value["value"] for m in find_dates(text, PUBLISHED, reading=reading)] == [value]


def test_relative_dates_stay_unresolved_without_publication_date():
    text = "Gestern sagte er, im März habe er vor drei Monaten gekündigt; 2024 war ruhig."
    assert spans(text, None) == [
        ("Gestern", "DATE", {"value": None, "unresolved": "relative date and no publication date"}),
        ("März", "DATE", {"value": None, "unresolved": "relative date and no publication date"}),
        ("vor drei Monaten", "DATE", {"value": None, "unresolved": "relative date and no publication date"}),
        ("2024", "DATE", {"value": "2024"}),
    ]


def test_partial_publication_date_is_named_as_the_reason():
    assert spans("Im Juni hat er gekündigt.", "2025-09") == [
        ("Juni", "DATE", {"value": None, "unresolved": "publication date '2025-09' is not a full date"})
    ]


def test_hours_need_a_publication_time():
    assert spans("Vor zwei Stunden kam die Meldung.", "2025-09-08") == [
        ("Vor zwei Stunden", "DATE", {"value": None, "unresolved": "publication time unknown"})
    ]


def test_unknown_reading_is_refused():
    with pytest.raises(ValueError):
        find_dates("im Juni", PUBLISHED, reading="sometimes")


@pytest.mark.parametrize(
    ("metadata", "iso"),
    [
        ("2025-09-08 21:42", "2025-09-08T21:42"),
        ("2025-09-08T21:42:00+02:00", "2025-09-08T21:42"),
        ("2025-09-08T21:42:00Z", "2025-09-08T21:42"),
        ("2025-09-08", "2025-09-08"),
        ("08.09.2025", "2025-09-08"),
        ("8. September 2025", "2025-09-08"),
        ("Mon, 08 Sep 2025 21:42:00 +0200", "2025-09-08T21:42"),
        ("September 2025", "2025-09"),
        ("08.09.2025 - 21:42", "2025-09-08T21:42"),
        ("2025/09/08", "2025-09-08"),
        ("20250908T2142", "2025-09-08T21:42"),
        ("2025-02-30", None),
        ("heute", None),
        ("", None),
    ],
)
def test_parse_published(metadata, iso):
    assert parse_published(metadata) == iso


def _no_date_lines() -> list[str]:
    lines = (Path(__file__).parent / "fixtures" / "no_dates_de.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_no_date_fixture_is_large_enough():
    assert len(_no_date_lines()) >= 200


@pytest.mark.parametrize("line", _no_date_lines())
def test_function_words_and_date_free_sentences_give_no_date(line):
    assert [m for m in find_dates(line, PUBLISHED) if m.label == "DATE"] == []


def test_mentions_are_sorted_non_overlapping_and_point_into_the_text():
    text = "Am 3. März 2024 und im Juni dieses Jahres, also vor drei Monaten, bot er über sechs Jahre 2 Mrd."
    mentions = find_dates(text, PUBLISHED)
    assert [(m.start, m.end) for m in mentions] == sorted((m.start, m.end) for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert [m.text for m in mentions] == ["3. März 2024", "Juni dieses Jahres", "vor drei Monaten", "über sechs Jahre"]


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402

_DATE_WORDS = [
    "am", "im", "Juni", "3.", "März", "2025", "vor", "drei", "Monaten", "über", "sechs", "Jahre", "Ende", "dieses", "Jahres",
    "gestern", "Montag", "/", "-", ".", ",", " ", "nach", "später", "zuvor", "Wochen", "selben", "Jahr", "dem", "des", "den",
    "1990er", "90er", "Weihnachten", "nächster", "Woche", "14.", "10.", "29.02.", "erste", "Hälfte", "Folgemonat",
]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(_DATE_WORDS)).map(" ".join)), st.sampled_from([None, "2025-09-08", PUBLISHED, "2024-02-29"]))
def test_arbitrary_text_never_raises_and_offsets_stay_inside(text, published):
    mentions = find_dates(text, published)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.label in ("DATE", "DURATION")
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
