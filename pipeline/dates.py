"""German DATE and DURATION spans, resolved against the article's own publication date.

``find_dates(text, published)`` finds candidates with precompiled patterns (never a date parser run
over running text), keeps the longest non-overlapping ones and normalises only those. Values are
ISO 8601 truncated to the granularity the text gives ("2025", "2025-06", "2025-06-14",
"2025-09-08T21:42", "2025-W36"), "start/end" for ranges and "P6Y" for durations. A date that needs
the publication date is left ``{"value": None, "unresolved": <reason>}`` when there is none, so that
outputs never depend on the day the pipeline runs.

A year-less date ("im Juni", "am 3. März") is read from its clause, else its sentence: past-tense
cues give the latest such date not after publication, future cues the next one from publication,
and no cue the nearer of the two. ``reading="past"`` or ``"future"`` overrides the cue. A preceding
"seit/ab/bis/vor/nach" adds ``"modifier": "since"|"until"|"before"|"after"`` to the value.

Some dates need what stands around them. An amount or weekday before a date moves it ("ein Jahr nach
Weihnachten", "der dritte Dienstag nach Ostern 2014"). A date counted from an earlier one ("drei
Wochen später", "im selben Jahr", "im Jahr zuvor") takes the nearest resolved date of its sentence or
the two before, and stays unresolved without one: it is never counted from the publication date.
Language data lives in ``data/dates_de.json``; number words are read by ``pipeline.numbers``.
"""

from __future__ import annotations

import bisect
import calendar
import email.utils
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from hijridate import Gregorian, Hijri

from pipeline.model import Mention
from pipeline.numbers import WORDS_PATTERN, parse_number

_DATA = json.loads((Path(__file__).parent / "data" / "dates_de.json").read_text(encoding="utf-8"))

MONTHS: dict[str, int] = _DATA["months"]
WEEKDAYS: dict[str, int] = _DATA["weekdays"]
WEEKDAY_ABBREVIATIONS: dict[str, int] = _DATA["weekday_abbreviations"]
ORDINAL_STEMS: dict[str, int] = _DATA["ordinal_stems"]
RELATIVE_DAYS: dict[str, int] = _DATA["relative_days"]
SHIFTS: dict[str, int] = _DATA["shifts"]
PERIOD_WORDS: dict[str, str] = _DATA["period_words"]
PREVIOUS_PERIOD_WORDS: dict[str, str] = _DATA["previous_period_words"]
UNITS: dict[str, str] = _DATA["units"]
PARTS: dict[str, dict[str, list[int]]] = _DATA["parts"]
PART_COMPOUNDS: dict[str, list[str]] = _DATA["part_compounds"]
SEASONS: dict[str, list[int]] = _DATA["seasons"]
MODIFIERS: dict[str, str] = _DATA["modifiers"]
HOLIDAYS: dict[str, dict[str, int]] = _DATA["holidays"]
VAGUE_QUANTITIES: frozenset[str] = frozenset(_DATA["vague_quantities"])
PAST_MARKERS: frozenset[str] = frozenset(_DATA["past_markers"])
FUTURE_MARKERS: frozenset[str] = frozenset(_DATA["future_markers"])
REPORTING_VERBS: frozenset[str] = frozenset(_DATA["reporting_verbs"])
PARTICIPLE_AUXILIARIES: frozenset[str] = frozenset(_DATA["participle_auxiliaries"])
QUANTITY_WORDS: frozenset[str] = frozenset(w.rstrip(".") for w in _DATA["quantity_words"])
MODIFIER_FILLERS: frozenset[str] = frozenset(_DATA["modifier_fillers"]) | frozenset(_DATA["parts"])
UNIT_WORDS: frozenset[str] = frozenset(_DATA["unit_words"])
NOT_DATES: frozenset[str] = frozenset(_DATA["not_dates"])
OTHER_CALENDAR_WORDS: frozenset[str] = frozenset(_DATA["other_calendar_words"])
ORTHODOX_ADJECTIVES: frozenset[str] = frozenset(_DATA["orthodox_adjectives"])
CAPITALISED_HOLIDAYS: frozenset[str] = frozenset(_DATA["capitalised_holidays"])
CAPITALISED_UNITS: frozenset[str] = frozenset(_DATA["capitalised_units"])
NOT_DURATION_AFTER: frozenset[str] = frozenset(_DATA["not_duration_after"])
TWO_DIGIT_YEAR_PIVOT = 50
READINGS = ("tense", "past", "future")

_ISO_UNIT_ORDER = ("Y", "M", "W", "D", "H", "MIN")
_UNIT_GRAIN = {"Y": "year", "M": "month", "W": "day", "D": "day", "H": "hour", "MIN": "minute"}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_ABBREVIATED = set(_DATA["month_abbreviations"])
_MONTH = rf"(?:{_alternation(m for m in MONTHS if m not in _ABBREVIATED)}|(?:{_alternation(_ABBREVIATED)})\.?)(?!\w)"
_WEEKDAY = rf"(?:{_alternation(WEEKDAYS)})(?!\w)"
_WEEKDAY_ANY = rf"(?:{_alternation(WEEKDAYS)}|(?:{_alternation(WEEKDAY_ABBREVIATIONS)})\.?)(?!\w)"
_ORDINAL = rf"(?:{_alternation(ORDINAL_STEMS)})(?:{_alternation(_DATA['ordinal_endings'])})(?!\w)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_DAY_NUMBER = rf"{_DAY}(?:\.|(?:{_alternation(_DATA['digit_ordinal_suffixes'])})(?!\w)|(?![\d.,]))"
_YEAR = r"(?:1\d{3}|20\d{2})"
_SHIFT = rf"(?:{_alternation(SHIFTS)})"
_UNIT = rf"(?:{_alternation(u for u in UNITS if u not in _DATA['abbreviated_units'])})(?!\w)"
_UNIT_ATTACHED = rf"(?:{_alternation(_DATA['abbreviated_units'])})\.?(?!\w)"
_QUANTITY = rf"(?:\d+(?:,\d+)?|{_alternation(VAGUE_QUANTITIES)}|{WORDS_PATTERN})"
_AMOUNT = rf"(?:{_QUANTITY}\s*{_UNIT_ATTACHED}|{_QUANTITY}\s+{_UNIT})"
_AMOUNTS = rf"{_AMOUNT}(?:(?:\s*,\s*|\s+und\s+|\s+){_AMOUNT})*"
_TIME = r"(?:\s*[,|\-–]?\s+(?:um\s+)?(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?::[0-5]\d)?(?:\s*Uhr)?(?!\d))"
_BEFORE = r"(?<![0-9A-Za-zÄÖÜäöüß.,/-])"
# Year after a date: "2025", "74" (at the end), "dieses Jahres", "des vergangenen Jahres", "des Vorjahres".
_YEAR_SUFFIX = (
    rf"(?:\s*(?P<y>{_YEAR})(?!\w|[.,]\d)"
    r"|\s+(?P<yy>\d{2})(?=\s*(?:$|[^\w\s]))"
    rf"|\s+(?P<ys>{_SHIFT})\s+Jahres(?!\w)"
    rf"|\s+des\s+(?:(?P<ys2>{_SHIFT})\s+)?Jahres(?:\s+(?P<y3>{_YEAR}))?(?!\w)"
    r"|\s+des\s+(?P<prev>Vorjahres)(?!\w)"
    rf"|\s+(?:im|des)\s+(?:Jahre?s?)\s+(?P<y4>{_YEAR})(?!\w)"
    rf"|\s+im\s+(?P<ys3>{_SHIFT})\s+Jahr(?!\w))?"
)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """The publication date (and time when known) that relative dates are resolved against."""

    day: date
    hour: int | None = None
    minute: int | None = None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    label: str
    value: dict
    # A date counted from the nearest earlier date of the text ("drei Wochen später", "im selben
    # Jahr"): gets that date's value (or None when there is none) and gives this one's.
    from_earlier: Callable[[str | None], dict] | None = None


