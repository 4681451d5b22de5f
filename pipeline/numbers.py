"""German numbers: digits in German format and number words to floats.

``parse_number`` reads a whole phrase ("1,5", "2.400", "12 500", "dreihundertfünfzig",
"eine halbe", "anderthalb", "1,5 Millionen", "zwei Milliarden") and returns its value, or None
when the phrase is not exactly one number; ``number_at(text, position)`` reads the number that
starts at ``position`` in running text ("drei Monaten" → 3.0). The token-level helpers
(``digits_value``, ``word_value``, ``scale_value``, ``product``) and the regex sources
(``DIGITS_PATTERN``, ``WORDS_PATTERN``, ``SCALE_PATTERN``, ``NUMBER_PATTERN``…) let other modules
find numbers inside running text and parse only those.

Digit grouping follows German usage: "," is the decimal mark and "." or a (thin, no-break)
space groups thousands. A lone "." followed by other than three digits ("1.5") is read as a
decimal point, and several "," each followed by three digits ("1,000,000") as thousands, since
such text is clearly not German-formatted. Word data lives in ``data/numbers_de.json``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

_DATA = json.loads((Path(__file__).parent / "data" / "numbers_de.json").read_text(encoding="utf-8"))

WORDS: dict[str, float] = {k: float(v) for k, v in _DATA["words"].items()}
STANDALONE: dict[str, float] = {k: float(v) for k, v in _DATA["standalone"].items()}
HALF_WORDS: frozenset[str] = frozenset(_DATA["half_words"])
ARTICLES: frozenset[str] = frozenset(_DATA["articles"])
SCALES: dict[str, float] = {k: float(v) for k, v in _DATA["scales"].items()}
SINGULAR_SCALES: frozenset[str] = frozenset(_DATA["singular_scales"])
ATTACHED_SCALES: dict[str, float] = {k: float(v) for k, v in _DATA["attached_scales"].items()}
_HUNDRED: str = _DATA["hundred"]
_THOUSAND: str = _DATA["thousand"]
_JOINER: str = _DATA["joiner"]
_HALF_SUFFIX: str = _DATA["half_suffix"]

_GROUP_SPACES = " \u00a0\u202f\u2009"
_DASHES = "-\u2013\u2014"
_DASH_CLASS = r"\-\u2013\u2014"

# One numeral in German (or unambiguous English) format, optionally with the price tail ",-".
# DIGITS_BODY may follow letters directly ("EUR29,99"); DIGITS_PATTERN must start a token.
DIGITS_BODY = (
    rf"(?:\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?!\d)(?:,\d+)?"
    rf"|\d+(?:[.,]\d+)*)(?:,[{_DASH_CLASS}]{{1,2}}(?![\w{_DASH_CLASS}]))?"
)
DIGITS_PATTERN = rf"(?<![\w.,]){DIGITS_BODY}"


def alternation(words: Iterable[str]) -> str:
    """Regex alternation of literal words, longest first so that no word hides a longer one."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_MORPHEMES = set(WORDS) | {_HUNDRED, _THOUSAND, _JOINER, _HALF_SUFFIX}
# A run of number-word parts (a candidate only: ``word_value`` decides whether it is a number).
WORDS_PATTERN = rf"\b(?:{alternation(set(STANDALONE) | HALF_WORDS)}|(?:{alternation(_MORPHEMES)})+)\b"
# Scale words end at a word boundary but may be glued to a numeral ("2,5Mio").
SCALE_PATTERN = rf"(?:{alternation({s for s in SCALES if s.endswith('.')})}|(?:{alternation({s for s in SCALES if not s.endswith('.')})})\b)"

# Glued to a numeral and case-sensitive ("100T"), since a lone "T" or "t" means something else.
ATTACHED_SCALE_PATTERN = rf"(?-i:{alternation(set(ATTACHED_SCALES))})\b"
SINGULAR_SCALE_PATTERN = rf"\b(?:{alternation(SINGULAR_SCALES)})\b"
ARTICLE_HALF_PATTERN = rf"\b(?:{alternation(ARTICLES)})\s+(?:{alternation(HALF_WORDS)})\b"
# A numeral, a number word or "eine halbe", without a scale.
UNSCALED_NUMBER_PATTERN = rf"(?:{ARTICLE_HALF_PATTERN}|{DIGITS_PATTERN}|{WORDS_PATTERN})"

_DIGITS_RE = re.compile(rf"{DIGITS_PATTERN}(?:{ATTACHED_SCALE_PATTERN})?")
_ATTACHED_RE = re.compile(rf"({DIGITS_BODY})({ATTACHED_SCALE_PATTERN})")
_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def digits_value(token: str) -> float | None:
    """Value of one numeral such as "1,5", "2.400", "1.000.000", "12 500" or "20,-"."""
    text = token.strip()
    undashed = text.rstrip(_DASHES)
    if undashed != text and undashed.endswith(","):
        text = undashed[:-1]
    for space in _GROUP_SPACES:
        text = text.replace(space, "")
    if not text or not text[0].isdigit() or not text[-1].isdigit():
        return None
    if not all(ch.isdigit() or ch in ".," for ch in text) or not text.isascii():
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        whole, _, fraction = text.rpartition(decimal)
        if decimal in whole or not _grouped(whole.split(grouping)):
            return None
        return float(whole.replace(grouping, "") + "." + fraction)
    for mark in ",.":
        if mark in text:
            parts = text.split(mark)
            if len(parts) > 2 or (mark == "." and len(parts[1]) == 3):
                return float("".join(parts)) if _grouped(parts) else None
            return float(parts[0] + "." + parts[1])
    return float(text)


