"""Money amounts: every form of the issue's scope, the seed articles, and properties over generated text."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.money import find_money

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


BLANK = {"amount": None, "min": None, "max": None, "currency": None, "approximate": False, "magnitude": None}


def value(amount: float | None = None, **fields: object) -> dict:
    return {**BLANK, "amount": amount, **fields}


def found(text: str) -> list[tuple[str, dict]]:
    return [(m.text, m.value) for m in find_money(text)]


# (sentence, the money span, its value): one amount per sentence.
SCOPE = [
    # numerals in German format
    ("Der Umbau kostete 1,5 Millionen Euro.", "1,5 Millionen Euro", value(1.5e6, currency="EUR")),
    ("Sie zahlte 2.400 Euro Miete im Jahr.", "2.400 Euro", value(2400.0, currency="EUR")),
    ("Der Fonds hält 1.000.000 Dollar.", "1.000.000 Dollar", value(1e6, currency="USD")),
    ("Der Umsatz lag bei 12,9 Mrd. Euro.", "12,9 Mrd. Euro", value(12.9e9, currency="EUR")),
    ("Das Budget beträgt 12 500 EUR.", "12 500 EUR", value(12500.0, currency="EUR")),
    ("Ein Ticket kostet 20,- Euro.", "20,- Euro", value(20.0, currency="EUR")),
    ("Die Rechnung: 1.234,56 €.", "1.234,56 €", value(1234.56, currency="EUR")),
    # number words
    ("Das Los kostet eine Million Euro.", "eine Million Euro", value(1e6, currency="EUR")),
    ("Optionen im Wert von einer Million US-Dollar.", "einer Million US-Dollar", value(1e6, currency="USD")),
    ("Er bekam zwei Euro zurück.", "zwei Euro", value(2.0, currency="EUR")),
    ("Der Eintritt kostet zwölf Franken.", "zwölf Franken", value(12.0, currency="CHF")),
    ("Der Kredit lag bei anderthalb Milliarden Euro.", "anderthalb Milliarden Euro", value(1.5e9, currency="EUR")),
    ("Man bot eine halbe Milliarde Euro.", "eine halbe Milliarde Euro", value(5e8, currency="EUR")),
    ("Das kostet hundert Yen.", "hundert Yen", value(100.0, currency="JPY")),
    ("Die Uhr kostet dreihundertfünfzig Euro.", "dreihundertfünfzig Euro", value(350.0, currency="EUR")),
    ("Er spendete achtundsiebzig Millionen Dollar.", "achtundsiebzig Millionen Dollar", value(78e6, currency="USD")),
    ("Es sind zwei Millionen dreihunderttausend Euro.", "zwei Millionen dreihunderttausend Euro", value(2.3e6, currency="EUR")),
    # scale words and abbreviations
    ("Ein Plus von 500 Tsd. Euro.", "500 Tsd. Euro", value(5e5, currency="EUR")),
    ("Es ging um zwölf Tausend Euro.", "zwölf Tausend Euro", value(12e3, currency="EUR")),
    ("Der Wert liegt bei 2,5 Mio USD.", "2,5 Mio USD", value(2.5e6, currency="USD")),
    ("Japan plant 5 Billionen Yen.", "5 Billionen Yen", value(5e12, currency="JPY")),
    ("Der Fonds hält eine Billion Dollar.", "eine Billion Dollar", value(1e12, currency="USD")),
    ("Die Milliarde Dollar kam nie an.", "Milliarde Dollar", value(1e9, currency="USD")),
    ("Ein Budget von 100T€.", "100T€", value(1e5, currency="EUR")),
    # currencies by name, symbol and code, in either order
    ("Die Aktie kostet 3 $.", "3 $", value(3.0, currency="USD")),
    ("Der Preis: $5 pro Stück.", "$5", value(5.0, currency="USD")),
    ("Ein Kaffee für 3 €.", "3 €", value(3.0, currency="EUR")),
    ("Ein Kaffee für € 20.", "€ 20", value(20.0, currency="EUR")),
    ("Ein Kaffee für EUR 20.", "EUR 20", value(20.0, currency="EUR")),
    ("Die Gebühr: EUR29,99.", "EUR29,99", value(29.99, currency="EUR")),
    ("Die Gebühr beträgt 3 USD.", "3 USD", value(3.0, currency="USD")),
    ("Die Miete: 900 Pfund im Monat.", "900 Pfund", value(900.0, currency="GBP")),
    ("Er gewann 94£ beim Spiel.", "94£", value(94.0, currency="GBP")),
    ("Der Preis: 300 Pfund Sterling.", "300 Pfund Sterling", value(300.0, currency="GBP")),
    ("Die Strafe: CHF 200.", "CHF 200", value(200.0, currency="CHF")),
    ("Die Strafe: 200 Schweizer Franken.", "200 Schweizer Franken", value(200.0, currency="CHF")),
    ("Ein Umsatz von 1,2 Mrd. Yuan.", "1,2 Mrd. Yuan", value(1.2e9, currency="CNY")),
    ("Er zahlte 300 Renminbi.", "300 Renminbi", value(300.0, currency="CNY")),
    ("Er zahlte RMB 50.", "RMB 50", value(50.0, currency="CNY")),
    ("Brot kostet 10 Rubel.", "10 Rubel", value(10.0, currency="RUB")),
    ("Ein Kaugummi kostet 50 Cent.", "50 Cent", value(0.5, currency="EUR")),
    ("Ein Bonbon kostet 2 Euro-Cent.", "2 Euro-Cent", value(0.02, currency="EUR")),
    ("Ein Bonbon kostet 20 Pence.", "20 Pence", value(0.2, currency="GBP")),
    ("Die Anleihe über 2 Mrd. US$.", "2 Mrd. US$", value(2e9, currency="USD")),
    ("Die Strafe: 4,3 Mrd. US-$.", "4,3 Mrd. US-$", value(4.3e9, currency="USD")),
    ("Ein Vertrag über 16,4 Millionen kanadische Dollar.", "16,4 Millionen kanadische Dollar", value(16.4e6, currency="CAD")),
    ("Er tauschte 1000 Rupien.", "1000 Rupien", value(1000.0)),
    ("Er tauschte 100 indische Rupien.", "100 indische Rupien", value(100.0, currency="INR")),
    ("Das kostet siebenhundert-Euro.", "siebenhundert-Euro", value(700.0, currency="EUR")),
    # subunits after a major unit
    ("Es kostet zwei Euro fünfzig.", "zwei Euro fünfzig", value(2.5, currency="EUR")),
    ("Es kostet 15 Dollar und 15 Cent.", "15 Dollar und 15 Cent", value(15.15, currency="USD")),
    ("Es kostet dreizehn Euro und fünfundvierzig Cent.", "dreizehn Euro und fünfundvierzig Cent", value(13.45, currency="EUR")),
    # compounds
    ("Anthropic, ein 170-Milliarden-Dollar-Startup.", "170-Milliarden-Dollar", value(170e9, currency="USD")),
    ("Ein 48 Millionen Dollar Vertrag.", "48 Millionen Dollar", value(48e6, currency="USD")),
    ("Das Milliardenangebot kam per Mail.", "Milliardenangebot", value(min=1e9, max=1e12, approximate=True, magnitude=1e9)),
    ("Es flossen Millionensummen.", "Millionensummen", value(min=1e6, max=1e9, approximate=True, magnitude=1e6)),
    ("Sie zahlen Millionengehälter.", "Millionengehälter", value(min=1e6, max=1e9, approximate=True, magnitude=1e6)),
    ("Ein Milliarden-Dollar-Deal platzte.", "Milliarden-Dollar-Deal", value(min=1e9, max=1e12, currency="USD", approximate=True, magnitude=1e9)),
    ("Eine milliardenschwere Übernahme.", "milliardenschwere", value(min=1e9, max=1e12, approximate=True, magnitude=1e9)),
    ("Verluste in Milliardenhöhe.", "Milliardenhöhe", value(min=1e9, max=1e12, approximate=True, magnitude=1e9)),
    ("Ein dreistelliger Millionenbetrag.", "dreistelliger Millionenbetrag", value(min=1e8, max=1e9, approximate=True, magnitude=1e8)),
    # hedges
    ("Er bot rund einer Milliarde Dollar.", "rund einer Milliarde Dollar", value(1e9, currency="USD", approximate=True)),
    ("Es kostet etwa 5 Millionen Euro.", "etwa 5 Millionen Euro", value(5e6, currency="EUR", approximate=True)),
    ("Es kostet circa 20 Euro.", "circa 20 Euro", value(20.0, currency="EUR", approximate=True)),
    ("Es kostet ca. 99$ pro Kopf.", "ca. 99$", value(99.0, currency="USD", approximate=True)),
    ("Es kostet knapp 3 Milliarden Dollar.", "knapp 3 Milliarden Dollar", value(3e9, currency="USD", approximate=True)),
    ("Es kostet fast 2 Millionen Euro.", "fast 2 Millionen Euro", value(2e6, currency="EUR", approximate=True)),
    ("Es kostet rund € 20.", "rund € 20", value(20.0, currency="EUR", approximate=True)),
    ("Es kostet mehr als 5 Millionen Euro.", "mehr als 5 Millionen Euro", value(min=5e6, currency="EUR")),
    ("Es kostet über 100 Euro.", "über 100 Euro", value(min=100.0, currency="EUR")),
    ("Es kostet knapp über 1 Million Euro.", "knapp über 1 Million Euro", value(min=1e6, currency="EUR", approximate=True)),
    ("Es kostet bis zu 1,5 Milliarden Dollar.", "bis zu 1,5 Milliarden Dollar", value(max=1.5e9, currency="USD")),
    ("Es kostet höchstens 50 Euro.", "höchstens 50 Euro", value(max=50.0, currency="EUR")),
    ("Preise ab 9,99 Euro.", "ab 9,99 Euro", value(min=9.99, currency="EUR")),
    ("Meta zahlte Tulloch über 1 Mrd. Dollar.", "über 1 Mrd. Dollar", value(min=1e9, currency="USD")),
    # "über" after a money noun names the amount
    ("Ein Kaufvertrag über 5 Mio. Euro.", "5 Mio. Euro", value(5e6, currency="EUR")),
    ("Ein Scheck über 500 Euro.", "500 Euro", value(500.0, currency="EUR")),
    # ranges
    ("Es kostet zwischen 1 und 2 Milliarden Euro.", "zwischen 1 und 2 Milliarden Euro", value(min=1e9, max=2e9, currency="EUR")),
    ("Es kostet 3 bis 5 Millionen Euro.", "3 bis 5 Millionen Euro", value(min=3e6, max=5e6, currency="EUR")),
    ("Es kostet 10-20 Mio. €.", "10-20 Mio. €", value(min=1e7, max=2e7, currency="EUR")),
    ("Es kostet 800 bis 1,2 Milliarden Euro.", "800 bis 1,2 Milliarden Euro", value(min=8e8, max=1.2e9, currency="EUR")),
    (
        "Es kostet zwischen 500 Millionen und 2 Milliarden Dollar.",
        "zwischen 500 Millionen und 2 Milliarden Dollar",
        value(min=5e8, max=2e9, currency="USD"),
    ),
    ("Es kostet 5 Euro bis 8 Euro.", "5 Euro bis 8 Euro", value(min=5.0, max=8.0, currency="EUR")),
    # vague quantities
    ("Angebote im Wert von Hunderten von Millionen Dollar.", "Hunderten von Millionen Dollar", value(min=1e8, max=1e9, currency="USD", approximate=True, magnitude=1e8)),
    ("Es geht um Hunderte von Millionen Dollar.", "Hunderte von Millionen Dollar", value(min=1e8, max=1e9, currency="USD", approximate=True, magnitude=1e8)),
    ("Es geht um mehrere Millionen Euro.", "mehrere Millionen Euro", value(min=2e6, max=1e7, currency="EUR", approximate=True, magnitude=1e6)),
    ("Es geht um mehrere hundert Millionen Euro.", "mehrere hundert Millionen Euro", value(min=2e8, max=1e9, currency="EUR", approximate=True, magnitude=1e8)),
    ("Es geht um Millionen Euro.", "Millionen Euro", value(min=1e6, max=1e9, currency="EUR", approximate=True, magnitude=1e6)),
    ("Es geht um Tausende Euro.", "Tausende Euro", value(min=1e3, max=1e4, currency="EUR", approximate=True, magnitude=1e3)),
]


@pytest.mark.parametrize(("sentence", "span", "expected"), SCOPE, ids=[case[1] for case in SCOPE])
def test_scope_forms(sentence: str, span: str, expected: dict) -> None:
    assert found(sentence) == [(span, expected)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Im Jahr 2019 wuchs der Umsatz um 5 %.",
        "Der Umsatz stieg um 27 Prozent.",
        "Siehe Seite 12.",
        "Die Zahl 1 ist ungerade.",
        "Rufen Sie 0221 12345 an.",
        "Der Dollar stieg gegenüber dem Euro.",
        "Er kaufte zwei Euro-Münzen.",
        "Seit 2002 Euro-Bargeld.",
        "Die Millionenstadt wächst.",
        "Die Konzerne bieten Millionensäle.",
        "Er traf Mark Zuckerberg, ein Mark Zuckerberg genügt.",
        "Über 20 ehemalige Mitarbeiter kamen.",
        "Es kamen 1,2 Milliarden Besucher.",
        "Sie lebt in Europa.",
        "Alle Angaben in Mio. Euro.",
        "Der Kurs USD/JPY stand bei 150.",
        "",
    ],
)
def test_not_money(sentence: str) -> None:
    assert found(sentence) == []


def test_several_amounts_keep_their_order_and_offsets() -> None:
    text = "Erst 15 Euro, dann 20 € und zuletzt EUR 30."
    mentions = find_money(text)
    assert [(m.start, m.end, m.text, m.label, m.value["amount"]) for m in mentions] == [
        (5, 12, "15 Euro", "MONEY", 15.0),
        (19, 23, "20 €", "MONEY", 20.0),
        (36, 42, "EUR 30", "MONEY", 30.0),
    ]


def test_cent_takes_the_currency_of_the_amount_before() -> None:
    assert found("Die Aktie kostet 12 Dollar, die Dividende 25 Cent.") == [
        ("12 Dollar", value(12.0, currency="USD")),
        ("25 Cent", value(0.25, currency="USD")),
    ]


def test_seed_articles() -> None:
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))}
    minimax, meta = texts["000_88c4cff9ad4f1665.txt"], texts["004_db171f4863068d5a.txt"]
    assert found(minimax) == [
        ("einer Million US-Dollar", value(1e6, currency="USD")),
        ("2,4 Milliarden US-Dollar", value(2.4e9, currency="USD")),
    ]
    assert found(meta) == [
        ("Milliardenangebot", value(min=1e9, max=1e12, approximate=True, magnitude=1e9)),
        ("rund einer Milliarde Dollar", value(1e9, currency="USD", approximate=True)),
        ("bis zu 1,5 Milliarden Dollar", value(max=1.5e9, currency="USD")),
        ("Hunderten von Millionen Dollar", value(min=1e8, max=1e9, currency="USD", approximate=True, magnitude=1e8)),
        ("2 Milliarden Dollar", value(2e9, currency="USD")),
        ("170-Milliarden-Dollar", value(170e9, currency="USD")),
    ]


def check_mentions(text: str) -> None:
    mentions = find_money(text)
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.label == "MONEY"
        assert set(mention.value) == set(BLANK)
        previous_end = mention.end


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    check_mentions(text)


MONEY_WORDS = ["Euro", "€", "EUR", "Dollar", "$", "Millionen", "Mrd.", "rund", "zwischen", "und", "bis zu", "Cent", "12,5", "eine", "halbe", "-", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MONEY_WORDS), st.text(max_size=3)), max_size=12).map(" ".join))
def test_money_like_noise_never_raises(text: str) -> None:
    check_mentions(text)


UNITS = ["", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
TEENS = ["zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"]
TENS = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"]


def german_words(n: int) -> str:
    """1 ≤ n < 1 000 000 in German words, written independently of the parser's data."""
    if n >= 1000:
        thousands, rest = divmod(n, 1000)
        return ("" if thousands == 1 else german_words(thousands)) + "tausend" + (german_words(rest) if rest else "")
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        return UNITS[hundreds] + "hundert" + (german_words(rest) if rest else "")
    if n >= 20:
        tens, unit = divmod(n, 10)
        return (UNITS[unit] + "und" if unit else "") + TENS[tens]
    if n >= 10:
        return TEENS[n - 10]
    return UNITS[n]