class _Context:
    """One text being searched: its publication reference, reading and lazily found sentences."""

    def __init__(self, text: str, published: str | None, reading: str) -> None:
        self.text = text
        self.published = published
        self.reference = _reference(published)
        self.reading = reading
        self._boundaries: list[int] | None = None

    def no_reference(self) -> dict:
        """The value of a relative date when there is no usable publication date."""
        if self.published and self.published.strip():
            return _unresolved(f"publication date {self.published.strip()!r} is not a full date")
        return _unresolved(_NO_PUBLICATION)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence around ``start:end``."""
        if self._boundaries is None:
            self._boundaries = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        before = bisect.bisect_right(self._boundaries, start)
        after = bisect.bisect_left(self._boundaries, end)
        left = self._boundaries[before - 1] if before else 0
        right = self._boundaries[after] if after < len(self._boundaries) else len(self.text)
        return left, right

    def tense(self, start: int, end: int) -> str:
        """"past", "future" or "nearest" from the clause around ``start:end``, else from its sentence."""
        left, right = self.sentence(start, end)
        clause_left = max((self.text.rfind(mark, left, start) + 1 for mark in _CLAUSE_MARKS), default=left)
        clause_right = min((i for i in (self.text.find(mark, end, right) for mark in _CLAUSE_MARKS) if i >= 0), default=right)
        clause = _sentence_tense(self.text[max(left, clause_left) : clause_right])
        return clause if clause != "nearest" else _sentence_tense(self.text[left:right])

    def direction(self, start: int, end: int) -> str:
        """"past", "future" or "nearest" for a year-less date at ``start:end``."""
        return self.reading if self.reading != "tense" else self.tense(start, end)


_CLAUSE_MARKS = (",", ";", ":", "–", "—", "(", ")")
_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=[\"'“”»«)]*\s+[\"'„“«»(]*[A-ZÄÖÜ0-9])|\n\s*\n|\n")
_WORD = re.compile(r"[\wäöüÄÖÜß]+")


@lru_cache(maxsize=8192)
def _sentence_tense(sentence: str) -> str:
    words = [w.lower() for w in _WORD.findall(sentence)]
    past = any(w in PAST_MARKERS for w in words) or (
        any(w in PARTICIPLE_AUXILIARIES for w in words) and any(_is_participle(w) for w in words)
    )
    if past:
        return "past"
    if any(w in FUTURE_MARKERS for w in words):
        return "future"
    # "so sagte er" reports; the reported event is past only when nothing points ahead
    if any(w in REPORTING_VERBS for w in words):
        return "past"
    return "nearest"


def _is_participle(word: str) -> bool:
    return len(word) > 5 and (word.startswith("ge") or "ge" in word[2:5]) and word.endswith(("t", "en"))


# ---------------------------------------------------------------- publication date


@lru_cache(maxsize=1024)
def _reference(published: str | None) -> Reference | None:
    if not published:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?", published.strip())
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    # The resolvers look some years around publication; a date near the calendar's ends is no article's.
    if not (_MIN_YEAR <= int(year) <= _MAX_YEAR and _valid(int(year), int(month), int(day))):
        return None
    return Reference(date(int(year), int(month), int(day)), None if hour is None else int(hour), None if minute is None else int(minute))


_MIN_YEAR, _MAX_YEAR = 100, 9899


@lru_cache(maxsize=1024)
def parse_published(text: str) -> str | None:
    """A metadata date string as ISO 8601 at its own granularity, or None when it holds no date.

    Accepts ISO forms (with or without a time zone, which is dropped: the wall-clock time stands),
    "2025-09-08 21:42", "08.09.2025", "8. September 2025", RFC 2822 ("Mon, 08 Sep 2025 21:42:00 +0200").
    """
    stripped = text.strip()
    if not stripped:
        return None
    iso = re.fullmatch(r"(\d{4})[-/]?(\d{2})[-/]?(\d{2})(?:[T ]?(\d{2}):?(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?", stripped)
    if iso:
        year, month, day, hour, minute, _ = iso.groups()
        if not _valid(int(year), int(month), int(day)):
            return None
        return f"{year}-{month}-{day}" + (f"T{hour}:{minute}" if hour is not None else "")
    try:
        moment = email.utils.parsedate_to_datetime(stripped)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is not None:
        return moment.strftime("%Y-%m-%dT%H:%M")
    mentions = [m for m in find_dates(stripped, None) if m.label == "DATE" and m.value and m.value.get("value")]
    if len(mentions) == 1 and not stripped[: mentions[0].start].strip(" ,") and "/" not in mentions[0].value["value"]:
        return mentions[0].value["value"]
    return None


# ---------------------------------------------------------------- calendar helpers


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _iso_day(day: date) -> str:
    return day.isoformat()


def _iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _two_digit_year(text: str) -> int:
    value = int(text)
    return 2000 + value if value < TWO_DIGIT_YEAR_PIVOT else 1900 + value


@lru_cache(maxsize=256)
def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _hijri_day_in(year: int, month: int, day: int) -> date | None:
    """The first Gregorian day of ``year`` that is ``day`` of Islamic ``month``; None outside the Umm al-Qura tables (1924-2077)."""
    try:
        first = Gregorian(year, 1, 1).to_hijri().year
    except OverflowError:
        return None
    for hijri_year in (first, first + 1):
        try:
            found = Hijri(hijri_year, month, day).to_gregorian()
        except OverflowError:
            continue
        if found.year == year:
            return date(found.year, found.month, found.day)
    return None


def _orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday: the Julian computus, moved to the Gregorian calendar."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = (d + e + 114) // 31, (d + e + 114) % 31 + 1
    return date(year, month, day) + timedelta(days=year // 100 - year // 400 - 2)


def _ordinal_value(word: str) -> int | None:
    lowered = word.lower()
    for ending in sorted(_DATA["ordinal_endings"], key=len, reverse=True):
        if lowered.endswith(ending) and lowered[: -len(ending)] in ORDINAL_STEMS:
            return ORDINAL_STEMS[lowered[: -len(ending)]]
    return None


def _day_value(token: str) -> int | None:
    digits = re.match(r"\d+", token)
    return int(digits.group()) if digits else _ordinal_value(token)


def _month_value(token: str) -> int | None:
    return MONTHS.get(token.lower().rstrip("."))


# ---------------------------------------------------------------- values


def _value(value: str) -> dict:
    return {"value": value}


def _unresolved(reason: str) -> dict:
    return {"value": None, "unresolved": reason}


_NO_PUBLICATION = "relative date and no publication date"


def _pick_year(ctx: _Context, start: int, end: int, month: int, day: int | None) -> int | dict:
    """Year of a year-less month or day, by the sentence's reading; or an unresolved value."""
    if ctx.reference is None:
        return ctx.no_reference()
    years = range(ctx.reference.day.year - _YEARS_AROUND, ctx.reference.day.year + _YEARS_AROUND + 1)
    if day is None:
        spans = [(date(y, month, 1), date(y, month, calendar.monthrange(y, month)[1])) for y in years]
    else:
        spans = [(date(y, month, day), date(y, month, day)) for y in years if _valid(y, month, day)]
    chosen = _pick(ctx, start, end, spans)
    return chosen if isinstance(chosen, dict) else chosen[0].year


_YEARS_AROUND = 8


def _pick(ctx: _Context, start: int, end: int, spans: list[tuple[date, date]]) -> tuple[date, date] | dict:
    """The occurrence (first day, last day) of a year-less date that the sentence's reading picks.

    Past is the latest one that starts on or before publication, future the first that ends on or
    after it; with no tense cue the nearer one (past on a tie).
    """
    ref = ctx.reference
    if ref is None:
        return ctx.no_reference()
    past = max((s for s in spans if s[0] <= ref.day), default=None)
    future = min((s for s in spans if s[1] >= ref.day), default=None)
    if past is None or future is None:
        return past or future or _unresolved("no such day")
    direction = ctx.direction(start, end)
    if direction == "past":
        return past
    if direction == "future":
        return future
    return future if (future[0] - ref.day).days < (ref.day - past[1]).days else past


def _year_of(match: re.Match, ctx: _Context, start: int, end: int, month: int, day: int | None) -> int | dict:
    """The year a date's suffix states, shifts to, or (year-less) the reading picks."""
    groups = match.groupdict()
    for name in ("y", "y3", "y4"):
        if groups.get(name):
            return int(groups[name])
    if groups.get("yy"):
        return _two_digit_year(groups["yy"])
    shift_word = groups.get("ys") or groups.get("ys2") or groups.get("ys3")
    if shift_word or groups.get("prev") or (groups.get("ys2") is None and re.search(r"des\s+Jahres", match.group(), re.I)):
        if ctx.reference is None:
            return ctx.no_reference()
        shift = -1 if groups.get("prev") else SHIFTS.get((shift_word or "dieses").lower(), 0)
        return ctx.reference.day.year + shift
    return _pick_year(ctx, start, end, month, day)


def _day_result(year: int | dict, month: int, day: int, hour: str | None = None, minute: str | None = None) -> dict:
    if isinstance(year, dict):
        return year
    if not _valid(year, month, day):
        return _unresolved("no such day")
    value = _iso_day(date(year, month, day))
    if hour is not None and minute is not None:
        value += f"T{int(hour):02d}:{minute}"
    return _value(value)


# ---------------------------------------------------------------- patterns and their handlers

_Handler = Callable[[re.Match, _Context], "tuple[int, int, str, dict] | None"]
_PATTERNS: list[tuple[re.Pattern[str], tuple[str, ...], _Handler]] = []
# How far a pattern's match may reach from the word that triggers it.
_REACH = 100


def _pattern(regex: str, *, trigger: tuple[str, ...]) -> Callable[[_Handler], _Handler]:
    """Register a pattern; it is only searched near words of the ``trigger`` kinds (see ``_word_kinds``)."""

    def register(handler: _Handler) -> _Handler:
        _PATTERNS.append((_rx(regex), trigger, handler))
        return handler

    return register