def product(*factors: float) -> float:
    """Product worked out in decimal, so that 16,4 Millionen is 16400000.0 and not 16399999.999999998."""
    result = Decimal(1)
    for factor in factors:
        result *= Decimal(repr(factor))
    return float(result)


def _grouped(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


@lru_cache(maxsize=4096)
def word_value(word: str) -> float | None:
    """Value of one number word: "zwölf", "dreihundertfünfzig", "einer", "zweieinhalb"."""
    lowered = word.strip().lower().replace("-", "")
    if lowered in STANDALONE:
        return STANDALONE[lowered]
    return _compound(lowered)


def _compound(word: str) -> float | None:
    if not word:
        return None
    if word in WORDS:
        return WORDS[word]
    if word.endswith(_HALF_SUFFIX) and len(word) > len(_HALF_SUFFIX):
        base = _compound(word[: -len(_HALF_SUFFIX)])
        return None if base is None or base != int(base) else base + 0.5
    for scale, factor, max_left, max_right in ((_THOUSAND, 1000, 999, 999), (_HUNDRED, 100, 99, 99)):
        if scale in word:
            left, _, right = word.partition(scale)
            left_value = 1.0 if not left else _compound(left)
            right = right.removeprefix(_JOINER) if right != _JOINER else right
            right_value = 0.0 if not right else _compound(right)
            if left_value is None or right_value is None:
                return None
            if not (left_value == int(left_value) and 1 <= left_value <= max_left):
                return None
            if right_value != int(right_value) or right_value > max_right:
                return None
            return left_value * factor + right_value
    if _JOINER in word:
        unit, _, tens = word.partition(_JOINER)
        unit_value, tens_value = WORDS.get(unit), WORDS.get(tens)
        if unit_value is not None and tens_value is not None and 1 <= unit_value <= 9 and tens_value in _TENS:
            return unit_value + tens_value
    return None


_TENS = frozenset(float(v) for v in range(20, 100, 10))


def scale_value(word: str) -> float | None:
    """Multiplier of a scale word or abbreviation: "Millionen" → 1e6, "Mrd." → 1e9."""
    return SCALES.get(word.strip().lower())


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """Value of a phrase that is exactly one number, with an optional scale word.

    Accepts "1,5", "2.400", "12 500", "zwölf", "dreihundertfünfzig", "anderthalb",
    "eine halbe", "1,5 Millionen", "eine halbe Milliarde", "Milliarde", "100T",
    "zwei Millionen dreihunderttausend".
    Returns None for anything else (including the empty string).
    """
    tokens = _tokens(text)
    if not tokens:
        return None
    total = 0.0
    previous_scale = float("inf")
    index = 0
    while index < len(tokens):
        value, index = _leading_value(tokens, index)
        if value is None:
            return None
        scale = scale_value(tokens[index]) if index < len(tokens) else None
        if scale is None:
            if index != len(tokens) or previous_scale < float("inf") and value >= previous_scale:
                return None
            return total + value
        if scale >= previous_scale:
            return None
        total += product(value, scale)
        previous_scale = scale
        index += 1
    return total


def _tokens(text: str) -> list[str]:
    """Split on spaces, keeping digit groups such as "12 500" together."""
    stripped = text.strip()
    if not stripped:
        return []
    tokens: list[str] = []
    position = 0
    for match in _DIGITS_RE.finditer(stripped):
        tokens.extend(_SPACE_RE.split(stripped[position : match.start()].strip()) if match.start() > position else [])
        tokens.append(match.group())
        position = match.end()
    tokens.extend(_SPACE_RE.split(stripped[position:].strip()) if position < len(stripped) else [])
    return [t for t in tokens if t]


def _leading_value(tokens: list[str], index: int) -> tuple[float | None, int]:
    """Read one number (numeral, word, or "eine halbe") starting at ``tokens[index]``."""
    token = tokens[index]
    lowered = token.lower()
    if lowered in ARTICLES and index + 1 < len(tokens) and tokens[index + 1].lower() in HALF_WORDS:
        return 0.5, index + 2
    if lowered in SINGULAR_SCALES:
        return 1.0, index
    attached = _ATTACHED_RE.fullmatch(token)
    if attached:
        value = digits_value(attached.group(1))
        return (None if value is None else product(value, ATTACHED_SCALES[attached.group(2)])), index + 1
    value = digits_value(token) if token[:1].isdigit() else word_value(token)
    return value, index + 1


# A numeral or number word, optionally followed by a scale word ("1,5 Millionen", "drei").
NUMBER_PATTERN = rf"{UNSCALED_NUMBER_PATTERN}(?:\s+{SCALE_PATTERN})?"
# A scale word that does not fit ("tausend Tausend") must not hide the number before it.
_NUMBER_RES = (re.compile(NUMBER_PATTERN, re.IGNORECASE), re.compile(UNSCALED_NUMBER_PATTERN, re.IGNORECASE))


def number_at(text: str, position: int = 0) -> tuple[float, int] | None:
    """The number starting exactly at ``position`` and the offset where it ends.

    ``number_at("drei Monaten")`` is ``(3.0, 4)``; ``number_at("1,5 Mio. Euro")`` is ``(1500000.0, 8)``.
    """
    for pattern in _NUMBER_RES:
        match = pattern.match(text, position)
        if match and (value := parse_number(match.group())) is not None:
            return value, match.end()
    return None
