"""Dates read with what stands around them: ranges of days, weekdays of a shifted week, decades,
dates composed with an amount or a weekday, and dates counted from an earlier date of the text."""

from __future__ import annotations

import pytest

from pipeline.dates import find_dates

PUBLISHED = "2025-09-08T21:42"  # a Monday
NO_EARLIER = {"value": None, "unresolved": "counted from an earlier date and there is none nearby"}


def spans(text: str, published: str | None = PUBLISHED) -> list[tuple[str, str, dict]]:
    return [(m.text, m.label, m.value) for m in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ranges of days, numeric and with ordinal or bare day numbers
        ("Die Messe läuft vom 14.10. bis 15.10.2026.", [("14.10. bis 15.10.2026", "DATE", {"value": "2026-10-14/2026-10-15"})]),
        ("Am 14./15.10.2024 war zu.", [("14./15.10.2024", "DATE", {"value": "2024-10-14/2024-10-15"})]),
        ("Vom 3.-5.10. wird gestreikt.", [("3.-5.10.", "DATE", {"value": "2025-10-03/2025-10-05"})]),
        ("Die Tagung vom 13ter bis 15ter Juli 2024 war voll.", [("13ter bis 15ter Juli 2024", "DATE", {"value": "2024-07-13/2024-07-15"})]),
        ("Die Tage 13 bis 15 Juli 2024 waren heiß.", [("13 bis 15 Juli 2024", "DATE", {"value": "2024-07-13/2024-07-15"})]),
        ("Er kam am 5. bis zum 7. Oktober.", [("5. bis zum 7. Oktober", "DATE", {"value": "2024-10-05/2024-10-07"})]),
        # ordinals that count something else
        ("Die Schüler der 5. bis 7. Klasse kamen.", []),
        ("Die Spiele am 2./3. Spieltag waren gut.", []),
        # a weekday of a shifted week
        ("Am Montag nächster Woche wird entschieden.", [("Montag nächster Woche", "DATE", {"value": "2025-09-15"})]),
        ("Am Freitag der vergangenen Woche fiel die Aktie.", [("Freitag der vergangenen Woche", "DATE", {"value": "2025-09-05"})]),
        ("Nächste Woche Dienstag kommt er.", [("Nächste Woche Dienstag", "DATE", {"value": "2025-09-16"})]),
        ("Am Mittwoch dieser Woche tagt der Rat.", [("Mittwoch dieser Woche", "DATE", {"value": "2025-09-10"})]),
        ("In der übernächsten Woche am Donnerstag kommt er.", [("übernächsten Woche am Donnerstag", "DATE", {"value": "2025-09-25"})]),
        # halves of a year need the year after them
        ("In der ersten Hälfte des Jahres 2024 stieg der Umsatz.", [("ersten Hälfte des Jahres 2024", "DATE", {"value": "2024-01/2024-06"})]),
        ("In der zweiten Hälfte des Jahres wird es besser.", [("zweiten Hälfte des Jahres", "DATE", {"value": "2025-07/2025-12"})]),
        ("In der ersten Hälfte des vergangenen Jahres sank er.", [("ersten Hälfte des vergangenen Jahres", "DATE", {"value": "2024-01/2024-06"})]),
        ("Die erste Hälfte des Spiels war gut.", []),
        ("Zu Beginn des Jahres stieg der Kurs.", [("Beginn des Jahres", "DATE", {"value": "2025-01/2025-04"})]),
        ("Der Beginn der Sitzung verzögerte sich.", []),
        # decades, after their preposition
        ("In den 1990er Jahren wuchs der Markt.", [("1990er Jahren", "DATE", {"value": "1990/1999"})]),
        ("Die Mode der 80er-Jahre kehrt zurück.", [("80er-Jahre", "DATE", {"value": "1980/1989"})]),
        ("Anfang der 2000er platzte die Blase.", [("Anfang der 2000er", "DATE", {"value": "2000/2003"})]),
        ("Ende der neunziger Jahre kam das Internet.", [("Ende der neunziger Jahre", "DATE", {"value": "1997/1999"})]),
        ("Seit den 10er Jahren wächst der Markt.", [("10er Jahren", "DATE", {"value": "2010/2019", "modifier": "since"})]),
        ("In den Neunzigern war das anders.", []),
        # a date composed with an amount or a weekday before it
        ("Ein Jahr nach Weihnachten 2023 kam die Wende.", [("Ein Jahr nach Weihnachten 2023", "DATE", {"value": "2024-12-25"})]),
        ("Zwei Tage vor dem 3. März 2024 reiste er ab.", [("Zwei Tage vor dem 3. März 2024", "DATE", {"value": "2024-03-01"})]),
        ("Am ersten Montag nach Ostern 2024 begann der Prozess.", [("ersten Montag nach Ostern 2024", "DATE", {"value": "2024-04-01"})]),
        ("Der dritte Dienstag nach Weihnachten 2014 war kalt.", [("dritte Dienstag nach Weihnachten 2014", "DATE", {"value": "2015-01-13"})]),
        ("Drei Monate nach Juni 2020 kam die Wende.", [("Drei Monate nach Juni 2020", "DATE", {"value": "2020-09"})]),
        # days after a month give no day: the amount stays a duration
        ("Drei Tage nach Juni 2020 kam die Wende.", [("Drei Tage", "DURATION", {"value": "P3D"}), ("Juni 2020", "DATE", {"value": "2020-06", "modifier": "after"})]),
        ("Zwei Jahre nach der Gründung ging die Firma an die Börse.", [("Zwei Jahre", "DURATION", {"value": "P2Y"})]),
        # a year-less date in a past or future sentence: the year whose composed date the tense allows
        ("Einen Monat nach dem 15. August hat er gekündigt.", [("Einen Monat nach dem 15. August", "DATE", {"value": "2024-09-15"})]),
        ("Ein Jahr nach Weihnachten hat er gekündigt.", [("Ein Jahr nach Weihnachten", "DATE", {"value": "2024-12-25"})]),
        ("Ein Jahr nach Weihnachten wird er gehen.", [("Ein Jahr nach Weihnachten", "DATE", {"value": "2025-12-25"})]),
        ("Am ersten Montag nach Ostern hat der Prozess begonnen.", [("ersten Montag nach Ostern", "DATE", {"value": "2025-04-21"})]),
    ],
)
def test_dates_read_with_their_surroundings(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Am 3. März 2020 stellte er den Antrag. Drei Wochen später wurde er genehmigt.",
            [("3. März 2020", "DATE", {"value": "2020-03-03"}), ("Drei Wochen später", "DATE", {"value": "2020-03-24"})],
        ),
        (
            "Die Firma wurde 1998 gegründet. Zwei Jahre später ging sie an die Börse.",
            [("1998", "DATE", {"value": "1998"}), ("Zwei Jahre später", "DATE", {"value": "2000"})],
        ),
        # the coarser of the earlier date's grain and the unit's
        ("Im Juni 2020 kam er; zwei Jahre zuvor war er gegangen.", [("Juni 2020", "DATE", {"value": "2020-06"}), ("zwei Jahre zuvor", "DATE", {"value": "2018"})]),
        ("2012 gründete er die Firma. Im selben Jahr kam der Erfolg.", [("2012", "DATE", {"value": "2012"}), ("selben Jahr", "DATE", {"value": "2012"})]),
        (
            "Der Umsatz lag 2023 bei 5 Mio. Euro. Im Jahr zuvor waren es 4 Mio. Euro.",
            [("2023", "DATE", {"value": "2023"}), ("Jahr zuvor", "DATE", {"value": "2022"})],
        ),
        ("Im März 2021 kam er, im Folgemonat ging er.", [("März 2021", "DATE", {"value": "2021-03"}), ("Folgemonat", "DATE", {"value": "2021-04"})]),
        ("2019 zog er nach Berlin. In dem Jahr kam sein Sohn.", [("2019", "DATE", {"value": "2019"}), ("dem Jahr", "DATE", {"value": "2019"})]),
        # never counted from the publication date
        ("Drei Wochen später wurde er genehmigt.", [("Drei Wochen später", "DATE", NO_EARLIER)]),
        ("Im darauffolgenden Jahr ging er.", [("darauffolgenden Jahr", "DATE", NO_EARLIER)]),
        ("Er kam am 3. März 2020. 20 Minuten später ging er.", [("3. März 2020", "DATE", {"value": "2020-03-03"}), ("20 Minuten später", "DATE", NO_EARLIER)]),
        (
            "2012 gründete er die Firma. Dann kam A. Dann kam B. Dann kam C. Im selben Jahr kam der Erfolg.",
            [("2012", "DATE", {"value": "2012"}), ("selben Jahr", "DATE", NO_EARLIER)],
        ),
        ("Wenige Tage danach kam die Absage.", [("Wenige Tage danach", "DATE", {"value": None, "unresolved": "vague quantity"})]),
        ("Zwei Jahre später als geplant kam der Zug.", [("Zwei Jahre", "DURATION", {"value": "P2Y"})]),
        # "das Jahr" after a preposition: the earlier date's year, else the publication year
        ("Im Laufe des Jahres will der Konzern Stellen streichen.", [("des Jahres", "DATE", {"value": "2025"})]),
        ("Ich bin in dem Jahr umgezogen.", [("dem Jahr", "DATE", {"value": "2025"})]),
        ("Der Preis stieg in dem Jahr, in dem er starb.", []),
        ("Seit dem Jahr der Krise ist alles anders.", []),
    ],
)
def test_dates_counted_from_an_earlier_date(text, expected):
    assert spans(text) == expected