def _kind_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}

    def add(kind: str, words) -> None:
        for word in words:
            table.setdefault(word.lower().rstrip("."), set()).add(kind)

    add("month", MONTHS)
    add("weekday", WEEKDAYS)
    add("weekday", WEEKDAY_ABBREVIATIONS)
    add("holiday", (re.match(r"\w+", name).group() for name in HOLIDAYS))
    add("period", PERIOD_WORDS)
    add("period", PREVIOUS_PERIOD_WORDS)
    add("period", _DATA["following_periods"])
    add("part", PARTS)
    add("part", PART_COMPOUNDS)
    add("season", SEASONS)
    add("quarter", list(_DATA["quarters"]) + list(_DATA["halves"]) + _DATA["quarter_words"] + _DATA["half_words"] + _DATA["half_of_year_words"])
    add("relative", RELATIVE_DAYS)
    add("unit", UNITS)
    return {word: tuple(sorted(kinds)) for word, kinds in table.items()}


_WORD_KINDS = _kind_table()
_TOKEN = re.compile(r"\w+")
_ATTACHED_UNITS = frozenset(_DATA["abbreviated_units"])


@lru_cache(maxsize=65536)
def _word_kinds(word: str) -> tuple[str, ...]:
    """The trigger kinds of one word: listed words, digits, years, ordinals, "…jahr…" words."""
    lowered = word.lower()
    kinds = _WORD_KINDS.get(lowered, ())
    if lowered[0].isdigit() or lowered[-1].isdigit():
        kinds += ("digit",)
        if len(lowered) == 4 and lowered[:2] in ("19", "20") and lowered.isdigit():
            kinds += ("year",)
        if lowered.lstrip("0123456789") in _ATTACHED_UNITS:
            kinds += ("unit",)
    elif "jahr" in lowered:
        kinds += ("period",)
    if lowered.endswith(("e", "r", "n", "m", "s")) and _ordinal_value(lowered) is not None:
        kinds += ("ordinal",)
    return kinds


def _trigger_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each trigger kind, the merged stretches of text within reach of a word of that kind."""
    hits: dict[str, list[tuple[int, int]]] = {}
    for token in _TOKEN.finditer(text):
        for kind in _word_kinds(token.group()):
            hits.setdefault(kind, []).append(token.span())
    return {kind: _merged(spans, len(text)) for kind, spans in hits.items()}


def _merged(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        low, high = max(0, start - _REACH), min(length, end + _REACH)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(high, windows[-1][1]))
        else:
            windows.append((low, high))
    return windows


def _core(match: re.Match) -> tuple[int, int]:
    return (match.start("core"), match.end("core")) if "core" in match.re.groupindex and match.group("core") is not None else match.span()


def _preceding_words(text: str, start: int, count: int = 2) -> list[str]:
    words = re.findall(r"[\w§%€$.]+", text[max(0, start - 40) : start])
    return [w.lower().rstrip(".") for w in words[-count:]]


def _following_word(text: str, end: int) -> str:
    match = re.match(r"\s*([\w%€$°\-]+)", text[end : end + 40])
    return match.group(1) if match else ""


def _after_quantity(text: str, start: int) -> bool:
    words = _preceding_words(text, start, 2)
    return bool(words) and (words[-1] in QUANTITY_WORDS or " ".join(words) in QUANTITY_WORDS)


def _standalone(text: str, start: int, end: int) -> bool:
    return not text[:start].strip() and not text[end:].strip(" .")


_DATE_PREPOSITIONS = frozenset(_DATA["date_prepositions"])


def _after_date_preposition(text: str, start: int) -> bool:
    words = _preceding_words(text, start, 2)
    return bool(words) and (words[-1] in _DATE_PREPOSITIONS or " ".join(words) in _DATE_PREPOSITIONS)


@_pattern(rf"{_BEFORE}(?P<core>(?P<y>\d{{4}})(?P<sep>[-/])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?:(?:T|\s+)(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?)?)(?![\w:])", trigger=("digit",))
def _iso(match: re.Match, ctx: _Context):
    return (*_core(match), "DATE", _day_result(int(match["y"]), int(match["m"]), int(match["d"]), match["H"], match["M"]))


@_pattern(
    rf"{_BEFORE}(?P<core>(?:(?P<wd>{_WEEKDAY_ANY}),?\s+(?:(?:den|der)\s+)?)?(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})"
    rf"(?:(?P<dot>\.)(?:(?P<y>\d{{4}})|(?P<yy>\d{{2}}))?)?(?!\d|[.,]\d){_TIME}?)",
    trigger=("digit",),
)
def _numeric(match: re.Match, ctx: _Context):
    start, end = _core(match)
    day, month = int(match["d"]), int(match["m"])
    if not (1 <= day <= 31 and 1 <= month <= 12) or _after_quantity(ctx.text, start):
        return None
    has_year = bool(match["y"] or match["yy"])
    if not has_year and not match["dot"] and not (match["wd"] or _after_date_preposition(ctx.text, start) or _standalone(ctx.text, start, end)):
        return None
    if not has_year and match["dot"] and re.match(r"\s*[A-ZÄÖÜ]", ctx.text[end:]) and not match["wd"] and not _after_date_preposition(ctx.text, start):
        return None
    if match["y"]:
        year: int | dict = int(match["y"])
    elif match["yy"]:
        year = _two_digit_year(match["yy"])
    else:
        year = _pick_year(ctx, start, end, month, day)
    return start, end, "DATE", _day_result(year, month, day, match["H"], match["M"])


@_pattern(
    rf"{_BEFORE}(?P<core>(?:(?P<wd>{_WEEKDAY_ANY}),?\s+(?:(?:den|der)\s+)?)?(?P<d>{_DAY_NUMBER}|{_ORDINAL})\s*(?P<m>{_MONTH}){_YEAR_SUFFIX}{_TIME}?)",
    trigger=("month",),
)
def _day_month(match: re.Match, ctx: _Context):
    start, end = _core(match)
    day, month = _day_value(match["d"]), _month_value(match["m"])
    if day is None or month is None or not 1 <= day <= 31:
        return None
    return start, end, "DATE", _day_result(_year_of(match, ctx, start, end, month, day), month, day, match["H"], match["M"])


@_pattern(
    rf"{_BEFORE}(?P<core>(?:(?P<wd>{_WEEKDAY_ANY}),?\s+)?(?P<m>{_MONTH})\s+(?P<d>{_DAY})\.?"
    rf"(?:,?\s+(?P<y>{_YEAR}))?)(?=\s*(?:$|[^\w\s]))",
    trigger=("month",),
)
def _month_day(match: re.Match, ctx: _Context):
    start, end = _core(match)
    month, day = _month_value(match["m"]), int(match["d"])
    year = int(match["y"]) if match["y"] else _pick_year(ctx, start, end, month, day)
    return start, end, "DATE", _day_result(year, month, day)


@_pattern(
    rf"(?<!\w)(?P<core>(?P<d1>{_DAY})(?:\.|te[nmr]?)?(?:\s*(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?)?\s*(?:bis\s+(?:zum\s+)?|-|–|/|und\s+(?:dem\s+)?)\s*"
    rf"(?P<d2>{_DAY})(?:\.|te[nmr]?)?\s*(?P<m>{_MONTH}){_YEAR_SUFFIX})",
    trigger=("month",),
)
def _day_range(match: re.Match, ctx: _Context):
    """"vom 3. bis 5. März 2025", "3.-5. März", "13ter bis 15ter Juli", "28. Februar bis 3. März" as "start/end"."""
    start, end = _core(match)
    return _days_between(match, ctx, start, end, _month_value(match["m"]), _month_value(match["m1"]) if match["m1"] else None)


@_pattern(
    rf"{_BEFORE}(?P<core>(?P<d1>{_DAY})\.(?:\s?(?P<m1>\d{{1,2}})\.(?P<y1>{_YEAR})?)?\s*(?:-|–|/|bis\s+(?:zum\s+)?|auf\s+den\s+)\s*"
    rf"(?P<d2>{_DAY})\.\s?(?P<m>\d{{1,2}})(?:\.(?:(?P<y>\d{{4}})|(?P<yy>\d{{2}}))?)?)(?!\d|[.,]\d)",
    trigger=("digit",),
)
def _numeric_day_range(match: re.Match, ctx: _Context):
    """"14.-15.10.", "14./15.10.2018", "vom 14.10. bis 15.10.2018" as "start/end"."""
    start, end = _core(match)
    last_month, first_month = int(match["m"]), int(match["m1"]) if match["m1"] else None
    if not 1 <= last_month <= 12 or not 1 <= (first_month or 1) <= 12:
        return None
    return _days_between(match, ctx, start, end, last_month, first_month)


def _days_between(match: re.Match, ctx: _Context, start: int, end: int, last_month: int, first_month: int | None):
    """A day range's value from its groups d1, d2, y1 and year suffix; the first month defaults to the last's."""
    first_day, last_day = int(match["d1"]), int(match["d2"])
    year = _year_of(match, ctx, start, end, last_month, last_day)
    if isinstance(year, dict):
        return start, end, "DATE", year
    first_month = first_month or last_month
    first_year = int(match["y1"]) if match["y1"] else (year if first_month <= last_month else year - 1)
    if not (_valid(first_year, first_month, first_day) and _valid(year, last_month, last_day)):
        return start, end, "DATE", _unresolved("no such day")
    first, last = date(first_year, first_month, first_day), date(year, last_month, last_day)
    if last <= first:
        return None
    return start, end, "DATE", _value(f"{_iso_day(first)}/{_iso_day(last)}")


@_pattern(rf"(?<!\w)(?:von|zwischen)\s+(?P<core>(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?\s+(?:bis|und)\s+(?P<m>{_MONTH}){_YEAR_SUFFIX})", trigger=("month",))
def _month_range(match: re.Match, ctx: _Context):
    """"von März bis Mai 2025", "zwischen Dezember 2012 und Juli 2013" as "start/end" months."""
    start, end = _core(match)
    first_month, last_month = _month_value(match["m1"]), _month_value(match["m"])
    year = _year_of(match, ctx, start, end, last_month, None)
    if isinstance(year, dict):
        return start, end, "DATE", year
    first_year = int(match["y1"]) if match["y1"] else (year if first_month < last_month else year - 1)
    if (first_year, first_month) >= (year, last_month):
        return None
    return start, end, "DATE", _value(f"{_iso_month(first_year, first_month)}/{_iso_month(year, last_month)}")


_LAST = r"letzte[rnms]?"


@_pattern(rf"(?<!\w)(?P<core>(?P<n>{_ORDINAL}|{_LAST})\s+(?P<wd>{_WEEKDAY}|Tag)\s+(?:im|des)\s+(?P<m>{_MONTH})(?:\s+(?P<y>{_YEAR}))?)(?!\w|[.,]\d)", trigger=("month",))
def _nth_day_of_month(match: re.Match, ctx: _Context):
    start, end = _core(match)
    month = _month_value(match["m"])
    year = int(match["y"]) if match["y"] else _pick_year(ctx, start, end, month, None)
    if isinstance(year, dict):
        return start, end, "DATE", year
    days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    weekday = WEEKDAYS.get(match["wd"].lower())
    if weekday is not None:
        days = [d for d in days if d.weekday() == weekday]
    last = re.fullmatch(_LAST, match["n"], re.IGNORECASE) is not None
    index = -1 if last else (_ordinal_value(match["n"]) or 0) - 1
    if not -1 <= index < len(days):
        return start, end, "DATE", _unresolved("no such day")
    return start, end, "DATE", _value(_iso_day(days[index]))


def _dated_core(match: re.Match) -> tuple[int, int]:
    """The date's span, from its weekday when one is named ("Donnerstag, den siebten vierten")."""
    start, end = _core(match)
    return (match.start("wd") if match["wd"] else start), end


