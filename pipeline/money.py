"""Money amounts in German text: find each one and normalise it.

``find_money(text)`` returns ``Mention``s labelled ``MONEY``, sorted by start and never overlapping.
Each span covers the hedge words before the amount ("rund einer Milliarde Dollar") and stops at the
currency ("48 Millionen Dollar Vertrag" → "48 Millionen Dollar"; "170-Milliarden-Dollar-Startup" →
"170-Milliarden-Dollar"); a vague compound is its whole word ("Milliardenangebot").

``value`` always has the keys ``amount``, ``min``, ``max``, ``currency``, ``approximate``, ``magnitude``:

- a stated amount: ``amount`` set, ``min``/``max`` None ("2 Milliarden Dollar");
  "rund"/"etwa"/"ca."/"knapp"/"fast"… set ``approximate`` ("rund einer Milliarde Dollar");
- a bound: ``amount`` None and ``min`` ("mehr als", "über", "mindestens") or ``max``
  ("bis zu", "höchstens", "unter") set;
- a range: ``amount`` None, ``min`` and ``max`` set ("zwischen 1 und 2 Millionen Euro",
  "10 bis 20 Mio. Euro"). A scale on the upper end only is shared by both ends; if the lower end
  would then exceed the upper one it is read one scale step down ("800 bis 1,2 Milliarden" = 8e8…1.2e9);
- a vague amount, known only by its order of magnitude: ``amount`` None, ``approximate`` True,
  ``min``/``max`` the half-open interval it implies and ``magnitude`` the power of ten of ``min``:
  "Hunderte von Millionen Dollar" → min 1e8, max 1e9, magnitude 1e8;
  "Milliardenangebot", "Millionen Euro" → [scale, 1000 × scale), i.e. min 1e9, max 1e12, magnitude 1e9;
  "mehrere Millionen" → [2e6, 1e7); "dreistelliger Millionenbetrag" → [1e8, 1e9).
  ``magnitude`` is None for every amount that is not vague.

``currency`` is an ISO 4217 code, or None when the text names none or an ambiguous one ("Rupien",
"Kronen"). "Dollar" alone is USD and "Pfund" GBP, as in German news usage. "Cent" takes the currency of
the nearest earlier amount that has cents, else EUR. "zwei Euro fünfzig" and "15 Dollar und 15 Cent"
are one amount (2.5, 15.15).

Not money: a number without a currency (years, percentages, page numbers, "Zahl 1", phone numbers),
a currency without a number ("der Dollar stieg"), a currency word used as the first part of a compound
after a plain number ("zwei Euro-Münzen", "2020 Euro-Länder"), and a scale compound whose head is not a
money noun ("Millionenstadt"). "Millionensäle" in the first seed article is a mistranslation of
"Millionengehälter"; we do not guess what a mistranslation meant, so it is not money, while
"Millionengehälter" itself is (vague, magnitude 1e6).

Speed: one precompiled pass finds the anchors every money phrase contains (a currency, a subunit, a
"Millionen"/"Milliarden" stem); the phrase patterns are then tried only at the dozen word beginnings
before each anchor, and only their matches are parsed (with cached number parsing). The language
data lives in ``data/currencies.json``, ``data/money_hedges.json`` and ``data/money_vague.json``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.model import Mention
from pipeline.numbers import (
    ARTICLE_HALF_PATTERN,
    ARTICLES,
    ATTACHED_SCALE_PATTERN,
    ATTACHED_SCALES,
    DIGITS_BODY,
    DIGITS_PATTERN,
    SCALE_PATTERN,
    SINGULAR_SCALE_PATTERN,
    UNSCALED_NUMBER_PATTERN,
    WORDS_PATTERN,
    alternation,
    parse_number,
    product,
    scale_value,
)

_DATA_DIR = Path(__file__).parent / "data"


def _load(name: str) -> dict[str, Any]:
    return json.loads((_DATA_DIR / name).read_text(encoding="utf-8"))


_CURRENCIES = _load("currencies.json")
_HEDGES = _load("money_hedges.json")
_VAGUE = _load("money_vague.json")

LABEL = "MONEY"


def _phrase(words: Any) -> str:
    """Alternation of multi-word phrases, any run of spaces between their words."""
    return "|".join(
        r"\s+".join(re.escape(part) for part in w.split())
        for w in sorted(set(words), key=lambda w: (-len(w), w))
    )


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _currency_names() -> dict[str, str | None]:
    """Every written form of a currency name (lowercased) → ISO code or None."""
    nouns: dict[str, list[str]] = _CURRENCIES["nouns"]
    names: dict[str, str | None] = {}
    for noun, code in _CURRENCIES["bare"].items():
        for form in nouns[noun]:
            names[_normal(form)] = code
    for entry in _CURRENCIES["qualified"]:
        for ending in _CURRENCIES["adjective_endings"]:
            for form in nouns[entry["noun"]]:
                names[_normal(f"{entry['adjective']}{ending} {form}")] = entry["code"]
    for entry in _CURRENCIES["prefixed"]:
        for form in nouns[entry["noun"]]:
            names[_normal(f"{entry['prefix']}-{form}")] = entry["code"]
    return names


_NAMES = _currency_names()
_NUMERAL_REQUIRED = frozenset(
    _normal(form) for noun in _CURRENCIES["numeral_required"] for form in _CURRENCIES["nouns"][noun]
)
_SYMBOLS: dict[str, str] = _CURRENCIES["symbols"]
_CODES: dict[str, str] = _CURRENCIES["codes"]
_SUBUNITS: dict[str, str | None] = {_normal(k): v for k, v in _CURRENCIES["subunits"]["forms"].items()}
_SUBUNIT_RATIO = float(_CURRENCIES["subunits"]["ratio"])
_CENT_CURRENCIES = frozenset(_CURRENCIES["subunits"]["context_currencies"])
_CENT_DEFAULT: str = _CURRENCIES["subunits"]["default"]

_NAME = rf"(?:{_phrase(_NAMES)})\b"
_SUBUNIT = rf"(?:{alternation(s for s in _CURRENCIES['subunits']['forms'] if s.endswith('.'))}|(?:{alternation(s for s in _CURRENCIES['subunits']['forms'] if not s.endswith('.'))})\b)"
# Symbols ending in a letter or dot ("SFr.") must not start inside a word; "US$" must not be "S$".
_SYMBOL = (
    rf"(?:(?<![A-Za-z])(?-i:{alternation(s for s in _SYMBOLS if s[0].isalpha())})"
    rf"|(?:{alternation(s for s in _SYMBOLS if not s[0].isalpha())}))"
)
_CODE_DOLLAR = rf"(?<![A-Za-z])(?:{alternation(_CODES)})\$"
# A code after "/" is half of a currency pair ("USD/JPY 150"), not the currency of an amount.
_CODE = rf"(?<![A-Za-z/])(?-i:{alternation(_CODES)})(?![A-Za-z])"
_CURRENCY_AFTER = rf"(?:{_CODE_DOLLAR}|{_SYMBOL}|{_CODE}|{_SUBUNIT}|{_NAME})"
_CURRENCY_BEFORE = rf"(?:{_CODE_DOLLAR}|{_SYMBOL}|{_CODE})"


def _hedge_pattern() -> str:
    qualifiers = _phrase(_HEDGES["qualifiers"])
    bounds = _phrase(_HEDGES["min"] + _HEDGES["max"])
    approximate = _phrase(_HEDGES["approximate"])
    # A hedge word ending in "." ("ca.") needs no space after it; a word does.
    return (
        rf"(?P<hedge>\b(?:(?:{qualifiers})\s+)?(?:{bounds})\b\s+"
        rf"|\b(?:{approximate})(?:(?<=\.)\s*|\b\s+))"
    )


_HEDGE = _hedge_pattern()
# The signs in symbols ("$" of "US-$"): a symbol is found by its sign, not by its letters or punctuation.
_SYMBOL_MARKS_SET = frozenset(ch for symbol in _SYMBOLS for ch in symbol if not ch.isalnum() and ch not in ".-")
_SYMBOL_MARKS = "".join(sorted(re.escape(ch) for ch in _SYMBOL_MARKS_SET))
_GAP = r"[^\S\n]{0,2}"
# A number with an optional scale, and further groups after a scale ("zwei Millionen dreihunderttausend").
_SCALED = (
    rf"(?:{UNSCALED_NUMBER_PATTERN}(?:(?:{_GAP}|-){SCALE_PATTERN}(?:\s+{UNSCALED_NUMBER_PATTERN}(?:\s+{SCALE_PATTERN})?)*|{ATTACHED_SCALE_PATTERN})?"
    rf"|{SINGULAR_SCALE_PATTERN})"
)
_MINOR_TAIL = (
    rf"(?P<tail>(?:\s+und)?\s+(?P<minor>{DIGITS_PATTERN}|{WORDS_PATTERN})"
    rf"(?:\s+(?P<minor_unit>{_SUBUNIT})|(?=[^\S\n]*(?:[.,;:!?)]|$))))?"
)

_AFTER_RE = re.compile(
    rf"{_HEDGE}?(?P<amount>{_SCALED})(?P<joint>{_GAP}|-)(?P<currency>{_CURRENCY_AFTER}){_MINOR_TAIL}",
    re.IGNORECASE,
)
_BEFORE_RE = re.compile(
    rf"{_HEDGE}?(?P<currency>{_CURRENCY_BEFORE}){_GAP}"
    rf"(?P<amount>(?:{DIGITS_BODY}|{WORDS_PATTERN})(?:{_GAP}{SCALE_PATTERN}|{ATTACHED_SCALE_PATTERN})?)",
    re.IGNORECASE,
)
_RANGE_JOINERS = _phrase(_HEDGES["range_joiners"])
_RANGE_RE = re.compile(
    rf"{_HEDGE}?(?P<between>{re.escape(_HEDGES['range_between'])}\s+)?"
    rf"(?P<low>{_SCALED})(?:{_GAP}(?P<low_currency>{_CURRENCY_AFTER}))?"
    rf"(?(between)\s+{re.escape(_HEDGES['range_between_joiner'])}\s+|\s*(?:{_RANGE_JOINERS})\s*)"
    rf"(?P<high>{_SCALED})(?:{_GAP}|-)(?P<currency>{_CURRENCY_AFTER})",
    re.IGNORECASE,
)


def _vague_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    stems = alternation(_VAGUE["scale_stems"])
    heads = alternation(_VAGUE["heads"] + _VAGUE["digit_count_heads"])
    head_endings = alternation(_VAGUE["head_endings"])
    digit_counts = alternation(_VAGUE["digit_counts"])
    adjective_endings = alternation(_VAGUE["adjective_endings"])
    compound = re.compile(
        rf"{_HEDGE}?(?:\b(?P<digits>{digit_counts})(?:{adjective_endings})\s+)?"
        rf"\b(?P<multi>{re.escape(_VAGUE['multi_prefix'])}-?)?(?P<stem>{stems})-?"
        rf"(?:(?P<currency>{_NAME})-?)?(?P<head>{heads})(?:{head_endings})\b",
        re.IGNORECASE,
    )
    quantifiers = _phrase(_VAGUE["quantifiers"])
    joiner = re.escape(_VAGUE["quantifier_joiner"])
    multipliers = alternation(_VAGUE["quantity_multipliers"])
    plural_scales = alternation(_VAGUE["plural_scales"])
    quantity = re.compile(
        rf"{_HEDGE}?(?:\b(?P<quantifier>{quantifiers})\b(?:\s+{joiner})?\s+(?:(?P<multiplier>{multipliers})\s+)?)?"
        rf"(?P<scale>\b(?:{plural_scales})\b)?"
        rf"(?(scale)(?:\s+{joiner})?(?:{_GAP}|-)|(?(quantifier)|(?!)))(?P<currency>{_NAME})",
        re.IGNORECASE,
    )
    return compound, quantity


_VAGUE_COMPOUND_RE, _VAGUE_QUANTITY_RE = _vague_patterns()
_STEM_SCALES = {k: float(v) for k, v in _VAGUE["scale_stems"].items()}
_PLURAL_SCALES = {k: float(v) for k, v in _VAGUE["plural_scales"].items()}
_QUANTIFIERS = {_normal(k): (float(v[0]), float(v[1])) for k, v in _VAGUE["quantifiers"].items()}
_MULTIPLIERS = {k: float(v) for k, v in _VAGUE["quantity_multipliers"].items()}
_MONEY_HEADS = frozenset(_VAGUE["heads"])
_DIGIT_COUNTS = {k: int(v) for k, v in _VAGUE["digit_counts"].items()}
_NEXT_SCALE = float(_VAGUE["span_to_next_scale"])
_MIN_HEDGES = frozenset(_normal(w) for w in _HEDGES["min"])
_MAX_HEDGES = frozenset(_normal(w) for w in _HEDGES["max"])
_NOUN_PREPOSITIONS = frozenset(_normal(w) for w in _HEDGES["noun_prepositions"]["words"])
_MONEY_NOUN_RE = re.compile(
    rf"(?:{alternation(_HEDGES['noun_prepositions']['after_nouns'])})(?:{alternation(_HEDGES['noun_prepositions']['noun_endings'])})$"
)
_APPROXIMATE_HEDGES = frozenset(_normal(w) for w in _HEDGES["approximate"])
_APPROXIMATE_QUALIFIERS = frozenset(_normal(w) for w, approximate in _HEDGES["qualifiers"].items() if approximate)

@dataclass(frozen=True)
class _Hedge:
    approximate: bool = False
    bound: str | None = None


_NO_HEDGE = _Hedge()


@lru_cache(maxsize=256)
def _hedge_words(words: str) -> _Hedge:
    if words in _APPROXIMATE_HEDGES:
        return _Hedge(approximate=True)
    for bound, hedges in (("min", _MIN_HEDGES), ("max", _MAX_HEDGES)):
        for hedge in hedges:
            if words == hedge or words.endswith(" " + hedge):
                qualifier = words[: -len(hedge)].strip()
                return _Hedge(approximate=qualifier in _APPROXIMATE_QUALIFIERS, bound=bound)
    return _NO_HEDGE


def _hedge(match: re.Match[str]) -> _Hedge | None:
    """The hedge before the amount, or None when there is none or it is a preposition of a noun."""
    text = match.group("hedge")
    if not text:
        return None
    words = _normal(text)
    if words in _NOUN_PREPOSITIONS and _follows_money_noun(match.string, match.start("hedge")):
        return None
    return _hedge_words(words)


_PREVIOUS_WORD_RE = re.compile(r"(\w+)\W*$")


def _follows_money_noun(text: str, position: int) -> bool:
    """Whether a money noun stands right before ``position`` ("eine Anleihe über 2 Mrd. Euro")."""
    match = _PREVIOUS_WORD_RE.search(text, max(0, position - 40), position)
    return match is not None and match.group(1)[:1].isupper() and _MONEY_NOUN_RE.search(match.group(1).lower()) is not None


@lru_cache(maxsize=4096)
def currency_code(text: str) -> str | None:
    """ISO code of a currency as written after or before a number (names, symbols, codes)."""
    if text in _SYMBOLS:
        return _SYMBOLS[text]
    if text in _CODES:
        return _CODES[text]
    if text.endswith("$") and text[:-1].upper() in _CODES:
        return _CODES[text[:-1].upper()]
    return _NAMES.get(_normal(text))


_NUMBER_BODY = rf"(?:{ARTICLE_HALF_PATTERN}|{DIGITS_BODY}|{WORDS_PATTERN})"
_AMOUNT_PARTS_RE = re.compile(
    rf"(?P<number>{_NUMBER_BODY})(?:(?:{_GAP}|-)?(?P<scale>{SCALE_PATTERN})|(?P<attached>{ATTACHED_SCALE_PATTERN}))?"
    rf"|(?P<lone>{SINGULAR_SCALE_PATTERN})",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _amount(text: str) -> tuple[float, float] | None:
    """(number, scale) of an amount: "2,5Mio" → (2.5, 1e6), "100T" → (100, 1e3), "Milliarde" → (1, 1e9).

    An amount of several groups is scaled by its first scale ("zwei Millionen dreihunderttausend" →
    (2.3, 1e6)). An article before a plural scale belongs to a later noun ("ein Milliarden-Dollar-Deal")
    and is no amount.
    """
    match = _AMOUNT_PARTS_RE.fullmatch(text.strip())
    if match is None:
        value = parse_number(text)
        first_scale = re.search(SCALE_PATTERN, text, re.IGNORECASE)
        if value is None or first_scale is None or (scale := scale_value(first_scale.group())) is None:
            return None
        return value / scale, scale
    if match.group("lone"):
        scale = parse_number(match.group("lone"))
        return None if scale is None else (1.0, scale)
    number = parse_number(match.group("number"))
    if number is None:
        return None
    if match.group("scale"):
        if _normal(match.group("number")) in ARTICLES and match.group("scale").lower() in _PLURAL_SCALES:
            return None
        scale = scale_value(match.group("scale"))
    elif match.group("attached"):
        scale = ATTACHED_SCALES[match.group("attached")]
    else:
        scale = 1.0
    return None if scale is None else (number, scale)


def _value(
    *,
    amount: float | None = None,
    low: float | None = None,
    high: float | None = None,
    currency: str | None = None,
    approximate: bool = False,
    magnitude: float | None = None,
) -> dict[str, Any]:
    return {
        "amount": amount,
        "min": low,
        "max": high,
        "currency": currency,
        "approximate": approximate,
        "magnitude": magnitude,
    }


def _bounded(value: float, currency: str | None, hedge: _Hedge | None) -> dict[str, Any]:
    hedge = hedge or _NO_HEDGE
    if hedge.bound == "min":
        return _value(low=value, currency=currency, approximate=hedge.approximate)
    if hedge.bound == "max":
        return _value(high=value, currency=currency, approximate=hedge.approximate)
    return _value(amount=value, currency=currency, approximate=hedge.approximate)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: dict[str, Any]
    # A "Cent" amount whose currency comes from the amounts before it.
    cent_from_context: bool = False


def _after(match: re.Match[str]) -> _Candidate | None:
    """A number (with scale) followed by its currency: "2,4 Milliarden US-Dollar", "20€", "50 Cent"."""
    parts = _amount(match.group("amount"))
    if parts is None:
        return None
    number, scale = parts
    value = product(number, scale)
    name = _normal(match.group("currency"))
    end = match.end("currency")
    hedge = _hedge(match)
    if name in _NUMERAL_REQUIRED and _normal(match.group("amount")) in ARTICLES:
        return None
    # "zwei Euro-Münzen", "2020 Euro-Länder": the currency opens a compound; the number counts coins or is a year.
    if name in _NAMES and scale == 1 and match.group("joint") != "-" and match.string[end : end + 1] == "-":
        return None
    if name in _SUBUNITS:
        code = _SUBUNITS[name]
        return _Candidate(_start(match, "amount", hedge), end, _bounded(product(value, _SUBUNIT_RATIO), code, hedge), code is None)
    if name in _NAMES and scale == 1 and number == int(number) and (minor := _minor(match)) is not None:
        value, end = product(round(value / _SUBUNIT_RATIO) + minor, _SUBUNIT_RATIO), match.end("tail")
    return _Candidate(_start(match, "amount", hedge), end, _bounded(value, currency_code(match.group("currency")), hedge))


def _minor(match: re.Match[str]) -> float | None:
    """The number of subunits after a currency name ("zwei Euro fünfzig", "15 Dollar und 15 Cent")."""
    if match.group("minor") is None:
        return None
    count = parse_number(match.group("minor"))
    if count is None or count != int(count) or not 1 <= count <= 99:
        return None
    return count


def _start(match: re.Match[str], group: str, hedge: _Hedge | None) -> int:
    return match.start("hedge") if hedge is not None else match.start(group)


def _before(match: re.Match[str]) -> _Candidate | None:
    """A currency symbol or code followed by the number: "€ 20", "EUR 10 Mio", "usd$ 15"."""
    parts = _amount(match.group("amount"))
    if parts is None:
        return None
    code = currency_code(match.group("currency"))
    hedge = _hedge(match)
    return _Candidate(_start(match, "currency", hedge), match.end(), _bounded(product(*parts), code, hedge))


def _range(match: re.Match[str]) -> _Candidate | None:
    """ "zwischen 1 und 2 Millionen Euro", "10 bis 20 Mio. Euro", "5 Euro bis 8 Euro"."""
    low_parts, high_parts = _amount(match.group("low")), _amount(match.group("high"))
    if low_parts is None or high_parts is None or _normal(match.group("currency")) in _SUBUNITS:
        return None
    currency = currency_code(match.group("currency"))
    if match.group("low_currency") is not None and currency_code(match.group("low_currency")) != currency:
        return None
    (low_number, low_scale), (high_number, high_scale) = low_parts, high_parts
    high = product(high_number, high_scale)
    low = product(low_number, low_scale)
    if low_scale == 1 and high_scale > 1:
        low = product(low_number, high_scale)
        if low > high:
            low /= _NEXT_SCALE
    if not low < high:
        return None
    hedge = _hedge(match)
    start = _start(match, "between" if match.group("between") else "low", hedge)
    approximate = hedge is not None and hedge.approximate
    return _Candidate(start, match.end(), _value(low=low, high=high, currency=currency, approximate=approximate))


def _first_start(match: re.Match[str], groups: tuple[str, ...]) -> int:
    return next(match.start(g) for g in groups if match.group(g))


def _vague(low: float, high: float, currency: str | None) -> dict[str, Any]:
    magnitude = 10.0 ** math.floor(math.log10(low) + 1e-9)
    return _value(low=low, high=high, currency=currency, approximate=True, magnitude=magnitude)


def _vague_compound(match: re.Match[str]) -> _Candidate | None:
    """ "Milliardenangebot", "Millionen-Dollar-Deal", "dreistelliger Millionenbetrag"."""
    scale = _STEM_SCALES[match.group("stem").lower()]
    currency = currency_code(match.group("currency")) if match.group("currency") else None
    if match.group("digits"):
        digits = _DIGIT_COUNTS[match.group("digits").lower()]
        low, high = product(scale, 10.0 ** (digits - 1)), product(scale, 10.0**digits)
    elif match.group("head").lower() not in _MONEY_HEADS:
        return None
    else:
        low, high = scale, product(scale, _NEXT_SCALE)
    start = _first_start(match, ("hedge", "digits", "multi", "stem") if _hedge(match) else ("digits", "multi", "stem"))
    return _Candidate(start, match.end(), _vague(low, high, currency))


def _vague_quantity(match: re.Match[str]) -> _Candidate | None:
    """ "Hunderte von Millionen Dollar", "mehrere Milliarden Euro", "Millionen Euro", "Tausende Euro"."""
    scale = _PLURAL_SCALES[match.group("scale").lower()] if match.group("scale") else 1.0
    if match.group("quantifier"):
        low, high = _QUANTIFIERS[_normal(match.group("quantifier"))]
    else:
        low, high = 1.0, _NEXT_SCALE
    multiplier = _MULTIPLIERS[match.group("multiplier").lower()] if match.group("multiplier") else 1.0
    currency = currency_code(match.group("currency"))
    if _normal(match.group("currency")) in _NUMERAL_REQUIRED:
        return None
    start = _first_start(match, ("hedge", "quantifier", "scale") if _hedge(match) else ("quantifier", "scale", "currency"))
    return _Candidate(start, match.end(), _vague(product(low, multiplier, scale), product(high, multiplier, scale), currency))


_FINDERS = (
    (_RANGE_RE, _range),
    (_AFTER_RE, _after),
    (_BEFORE_RE, _before),
    (_VAGUE_COMPOUND_RE, _vague_compound),
    (_VAGUE_QUANTITY_RE, _vague_quantity),
)


def _anchor_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Anything every money phrase contains: a currency, a subunit or a scale stem ("Milliardenangebot").

    Words are searched case-sensitively in the lowercased text, which is several times faster than
    ignoring case; the case-insensitive twin serves texts whose length changes when lowercased.
    """
    words = {form.lower() for forms in _CURRENCIES["nouns"].values() for form in forms}
    words |= set(_SUBUNITS) | {s.lower() for s in _SYMBOLS if not _SYMBOL_MARKS_SET & set(s)}
    # Scale stems open compounds ("Milliardenangebot"); every other anchor is a whole word.
    stems = {f"{_VAGUE['multi_prefix']}{stem}" for stem in _VAGUE["scale_stems"]} | set(_VAGUE["scale_stems"])
    initials = "".join(sorted({re.escape(w[0]) for w in words | stems}))
    word_pattern = (
        rf"[{_SYMBOL_MARKS}]|\b(?=[{initials}])(?:(?:{alternation(words)})(?!\w)|{alternation(stems)})"
    )
    codes = alternation(_CODES)
    code_pattern = rf"\b(?=[A-Z])(?:{codes})(?![^\W\d_])|\b(?=[A-Za-z]{{2,3}}\$)(?i:{codes})\$"
    return re.compile(word_pattern), re.compile(word_pattern, re.IGNORECASE), re.compile(code_pattern)