def test_the_year_without_publication_date_stays_unresolved():
    assert spans("Im Laufe des Jahres will der Konzern Stellen streichen.", None) == [
        ("des Jahres", "DATE", {"value": None, "unresolved": "relative date and no publication date"})
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Am Muttertag 2025 kamen alle.", "2025-05-11"),
        ("Am Vatertag 2025 zogen sie los.", "2025-05-29"),
        ("Zum Erntedankfest 2020 kamen alle.", "2020-10-04"),
        ("Am Volkstrauertag 2025 sprach er.", "2025-11-16"),
        ("Am Buß- und Bettag 2025 blieb zu.", "2025-11-19"),
        ("Am Totensonntag 2025 war es still.", "2025-11-23"),
        ("Am Ewigkeitssonntag 2019 war es still.", "2019-11-24"),
        ("Am ersten Advent 2025 schneite es.", "2025-11-30"),
        ("Der erste Advent 2024 war kalt.", "2024-12-01"),
        ("Am 4. Advent 2025 schneite es.", "2025-12-21"),
    ],
)
def test_holidays_on_a_weekday(text, value):
    assert [m.value["value"] for m in find_dates(text, PUBLISHED)] == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Am Himmelfahrtstag 2026 wanderten sie.", "2026-05-14"),
        ("Zu Corpus Christi 2026 zog die Prozession.", "2026-06-04"),
        ("Am Fastnachtsdienstag 2026 feierten alle.", "2026-02-17"),
        ("Zu Mardi Gras 2026 zogen Umzüge durch die Stadt.", "2026-02-17"),
        ("Am Palmdonnerstag 2026 läuteten die Glocken.", "2026-04-02"),
        ("Am Hohen Donnerstag 2026 läuteten die Glocken.", "2026-04-02"),
        ("Am Weißen Donnerstag 2026 läuteten die Glocken.", "2026-04-02"),
        ("Am Stillen Freitag 2026 blieb es ruhig.", "2026-04-03"),
        ("Am Karsonnabend 2026 brannte das Osterfeuer.", "2026-04-04"),
        ("Zu Trinitatis 2026 kam der Bischof.", "2026-05-31"),
        ("Am Dreifaltigkeitssonntag 2026 kam der Bischof.", "2026-05-31"),
        # Orthodox Easter by the Julian computus: 2024 on 5 May, 2023 on 16 April
        ("Am orthodoxen Ostersonntag 2024 waren die Kirchen voll.", "2024-05-05"),
        ("Am orthodoxen Ostermontag 2024 ruhten die Geschäfte.", "2024-05-06"),
        ("Der orthodoxe Karfreitag 2023 war kühl.", "2023-04-14"),
        ("Am Aschermontag 2026 begann das Fasten.", "2026-02-23"),
        ("Am Lazarus-Samstag 2024 sangen die Kinder.", "2024-04-27"),
    ],
)
def test_easter_relative_holidays(text, value):
    assert [m.value["value"] for m in find_dates(text, PUBLISHED)] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the year-less name read from the tense, like any year-less date
        ("Am Himmelfahrtstag hat er gekündigt.", [("Himmelfahrtstag", "DATE", {"value": "2025-05-29"})]),
        ("Am Himmelfahrtstag wird er kündigen.", [("Himmelfahrtstag", "DATE", {"value": "2026-05-14"})]),
        ("Zum orthodoxen Osterfest kamen Gäste.", []),
        # an Orthodox feast on a fixed day is not invented from the Gregorian one
        ("Die orthodoxe Weihnachten 2025 fiel ruhig aus.", [("2025", "DATE", {"value": "2025"})]),
        # a plain adjective before a weekday is no feast name
        ("Es war ein stiller Freitag an der Börse.", [("Freitag", "DATE", {"value": "2025-09-05"})]),
        ("Das Parsi Neujahr 2018 feierten viele.", [("2018", "DATE", {"value": "2018"})]),
    ],
)
def test_holiday_names_read_with_care(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # days of the Islamic (Umm al-Qura) calendar
        ("Zum Zuckerfest 2018 kamen Gäste.", [("Zuckerfest 2018", "DATE", {"value": "2018-06-15"})]),
        ("Am Opferfest 2024 schlossen die Läden.", [("Opferfest 2024", "DATE", {"value": "2024-06-16"})]),
        ("Eid al-Adha 1980 fiel in den Herbst.", [("Eid al-Adha 1980", "DATE", {"value": "1980-10-19"})]),
        ("Am Aschura-Tag 2017 zogen Prozessionen.", [("Aschura-Tag 2017", "DATE", {"value": "2017-09-30"})]),
        ("Das islamische Jahr begann mit dem Islamischen Neujahr 2018.", [("Islamischen Neujahr 2018", "DATE", {"value": "2018-09-11"})]),
        ("Das islamische Neujahr 2019 feierten viele.", [("islamische Neujahr 2019", "DATE", {"value": "2019-08-31"})]),
        ("Laylat al-Qadr 2018 verbrachten sie in der Moschee.", [("Laylat al-Qadr 2018", "DATE", {"value": "2018-06-11"})]),
        ("Zum Mawlid 2017 schmückten sie die Straßen.", [("Mawlid 2017", "DATE", {"value": "2017-11-30"})]),
        # two Zuckerfeste in 2000: the first counts
        ("Eid al-Fitr 2000 feierten sie zu Hause.", [("Eid al-Fitr 2000", "DATE", {"value": "2000-01-08"})]),
        ("Am Opferfest hat die Familie gefeiert.", [("Opferfest", "DATE", {"value": "2025-06-06"})]),
        ("Am Opferfest wird die Familie feiern.", [("Opferfest", "DATE", {"value": "2026-05-27"})]),
        ("Das Zuckerfest 1900 ist nicht belegt.", [("Zuckerfest 1900", "DATE", {"value": None, "unresolved": "outside the calendar"})]),
    ],
)
def test_islamic_holidays(text, expected):
    assert spans(text) == expected