_DAY_CONTEXT = rf"(?:(?:am|den|der|vom|zum|bis\s+zum|ab\s+dem|seit\s+dem)\s+|(?P<wd>{_WEEKDAY}),?\s+(?:(?:den|der)\s+)?)"


@_pattern(rf"(?<!\w){_DAY_CONTEXT}(?P<core>(?P<d>\d{{1,2}}\.|{_ORDINAL})(?:\s*/\s*|\s+)(?P<m>{_ORDINAL}|\d{{1,2}}\.(?!\d))(?:\s+(?P<y>{_YEAR}))?)(?!\w|[.,]\d)", trigger=("digit", "ordinal"))
def _ordinal_day_month(match: re.Match, ctx: _Context):
    start, end = _dated_core(match)
    if match["d"][0].isdigit() and match["m"][0].isdigit():
        return None
    day, month = _day_value(match["d"]), _day_value(match["m"])
    if day is None or month is None or not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    year = int(match["y"]) if match["y"] else _pick_year(ctx, start, end, month, day)
    return start, end, "DATE", _day_result(year, month, day)


@_pattern(rf"(?<!\w){_DAY_CONTEXT}(?P<core>(?P<d>{_DAY})(?:\.|te[nmr]?(?!\w)))(?!\d|[.,]\d|\s*(?:{_MONTH}|\d|{_ORDINAL})|\s*(?:bis|und|-|–|/)\s*\d)", trigger=("digit",))
def _day_of_month(match: re.Match, ctx: _Context):
    start, end = _dated_core(match)
    if re.match(r"\s*[A-ZÄÖÜ]", ctx.text[end:]) or ctx.reference is None:
        return None if ctx.reference is not None else (start, end, "DATE", ctx.no_reference())
    day = int(match["d"])
    weekday = WEEKDAYS.get((match["wd"] or "").lower())
    ref = ctx.reference.day
    months = [_add_months(ref.year, ref.month, k) for k in range(-_YEARS_AROUND, _YEARS_AROUND + 1)]
    days = [date(y, m, day) for y, m in months if _valid(y, m, day) and (weekday is None or date(y, m, day).weekday() == weekday)]
    chosen = _pick(ctx, start, end, [(d, d) for d in days])
    return start, end, "DATE", chosen if isinstance(chosen, dict) else _value(_iso_day(chosen[0]))


@_pattern(rf"(?<!\w)(?:(?P<s>{_SHIFT})\s+)?(?P<core>(?P<wd>{_WEEKDAY}))(?!\s*,?\s*(?:den\s+|der\s+)?(?:\d|{_ORDINAL}))", trigger=("weekday",))
def _weekday(match: re.Match, ctx: _Context):
    """"am Montag" by the sentence's reading; "letzten/nächsten/diesen Montag" by the week."""
    start, end = match.span() if match["s"] else _core(match)
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    ref = ctx.reference.day
    weekday = WEEKDAYS[match["wd"].lower()]
    shift = SHIFTS[match["s"].lower()] if match["s"] else None
    if shift == 0:
        return start, end, "DATE", _value(_iso_day(ref + timedelta(days=weekday - ref.weekday())))
    if shift is not None:
        step = 1 if shift > 0 else -1
        day = ref + timedelta(days=step)
        while day.weekday() != weekday:
            day += timedelta(days=step)
        return start, end, "DATE", _value(_iso_day(day + timedelta(weeks=shift - step)))
    days = [ref + timedelta(days=k) for k in range(-7, 8) if (ref + timedelta(days=k)).weekday() == weekday]
    chosen = _pick(ctx, start, end, [(d, d) for d in days])
    return start, end, "DATE", chosen if isinstance(chosen, dict) else _value(_iso_day(chosen[0]))


_HOLIDAY_NAMES = _alternation(HOLIDAYS)


@_pattern(
    rf"(?<!\w)(?P<core>(?:(?P<o>{_alternation(ORTHODOX_ADJECTIVES)})\s+)?(?P<h>{_HOLIDAY_NAMES})(?:\s+(?P<y>{_YEAR})|\s+(?:im|des)\s+(?:(?P<s>{_SHIFT})\s+)?Jahre?s?(?:\s+(?P<y2>{_YEAR}))?"
    rf"|\s+(?P<s2>{_SHIFT})\s+Jahres)?)(?!\w|[.,]\d)",
    trigger=("holiday",),
)
def _holiday(match: re.Match, ctx: _Context):
    start, end = _core(match)
    if _preceding_words(ctx.text, start, 1) and _preceding_words(ctx.text, start, 1)[0] in OTHER_CALENDAR_WORDS:
        return None
    name = re.sub(r"\s+", " ", match["h"].lower())
    rule = HOLIDAYS[name]
    if (name in CAPITALISED_HOLIDAYS and not match["h"][0].isupper()) or (match["o"] and "easter" not in rule):
        return None
    if match["o"]:
        rule = {"orthodox_easter": rule["easter"]}

    def on(year: int) -> date | None:
        if "hijri_month" in rule:
            return _hijri_day_in(year, rule["hijri_month"], rule["hijri_day"])
        if "easter" in rule:
            return _easter(year) + timedelta(days=rule["easter"])
        if "orthodox_easter" in rule:
            return _orthodox_easter(year) + timedelta(days=rule["orthodox_easter"])
        if "weekday" in rule:
            earliest = date(year, rule["month"], rule["from_day"])
            return earliest + timedelta(days=(rule["weekday"] - earliest.weekday()) % 7)
        return date(year, rule["month"], rule["day"])

    def in_year(year: int) -> dict:
        day = on(year)
        return _value(_iso_day(day)) if day else _unresolved("outside the calendar")

    if match["y"] or match["y2"]:
        return start, end, "DATE", in_year(int(match["y"] or match["y2"]))
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    shift_word = match["s"] or match["s2"]
    if shift_word:
        return start, end, "DATE", in_year(ctx.reference.day.year + SHIFTS[shift_word.lower()])
    days = [day for day in map(on, range(ctx.reference.day.year - 2, ctx.reference.day.year + 3)) if day]
    if not days:
        return start, end, "DATE", _unresolved("outside the calendar")
    chosen = _pick(ctx, start, end, [(day, day) for day in days])
    return start, end, "DATE", chosen if isinstance(chosen, dict) else _value(_iso_day(chosen[0]))


_COMPONENT = r"(?:\d{1,4}|[A-Za-zÄÖÜäöü]{3,9})"