_ANCHOR_LOWER_RE, _ANCHOR_ANY_CASE_RE, _ANCHOR_CODE_RE = _anchor_patterns()
# A money phrase starts at most this many words and characters before its anchor
# ("knapp über zwischen 500 Millionen Euro und 2 Milliarden Euro").
_WORDS_BEFORE, _CHARS_BEFORE = 12, 100
_WORD_BEGINNING_RE = re.compile(r"(?<!\w)\w")


def _starts(text: str) -> list[int]:
    """Offsets where a money phrase may start: each anchor and the word beginnings just before it."""
    lowered = text.lower()
    words = _ANCHOR_LOWER_RE.finditer(lowered) if len(lowered) == len(text) else _ANCHOR_ANY_CASE_RE.finditer(text)
    anchors = {a.start() for a in words} | {a.start() for a in _ANCHOR_CODE_RE.finditer(text)}
    starts: set[int] = set()
    for anchor in anchors:
        before = [w.start() for w in _WORD_BEGINNING_RE.finditer(text, max(0, anchor - _CHARS_BEFORE), anchor)]
        starts.update(before[-_WORDS_BEFORE:])
        starts.add(anchor)
    return sorted(starts)


def find_money(text: str) -> list[Mention]:
    """Every money amount in ``text``, sorted by start, non-overlapping (see the module docstring)."""
    candidates: list[_Candidate] = []
    for start in _starts(text):
        for pattern, build in _FINDERS:
            match = pattern.match(text, start)
            if match is not None and (candidate := build(match)) is not None:
                candidates.append(candidate)
    # Earliest start wins, then the longest span, then the order of _FINDERS (ranges before points).
    candidates.sort(key=lambda c: (c.start, -c.end))
    chosen: list[_Candidate] = []
    for candidate in candidates:
        if not chosen or candidate.start >= chosen[-1].end:
            chosen.append(candidate)
    mentions: list[Mention] = []
    context: str | None = None
    for candidate in chosen:
        value = dict(candidate.value)
        if candidate.cent_from_context:
            value["currency"] = context or _CENT_DEFAULT
        if value["currency"] in _CENT_CURRENCIES:
            context = value["currency"]
        mentions.append(Mention(candidate.start, candidate.end, text[candidate.start : candidate.end], LABEL, value))
    return mentions