def german_digits(cents: int) -> str:
    whole, fraction = divmod(cents, 100)
    grouped = f"{whole:,}".replace(",", ".")
    return grouped if fraction == 0 else f"{grouped},{fraction:02d}"


SCALES = {"": 1.0, "Tausend": 1e3, "Tsd.": 1e3, "Millionen": 1e6, "Mio.": 1e6, "Milliarden": 1e9, "Mrd.": 1e9, "Billionen": 1e12}
SINGULAR = {"Millionen": "Million", "Milliarden": "Milliarde", "Billionen": "Billion"}
NAMES = {"Euro": "EUR", "Dollar": "USD", "US-Dollar": "USD", "Pfund": "GBP", "Franken": "CHF", "Yuan": "CNY", "Yen": "JPY", "Rubel": "RUB"}
SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "EUR": "EUR", "USD": "USD", "CHF": "CHF", "RMB": "CNY"}


@st.composite
def rendered_amounts(draw: st.DrawFn) -> tuple[str, float, str]:
    scale = draw(st.sampled_from(sorted(SCALES)))
    if draw(st.booleans()):
        number = draw(st.integers(min_value=1, max_value=999 if scale else 999_999))
        numeral = german_words(number)
        if number == 1:
            numeral = "eine" if scale in SINGULAR else "ein"
    else:
        cents = draw(st.integers(min_value=1, max_value=99_999_999))
        number, numeral = cents / 100, german_digits(cents)
    scale_word = SINGULAR.get(scale, scale) if number == 1 else scale
    amount = " ".join(part for part in (numeral, scale_word) if part)
    if draw(st.booleans()):
        currency = draw(st.sampled_from(sorted(NAMES)))
        text, code = f"{amount} {currency}", NAMES[currency]
    else:
        sign = draw(st.sampled_from(sorted(SIGNS)))
        text = f"{sign} {amount}" if draw(st.booleans()) else f"{amount} {sign}"
        code = SIGNS[sign]
    return text, number * SCALES[scale], code


FRAMES = ["Sie zahlten {}.", "{} flossen.", "Für {} kaufte er es", "{}"]


def check_generated(rendered: tuple[str, float, str], frame: str) -> None:
    text, expected, code = rendered
    mentions = find_money(frame.format(text))
    assert [m.text for m in mentions] == [text]
    assert math.isclose(mentions[0].value["amount"], expected, rel_tol=1e-9)
    assert mentions[0].value["currency"] == code


@settings(max_examples=500, deadline=None)
@given(rendered_amounts(), st.sampled_from(FRAMES))
def test_generated_amounts_parse_to_their_value(rendered: tuple[str, float, str], frame: str) -> None:
    check_generated(rendered, frame)


@pytest.mark.slow
@settings(max_examples=20_000, deadline=None)
@given(rendered_amounts(), st.sampled_from(FRAMES))
def test_many_generated_amounts_parse_to_their_value(rendered: tuple[str, float, str], frame: str) -> None:
    check_generated(rendered, frame)


@pytest.mark.slow
@settings(max_examples=20_000, deadline=None)
@given(st.text())
def test_much_arbitrary_unicode_never_raises(text: str) -> None:
    check_mentions(text)