@_pattern(rf"{_BEFORE}(?P<core>(?P<a>{_COMPONENT})(?P<sep>[-/])(?P<b>{_COMPONENT})(?P=sep)(?P<c>{_COMPONENT}))\.?(?![\w/-]|[.,]\d)", trigger=("digit",))
def _separated(match: re.Match, ctx: _Context):
    parts = [match["a"], match["b"], match["c"]]
    named = [i for i, p in enumerate(parts) if not p.isdigit()]
    years = [i for i, p in enumerate(parts) if p.isdigit() and len(p) == 4]
    if len(named) > 1 or (named and _month_value(parts[named[0]]) is None):
        return None
    if named:
        if len(years) != 1:
            return None
        month = _month_value(parts[named[0]])
        year = int(parts[years[0]])
        day_index = ({0, 1, 2} - {named[0], years[0]}).pop()
        if len(parts[day_index]) > 2:
            return None
        day = int(parts[day_index])
    elif match["sep"] == "/" and len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
        day, month, year = int(parts[0]), int(parts[1]), int(parts[2])
    else:
        return None
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return (*_core(match), "DATE", _day_result(year, month, day))


@_pattern(rf"{_BEFORE}(?P<core>(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}}))(?![\w/]|[.,]\d|-)", trigger=("digit",))
def _slash_day_month(match: re.Match, ctx: _Context):
    start, end = _core(match)
    day, month = int(match["d"]), int(match["m"])
    if match["core"] in NOT_DATES or not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    if not (_after_date_preposition(ctx.text, start) or _standalone(ctx.text, start, end)):
        return None
    if not _valid(2000, month, day):
        return start, end, "DATE", _unresolved("no such day")
    return start, end, "DATE", _day_result(_pick_year(ctx, start, end, month, day), month, day)


@_pattern(rf"{_BEFORE}(?P<core>(?P<m>{_MONTH})(?:\s*(?P<y>{_YEAR})(?!\w|[.,]\d)|\s+(?P<yy>\d{{2}})(?=\s*(?:$|[^\w\s]))|\s+(?P<ys>{_SHIFT})\s+Jahres(?!\w)|\s+des\s+(?:(?P<ys2>{_SHIFT})\s+)?Jahres(?:\s+(?P<y3>{_YEAR}))?(?!\w)|\s+des\s+(?P<prev>Vorjahres)(?!\w)|\s+(?:im|des)\s+Jahre?s?\s+(?P<y4>{_YEAR})(?!\w)))", trigger=("month",))
def _month_year(match: re.Match, ctx: _Context):
    start, end = _core(match)
    month = _month_value(match["m"])
    year = _year_of(match, ctx, start, end, month, None)
    return start, end, "DATE", year if isinstance(year, dict) else _value(_iso_month(year, month))


@_pattern(rf"(?<!\w)(?P<s>{_SHIFT})\s+(?P<core>(?P<m>{_MONTH}))", trigger=("month",))
def _shifted_month(match: re.Match, ctx: _Context):
    month = _month_value(match["m"])
    shift = SHIFTS[match["s"].lower()]
    if ctx.reference is None:
        return (match.start(), match.end(), "DATE", ctx.no_reference())
    ref = ctx.reference.day
    if shift == 0:
        year = ref.year
    elif shift > 0:
        year = (ref.year if month > ref.month else ref.year + 1) + shift - 1
    else:
        year = (ref.year if month < ref.month else ref.year - 1) + shift + 1
    return match.start(), match.end(), "DATE", _value(_iso_month(year, month))


_MONTH_PREPOSITIONS = _alternation(_DATA["month_prepositions"])


@_pattern(rf"(?<!\w)(?:{_MONTH_PREPOSITIONS})\s+(?P<core>(?P<m>{_MONTH}))(?!\s*\d)", trigger=("month",))
def _month_alone(match: re.Match, ctx: _Context):
    start, end = _core(match)
    month = _month_value(match["m"])
    year = _pick_year(ctx, start, end, month, None)
    return start, end, "DATE", year if isinstance(year, dict) else _value(_iso_month(year, month))


@_pattern(rf"{_BEFORE}(?P<core>(?:(?:im|vom|seit\s+dem|aus\s+dem|bis\s+zum)\s+)?Jahre?s?\s+(?P<y>\d{{4}}))(?!\w|[.,]\d)", trigger=("period",))
def _year_of_word(match: re.Match, ctx: _Context):
    start = match.start("core") + (match.group("core").lower().find("jahr"))
    return start, match.end(), "DATE", _value(match["y"])


_COUNT_RANGE = re.compile(r"\s*(?:bis|und|oder|auf|-|–)\s*\d[\d.,]*\s*([\w%€$]+)")


@_pattern(rf"{_BEFORE}(?P<core>(?:19|20)\d{{2}})(?=-[A-ZÄÖÜ]|(?![\w.,]\d?|[.,]\d|-\d|/\d))", trigger=("year",))
def _bare_year(match: re.Match, ctx: _Context):
    """A four-digit number read as a year unless a count word, unit, noun or number is around it."""
    start, end = _core(match)
    text = ctx.text
    following = _following_word(text, end)
    if _after_quantity(text, start) or following.lower().rstrip("-") in UNIT_WORDS or (following and following[0] in "%€$"):
        return None
    count_range = _COUNT_RANGE.match(text, end)
    if count_range and count_range.group(1).lower() in UNIT_WORDS:
        return None
    if following[:1].isupper() and text[end : end + 1] != "-" or re.match(r"\s*\d", text[end:]):
        return None
    return start, end, "DATE", _value(match["core"])


@_pattern(rf"(?<!\w)(?:von|zwischen)\s+(?P<core>(?P<a>{_YEAR})\s*(?:bis|und|-|–)\s*(?P<b>{_YEAR}))(?!\w|[.,]\d)", trigger=("year",))
def _year_range(match: re.Match, ctx: _Context):
    start, end = _core(match)
    if int(match["b"]) <= int(match["a"]) or _following_word(ctx.text, end).lower() in UNIT_WORDS:
        return None
    return start, end, "DATE", _value(f"{match['a']}/{match['b']}")


@_pattern(rf"(?<!\w)(?P<core>(?P<s>{_SHIFT})\s+(?P<u>Jahres|Jahr|Monats|Monat|Woche))(?!\w)", trigger=("period",))
def _shifted_period(match: re.Match, ctx: _Context):
    start, end = _core(match)
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    return start, end, "DATE", _value(_shifted(ctx.reference, PERIOD_WORDS[match["u"].lower()], SHIFTS[match["s"].lower()]))


def _shifted(ref: Reference, period: str, shift: int) -> str:
    if period == "year":
        return f"{ref.day.year + shift:04d}"
    if period == "month":
        return _iso_month(*_add_months(ref.day.year, ref.day.month, shift))
    return _iso_week(ref.day + timedelta(weeks=shift))


@_pattern(rf"(?<!\w)(?P<core>(?P<w>{_alternation(PREVIOUS_PERIOD_WORDS)}))(?!\w)", trigger=("period",))
def _previous_period(match: re.Match, ctx: _Context):
    start, end = _core(match)
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    return start, end, "DATE", _value(_shifted(ctx.reference, PREVIOUS_PERIOD_WORDS[match["w"].lower()], -1))


_PART = _alternation(PARTS)


@_pattern(
    rf"(?<!\w)(?P<core>(?P<p>{_PART})\s+(?:(?P<y>{_YEAR})(?!\w|[.,]\d)"
    rf"|(?P<s>{_SHIFT})\s+(?P<u>Jahres|Monats)(?!\w)|des\s+(?:(?P<s2>{_SHIFT})\s+)?(?P<u2>Jahres|Monats)(?:\s+(?P<y2>{_YEAR}))?(?!\w)"
    r"|des\s+(?P<prev>Vorjahres)(?!\w)))",
    trigger=("part",),
)
def _part_of_period(match: re.Match, ctx: _Context):
    start, end = _core(match)
    part = PARTS[match["p"].lower()]
    ref = ctx.reference
    if match["y"] or match["y2"]:
        return start, end, "DATE", _value(_year_part(int(match["y"] or match["y2"]), part["year"]))
    if ref is None:
        return start, end, "DATE", ctx.no_reference()
    period = PERIOD_WORDS[(match["u"] or match["u2"] or "jahres").lower()]
    shift = -1 if match["prev"] else SHIFTS.get((match["s"] or match["s2"] or "dieses").lower(), 0)
    if period == "year":
        return start, end, "DATE", _value(_year_part(ref.day.year + shift, part["year"]))
    return start, end, "DATE", _value(_month_part(*_add_months(ref.day.year, ref.day.month, shift), part["month"]))


@_pattern(rf"(?<!\w)(?P<core>(?P<p>{_PART})\s+(?P<m>{_MONTH}){_YEAR_SUFFIX})(?!\w)", trigger=("month",))
def _part_of_month(match: re.Match, ctx: _Context):
    """"Anfang Juni", "Ende Dezember letzten Jahres", "Mitte März 2024" as day ranges."""
    start, end = _core(match)
    month = _month_value(match["m"])
    year = _year_of(match, ctx, start, end, month, None)
    return start, end, "DATE", year if isinstance(year, dict) else _value(_month_part(year, month, PARTS[match["p"].lower()]["month"]))


def _year_part(year: int, months: list[int]) -> str:
    return f"{_iso_month(year, months[0])}/{_iso_month(year, months[1])}"


def _month_part(year: int, month: int, days: list[int]) -> str:
    last = min(days[1], calendar.monthrange(year, month)[1])
    return f"{_iso_day(date(year, month, days[0]))}/{_iso_day(date(year, month, last))}"


@_pattern(rf"(?<!\w)(?P<core>(?P<c>{_alternation(PART_COMPOUNDS)})(?:\s+(?P<y>{_YEAR}))?)(?!\w|[.,]\d)", trigger=("part",))
def _part_compound(match: re.Match, ctx: _Context):
    start, end = _core(match)
    part_name, period = PART_COMPOUNDS[match["c"].lower()]
    part = PARTS[part_name]
    ref = ctx.reference
    if match["y"]:
        return start, end, "DATE", _value(_year_part(int(match["y"]), part["year"]))
    if ref is None:
        return start, end, "DATE", ctx.no_reference()
    if period == "year":
        return start, end, "DATE", _value(_year_part(ref.day.year, part["year"]))
    return start, end, "DATE", _value(_month_part(ref.day.year, ref.day.month, part["month"]))


@_pattern(
    rf"(?<!\w)(?:(?P<p>im|seit\s+dem|bis\s+zum|vom|ab\s+dem)\s+|(?P<shift>{_SHIFT})\s+)?(?P<core>(?P<season>{_alternation(SEASONS)})"
    rf"(?:\s+(?P<y>{_YEAR})|\s+(?P<s>{_SHIFT})\s+Jahres|\s+des\s+(?:(?P<s2>{_SHIFT})\s+)?Jahres)?)(?!\w|[.,]\d)",
    trigger=("season",),
)
def _season(match: re.Match, ctx: _Context):
    """"Sommer 2024", "Herbst letzten Jahres", and year-less "im Frühjahr", "letzten Winter" as month ranges."""
    start, end = _core(match)
    first, last = SEASONS[match["season"].lower()]

    def months(year: int) -> tuple[date, date]:
        end_year, end_month = _add_months(year, 1, last - 1)
        return date(year, first, 1), date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])

    def iso(span: tuple[date, date]) -> str:
        return f"{_iso_month(span[0].year, span[0].month)}/{_iso_month(span[1].year, span[1].month)}"

    if match["y"]:
        return start, end, "DATE", _value(iso(months(int(match["y"]))))
    if not (match["s"] or match["s2"] or match["shift"] or match["p"] or "des" in match["core"].lower()):
        return None
    if match["shift"]:
        start = match.start("shift")
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    ref = ctx.reference.day
    if match["s"] or match["s2"] or "des" in match["core"].lower():
        return start, end, "DATE", _value(iso(months(ref.year + SHIFTS.get((match["s"] or match["s2"] or "dieses").lower(), 0))))
    spans = [months(y) for y in range(ref.year - 2, ref.year + 3)]
    shift = SHIFTS[match["shift"].lower()] if match["shift"] else None
    if shift is None:
        chosen = _pick(ctx, start, end, spans)
        return start, end, "DATE", chosen if isinstance(chosen, dict) else _value(iso(chosen))
    if shift == 0:
        return start, end, "DATE", _value(iso(months(ref.year)))
    ended = [span for span in spans if span[1] < ref]
    started = [span for span in spans if span[0] > ref]
    chosen_span = ended[shift] if shift < 0 and len(ended) >= -shift else started[shift - 1] if shift > 0 and len(started) >= shift else None
    return start, end, "DATE", _value(iso(chosen_span)) if chosen_span else _unresolved("outside the calendar")


_QUARTERS: dict[str, int] = _DATA["quarters"]
_HALVES: dict[str, int] = _DATA["halves"]
_QUARTER_WORDS = _alternation(_DATA["quarter_words"])
_HALF_WORDS = _alternation(_DATA["half_words"])


@_pattern(
    rf"(?<!\w)(?P<core>(?:(?P<n>{_ORDINAL}|[1-4]\.)\s+(?:(?P<quarter>{_QUARTER_WORDS})|(?P<half>{_HALF_WORDS})"
    rf"|(?P<half_of>{_alternation(_DATA['half_of_year_words'])})(?=\s+(?:des\s+)?(?:{_SHIFT}\s+)?Jahres(?!\w)))"
    rf"|(?P<code>{_alternation(list(_QUARTERS) + list(_HALVES))})(?=\s*/?\s*{_YEAR}))"
    rf"(?:\s*/?\s*(?P<y>{_YEAR})|\s+(?P<s>{_SHIFT})\s+Jahres|\s+des\s+(?:(?P<s2>{_SHIFT})\s+)?Jahres(?:\s+(?P<y2>{_YEAR}))?)?)(?!\w|[.,]\d)",
    trigger=("quarter",),
)
def _quarter_or_half(match: re.Match, ctx: _Context):
    """"im ersten Quartal 2025", "Q2 2025", "im zweiten Halbjahr", "die erste Hälfte des Jahres" as month ranges."""
    start, end = _core(match)
    if match["code"]:
        code = match["code"].lower()
        number, size = (_QUARTERS[code], 3) if code in _QUARTERS else (_HALVES[code], 6)
    else:
        number = _day_value(match["n"]) or 0
        size = 3 if match["quarter"] else 6
    if not 1 <= number <= 12 // size:
        return None

    def months(year: int) -> tuple[date, date]:
        first = (number - 1) * size + 1
        last = first + size - 1
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])

    def iso(span: tuple[date, date]) -> str:
        return f"{_iso_month(span[0].year, span[0].month)}/{_iso_month(span[1].year, span[1].month)}"

    if match["y"] or match["y2"]:
        return start, end, "DATE", _value(iso(months(int(match["y"] or match["y2"]))))
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    shift_word = match["s"] or match["s2"]
    if shift_word or re.search(r"des\s+Jahres", match.group(), re.IGNORECASE):
        return start, end, "DATE", _value(iso(months(ctx.reference.day.year + SHIFTS.get((shift_word or "dieses").lower(), 0))))
    years = range(ctx.reference.day.year - 2, ctx.reference.day.year + 3)
    chosen = _pick(ctx, start, end, [months(y) for y in years])
    return start, end, "DATE", chosen if isinstance(chosen, dict) else _value(iso(chosen))


@_pattern(rf"(?<![\w-])(?P<core>(?P<w>{_alternation(RELATIVE_DAYS)})(?:\s+(?P<part>{_alternation(_DATA['day_parts'])}))?)(?!\w)", trigger=("relative",))
def _relative_day(match: re.Match, ctx: _Context):
    start, end = _core(match)
    word = match["w"]
    if word.lower() == "morgen" and word[0].isupper():
        before = ctx.text[:start].rstrip()
        if before and before[-1] not in ".!?:\n\"„“":
            return None
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    return start, end, "DATE", _value(_iso_day(ctx.reference.day + timedelta(days=RELATIVE_DAYS[word.lower()])))


_AGO = _alternation(_DATA["ago_words"])
_AHEAD = _alternation(_DATA["ahead_words"])


@_pattern(rf"(?<!\w)(?P<core>(?:(?P<ago>{_AGO})|(?P<ahead>{_AHEAD}))\s+(?:(?:etwa|rund|knapp|gut|fast|über)\s+)?(?P<amounts>{_AMOUNTS}))(?!\w)", trigger=("unit",))
def _offset(match: re.Match, ctx: _Context):
    start, end = _core(match)
    amounts = _amounts(match["amounts"])
    if amounts is None:
        return None
    if match["ahead"] and ctx.tense(start, end) == "past":
        return None  # "in 23 Jahren um 24 Prozent reduziert": a span of time, left to the duration pattern
    if amounts == _VAGUE:
        return start, end, "DATE", _unresolved("vague quantity")
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    sign = -1 if match["ago"] else 1
    return start, end, "DATE", _offset_value(ctx.reference, amounts, sign)


_VAGUE = "vague"


def _amounts(text: str) -> dict[str, float] | str | None:
    """Unit designator → count for "1 Jahr, 2 Monate"; ``_VAGUE`` when a count is vague ("einigen");
    None when it is no duration at all (a word that only looks like a number, a verb like "tagen")."""
    result: dict[str, float] = {}
    for amount in re.finditer(rf"(?P<q>{_QUANTITY})\s*(?P<u>{_UNIT_ATTACHED}|{_UNIT})", text, re.IGNORECASE):
        quantity, unit_word = amount["q"], amount["u"]
        if unit_word in CAPITALISED_UNITS:
            return None
        if quantity.lower() in VAGUE_QUANTITIES:
            return _VAGUE
        value = parse_number(quantity)
        if value is None:
            return None
        unit = UNITS[unit_word.lower().rstrip(".")]
        result[unit] = result.get(unit, 0.0) + value
    return result


def _offset_value(ref: Reference, amounts: dict[str, float], sign: int, *, grain: str | None = None) -> dict:
    try:
        return _shifted_by(ref, amounts, sign, grain=grain)
    except (ValueError, OverflowError):
        return _unresolved("outside the calendar")


def _shifted_by(ref: Reference, amounts: dict[str, float], sign: int, *, grain: str | None = None) -> dict:
    """``ref`` moved by ``amounts``, at ``grain`` or else the grain of the smallest unit."""
    smallest = max(amounts, key=_ISO_UNIT_ORDER.index)
    if any(count != int(count) for count in amounts.values()):
        return _unresolved("fractional offset")
    years, months = int(amounts.get("Y", 0)), int(amounts.get("M", 0))
    year, month = _add_months(ref.day.year, ref.day.month, sign * (years * 12 + months))
    day = date(year, month, min(ref.day.day, calendar.monthrange(year, month)[1]))
    day += timedelta(days=sign * int(amounts.get("W", 0) * 7 + amounts.get("D", 0)))
    grain = grain or _UNIT_GRAIN[smallest]
    if grain == "year":
        return _value(f"{day.year:04d}")
    if grain == "month":
        return _value(_iso_month(day.year, day.month))
    if grain == "day":
        return _value(_iso_day(day))
    if ref.hour is None:
        return _unresolved("publication time unknown")
    moment = datetime(day.year, day.month, day.day, ref.hour, ref.minute or 0)
    moment += timedelta(hours=sign * amounts.get("H", 0), minutes=sign * amounts.get("MIN", 0))
    return _value(moment.strftime("%Y-%m-%dT%H") if grain == "hour" else moment.strftime("%Y-%m-%dT%H:%M"))


_DURATION_WORDS = _alternation(_DATA["duration_words"])


@_pattern(rf"(?<!\w)(?P<core>(?:(?P<pre>{_DURATION_WORDS})\s+)?(?P<amounts>{_AMOUNTS}))(?!\w)", trigger=("unit",))
def _duration(match: re.Match, ctx: _Context):
    start, end = _core(match)
    if _following_word(ctx.text, end).lower() in NOT_DURATION_AFTER:
        return None
    if match["pre"] and match["pre"].lower() not in ("für", "über", "seit", "binnen", "innerhalb", "während"):
        start = match.start("amounts")
    amounts = _amounts(match["amounts"])
    if amounts is None:
        return None
    if amounts == _VAGUE:
        return start, end, "DURATION", _unresolved("vague quantity")
    return start, end, "DURATION", _value(_iso_duration(amounts))


def _iso_duration(amounts: dict[str, float]) -> str:
    def number(value: float) -> str:
        return str(int(value)) if value == int(value) else f"{value:g}"

    date_part = "".join(f"{number(amounts[u])}{u}" for u in ("Y", "M", "W", "D") if u in amounts)
    time_part = "".join(f"{number(amounts[u])}{'M' if u == 'MIN' else u}" for u in ("H", "MIN") if u in amounts)
    return "P" + date_part + (f"T{time_part}" if time_part else "")


# ---------------------------------------------------------------- weeks and decades


@_pattern(
    rf"(?<!\w)(?P<core>(?P<wd>{_WEEKDAY})\s+(?:(?:in\s+)?der\s+)?(?P<s>{_SHIFT})\s+Woche|(?P<s2>{_SHIFT})\s+Woche\s+(?:am\s+)?(?P<wd2>{_WEEKDAY}))(?!\w)",
    trigger=("weekday",),
)
def _weekday_of_week(match: re.Match, ctx: _Context):
    """"Montag nächster Woche", "am Freitag der vergangenen Woche", "übernächste Woche am Donnerstag"."""
    start, end = _core(match)
    if ctx.reference is None:
        return start, end, "DATE", ctx.no_reference()
    ref = ctx.reference.day
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=SHIFTS[(match["s"] or match["s2"]).lower()])
    return start, end, "DATE", _value(_iso_day(monday + timedelta(days=WEEKDAYS[(match["wd"] or match["wd2"]).lower()])))


_DECADE_WORDS: dict[str, int] = _DATA["decade_words"]
_DECADE_PARTS: dict[str, list[int]] = _DATA["decade_parts"]


@_pattern(
    rf"(?<!\w)(?:(?P<p>{_alternation(_DECADE_PARTS)})\s+der|{_alternation(_DATA['decade_contexts'])})\s+"
    rf"(?P<core>(?:(?P<digits>(?:1[89]|20)?\d0)er(?:\s*-?\s*Jahren?)?|(?P<word>{_alternation(_DECADE_WORDS)})\s*-?\s*Jahren?))(?!\w)",
    trigger=("digit", "part", "period"),
)
def _decade(match: re.Match, ctx: _Context):
    """"in den 1990er-Jahren", "der 80er Jahre", "Anfang der 2000er" as year ranges; a decade needs its
    preposition, since "die Neunziger" may be people in their nineties."""
    start, end = _core(match)
    if match["p"]:
        start = match.start("p")
    digits = match["digits"]
    if match["word"]:
        first = 1900 + 10 * _DECADE_WORDS[match["word"].lower()]
    elif len(digits) == 4:
        first = int(digits)
    else:
        # "00er", "10er" are this century's; "20er" … "90er" the last one's (the 2020s are written out)
        first = (2000 if int(digits) < 20 else 1900) + int(digits)
    low, high = _DECADE_PARTS[match["p"].lower()] if match["p"] else (0, 9)
    return start, end, "DATE", _value(f"{first + low:04d}/{first + high:04d}")


# ---------------------------------------------------------------- dates counted from an earlier one

_GRAIN_ORDER = ("year", "month", "day")
_NO_EARLIER = "counted from an earlier date and there is none nearby"
LATER_WORDS: dict[str, int] = _DATA["later_words"]
COMPOSITION_WORDS: dict[str, int] = _DATA["composition_words"]


def _anchor(value: str | None) -> tuple[date, str] | None:
    """First day and grain of a single resolved value ("2025", "2025-06", "2025-06-14T10:00")."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T[\d:]+)?)?)?", value or "")
    if not match:
        return None
    year, month, day = match.groups()
    return date(int(year), int(month or 1), int(day or 1)), "day" if day else "month" if month else "year"


def _moved(value: str | None, amounts: dict[str, float], sign: int, *, keep_grain: bool) -> dict | None:
    """``value`` moved by ``amounts``, at its own grain (``keep_grain``) or at the coarser of its
    grain and the unit's; None when the unit is finer than the date ("drei Tage nach Juni")."""
    anchor = _anchor(value)
    if anchor is None:
        return None
    day, grain = anchor
    unit_grain = _UNIT_GRAIN[max(amounts, key=_ISO_UNIT_ORDER.index)]
    if unit_grain not in _GRAIN_ORDER or _GRAIN_ORDER.index(unit_grain) > _GRAIN_ORDER.index(grain):
        return None
    return _offset_value(Reference(day), amounts, sign, grain=grain if keep_grain else min(grain, unit_grain, key=_GRAIN_ORDER.index))


@_pattern(rf"(?<!\w)(?P<core>(?P<amounts>{_AMOUNTS})\s+(?P<w>{_alternation(LATER_WORDS)}))(?!\w)(?!\s+als(?!\w))", trigger=("unit",))
def _later(match: re.Match, ctx: _Context):
    """"drei Wochen später", "zwei Jahre zuvor": counted from the nearest earlier date, never from publication."""
    start, end = _core(match)
    amounts = _amounts(match["amounts"])
    if amounts is None:
        return None
    if amounts == _VAGUE:
        return start, end, "DATE", _unresolved("vague quantity")
    sign = LATER_WORDS[match["w"].lower()]

    def from_earlier(value: str | None) -> dict:
        moved = _moved(value, amounts, sign, keep_grain=False) if value else None
        return moved or _unresolved(_NO_EARLIER)

    return start, end, "DATE", _unresolved(_NO_EARLIER), from_earlier


_ANCHORED_SHIFTS: dict[str, int] = _DATA["anchored_shifts"]
_FOLLOWING_PERIODS: dict[str, list] = _DATA["following_periods"]
_PERIOD_UNIT = {"year": "Y", "month": "M"}


@_pattern(
    rf"(?<!\w)(?:im|in|aus\s+dem|seit\s+dem)\s+(?P<core>(?P<s>{_alternation(_ANCHORED_SHIFTS)})\s+(?P<u>Jahr|Monat)"
    rf"|(?P<f>{_alternation(_FOLLOWING_PERIODS)})|(?P<u2>Jahr|Monat)\s+(?P<w>darauf|danach|zuvor))(?!\w)",
    trigger=("period",),
)
def _same_period(match: re.Match, ctx: _Context):
    """"im selben Jahr", "im darauffolgenden Monat", "im Folgejahr", "im Jahr darauf" from the nearest earlier date."""
    start, end = _core(match)
    if match["f"]:
        period, shift = _FOLLOWING_PERIODS[match["f"].lower()]
    elif match["s"]:
        period, shift = PERIOD_WORDS[match["u"].lower()], _ANCHORED_SHIFTS[match["s"].lower()]
    else:
        period, shift = PERIOD_WORDS[match["u2"].lower()], LATER_WORDS[match["w"].lower()]

    def from_earlier(value: str | None) -> dict:
        moved = _moved(value, {_PERIOD_UNIT[period]: float(shift)}, 1, keep_grain=False) if value else None
        return moved or _unresolved(_NO_EARLIER)

    return start, end, "DATE", _unresolved(_NO_EARLIER), from_earlier


_FOLLOWED_BY_ITS_OWN_DEFINITION = r"\s*,?\s*(?:der|des|als|in\s+dem|in\s+welchem|nachdem|bevor|seiner|ihrer)(?!\w)"


@_pattern(
    rf"(?<!\w)(?:{_alternation(_DATA['year_reference_prepositions'])})\s+(?P<core>(?:dem|des)\s+Jahr(?:es)?)(?!\w|\s*\d|{_FOLLOWED_BY_ITS_OWN_DEFINITION})",
    trigger=("period",),
)
def _the_year(match: re.Match, ctx: _Context):
    """"in dem Jahr", "im Laufe des Jahres": the year of the nearest earlier date, else of publication."""
    start, end = _core(match)
    own = _value(f"{ctx.reference.day.year:04d}") if ctx.reference else ctx.no_reference()

    def from_earlier(value: str | None) -> dict:
        anchor = _anchor(value)
        return _value(f"{anchor[0].year:04d}") if anchor else own

    return start, end, "DATE", own, from_earlier


_COMPOSED_BEFORE = rf"\s+(?P<w>{_alternation(COMPOSITION_WORDS)})\s+(?:(?:dem|der|den)\s+)?$"
_AMOUNT_BEFORE_DATE = _rx(rf"(?<!\w)(?P<amounts>{_AMOUNTS}){_COMPOSED_BEFORE}")
_WEEKDAY_BEFORE_DATE = _rx(rf"(?<!\w)(?:(?P<n>{_ORDINAL}|[1-5]\.)\s+)?(?P<wd>{_WEEKDAY}){_COMPOSED_BEFORE}")


def _composed(candidate: _Candidate, ctx: _Context) -> _Candidate | None:
    """"ein Jahr nach Weihnachten", "drei Tage vor dem 3. März", "der dritte Dienstag nach Ostern":
    the date with what stands before it, or None when nothing does."""
    low = max(0, candidate.start - _REACH)
    weekday = _WEEKDAY_BEFORE_DATE.search(ctx.text, low, candidate.start)
    if weekday:
        count = _day_value(weekday["n"]) if weekday["n"] else 1
        if not count:
            return None
        start, sign = weekday.start(), COMPOSITION_WORDS[weekday["w"].lower()]

        def compose(value: str) -> dict | None:
            return _nth_weekday_from(value, WEEKDAYS[weekday["wd"].lower()], count, sign)

    else:
        amount = _AMOUNT_BEFORE_DATE.search(ctx.text, low, candidate.start)
        amounts = _amounts(amount["amounts"]) if amount else None
        if not isinstance(amounts, dict) or not amounts:
            return None
        start, sign = amount.start(), COMPOSITION_WORDS[amount["w"].lower()]

        def compose(value: str) -> dict | None:
            return _moved(value, amounts, sign, keep_grain=True)

    if candidate.value.get("value") is None:
        return _Candidate(start, candidate.end, "DATE", candidate.value)
    composed = _composed_by_reading(ctx, start, candidate, compose)
    return _Candidate(start, candidate.end, "DATE", composed) if composed else None


def _nth_weekday_from(value: str, weekday: int, count: int, sign: int) -> dict | None:
    anchor = _anchor(value)
    if anchor is None or anchor[1] != "day":
        return None
    day, found = anchor[0], 0
    while found < count:
        day += timedelta(days=sign)
        found += day.weekday() == weekday
    return _value(_iso_day(day))


_YEARLESS_DATE = _rx(rf"{_MONTH}|{_HOLIDAY_NAMES}|\d{{1,2}}\.\s?\d{{1,2}}")
_STATED_YEAR = _rx(r"\d{4}|jahr|\d{1,2}\.\s?\d{1,2}\.\d{2}(?!\d)")


def _composed_by_reading(ctx: _Context, start: int, candidate: _Candidate, compose: Callable[[str], dict | None]) -> dict | None:
    """The composed value. A year-less date in a past or future sentence is taken in the year whose
    composed date the reading picks: "einen Monat nach dem 15. August hat er gekündigt" is last year's
    15 September when this year's is still ahead."""
    value = candidate.value["value"]
    anchor_text = ctx.text[candidate.start : candidate.end]
    if ctx.direction(start, candidate.end) == "nearest" or not _YEARLESS_DATE.search(anchor_text) or _STATED_YEAR.search(anchor_text):
        return compose(value)
    by_span: dict[tuple[date, date], dict] = {}
    for years in (-1, 0, 1):
        shifted = _year_shifted(value, years)
        composed = compose(shifted) if shifted else None
        span = _value_span(composed.get("value")) if composed else None
        if span:
            by_span[span] = composed
    chosen = _pick(ctx, start, candidate.end, list(by_span))
    return by_span.get(chosen) if isinstance(chosen, tuple) else None


def _year_shifted(value: str, years: int) -> str | None:
    """``value`` (a single date) moved by whole years, or None when that day does not exist (29 February)."""
    anchor = _anchor(value)
    if anchor is None:
        return None
    (day, grain), year = anchor, anchor[0].year + years
    if grain == "day" and not _valid(year, day.month, day.day):
        return None
    return f"{year:04d}{value[4:]}"


def _value_span(value: str | None) -> tuple[date, date] | None:
    """First and last day of a single date value."""
    anchor = _anchor(value)
    if anchor is None:
        return None
    day, grain = anchor
    if grain == "day":
        return day, day
    if grain == "month":
        return day, date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day, date(day.year, 12, 31)


_SENTENCES_BACK = 2  # the sentence finder also ends a sentence at "Mio. Euro"


def _near(ctx: _Context, earlier: int, start: int) -> bool:
    """Whether a date at ``earlier`` is in the sentence of ``start`` or one of the two before."""
    left, _ = ctx.sentence(start, start)
    for _ in range(_SENTENCES_BACK):
        left = ctx.sentence(left - 1, left - 1)[0] if left > 0 else 0
    return earlier >= left


def _with_context(chosen: list[_Candidate], ctx: _Context) -> list[_Candidate]:
    """The chosen candidates in text order, composed with what stands before them and counted from earlier dates."""
    result: list[_Candidate] = []
    for candidate in sorted(chosen, key=lambda c: (c.start, c.end)):
        if candidate.label == "DATE" and candidate.from_earlier is None:
            composed = _composed(candidate, ctx)
            if composed is not None:
                result = [c for c in result if c.end <= composed.start]
                candidate = composed
        result.append(candidate)
    earlier: tuple[int, str] | None = None
    for index, candidate in enumerate(result):
        if candidate.from_earlier is not None:
            value = earlier[1] if earlier and _near(ctx, earlier[0], candidate.start) else None
            candidate = result[index] = _Candidate(candidate.start, candidate.end, candidate.label, candidate.from_earlier(value))
        if candidate.label == "DATE" and _anchor(candidate.value.get("value")):
            earlier = (candidate.start, candidate.value["value"])
    return result


# ---------------------------------------------------------------- search


def _modifier(text: str, start: int) -> str | None:
    words = _preceding_words(text, start, 3)
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word in MODIFIERS:
            return MODIFIERS[word]
        if word not in MODIFIER_FILLERS:
            return None
    return None


def _candidates(ctx: _Context) -> Iterator[_Candidate]:
    """Matches of every pattern, searched only in windows around its trigger words.

    A window cuts the text, so each match is taken again on the whole text from its start.
    """
    windows = _trigger_windows(ctx.text)
    for regex, trigger, handler in _PATTERNS:
        spans = windows.get(trigger[0], []) if len(trigger) == 1 else _merged([w for kind in trigger for w in windows.get(kind, [])], len(ctx.text))
        starts: set[int] = set()
        for low, high in spans:
            for windowed in regex.finditer(ctx.text, low, high):
                match = regex.match(ctx.text, windowed.start())
                if match is None or match.start() in starts:
                    continue
                starts.add(match.start())
                found = handler(match, ctx)
                if found is not None:
                    yield _Candidate(*found)


def find_dates(text: str, published: str | None, *, reading: str = "tense") -> list[Mention]:
    """DATE and DURATION mentions of ``text``, sorted and non-overlapping, resolved against ``published``.

    ``reading`` decides year-less dates: "tense" (from the sentence), "past" or "future".
    """
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {READINGS}, not {reading!r}")
    ctx = _Context(text, published, reading)
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for candidate in sorted(_candidates(ctx), key=lambda c: (c.start - c.end, c.start, c.label)):
        if candidate.end <= candidate.start:
            continue
        if any(candidate.start < end and start < candidate.end for start, end in taken):
            continue
        chosen.append(candidate)
        taken.append((candidate.start, candidate.end))
    mentions = []
    for candidate in _with_context(chosen, ctx):
        value = dict(candidate.value)
        if candidate.label == "DATE" and not re.match(r"(?i)vor\s", text[candidate.start : candidate.end]):
            modifier = _modifier(text, candidate.start)
            if modifier:
                value["modifier"] = modifier
        mentions.append(Mention(candidate.start, candidate.end, text[candidate.start : candidate.end], candidate.label, value))
    return mentions
