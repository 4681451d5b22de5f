"""Date resolution on three peer suites: ours beside plain dateparser and Duckling, in one run.

Scored are the date-valued cases of Duckling's German time corpus, Recognizers-Text's German
DateTimeModel and dateparser's German date tests; each case's reference time is the publication date.

Which cases are date-valued (74 + 82 + 25 = 181):
- Duckling: a single expected value at the grain of a day, month or year, except weekdays named
  without a date. Holidays (Duckling flags them) are scored on their own line.
- Recognizers: every ``date`` or ``daterange`` span whose timex is a calendar date, month or year
  (``2016-11-07``, ``XXXX-10-02``, ``2016-11``, ``2016``), open and partial periods included
  ("seit dem Jahr 2001", "bis März 2008", "Ende des Monats": the timex is the anchor, and a range
  of ours passes when both its ends fall in it). A named holiday is date-valued when the suite
  fixes its year ("Pfingsten 2022", "Augsburger Friedensfest letzten Jahres"); a year-less one
  ("Weihnachten", timex ``XXXX-12-25`` or ``XXXX``) is on the holiday line. The two impossible
  dates ("30/2", "29/2/2019") pass only when no date is invented.
- dateparser: the German date tests without a time of day, weeks, hours or minutes; its bare
  durations that it reads as "ago" ("1 Jahr 2 Monate") are left out, being DURATIONs in news.
Left out everywhere: time-of-day, closed ranges, weeks, weekdays without a date, recurring sets.

A case passes when the value agrees with the suite at the suite's granularity: a finer value is cut
to it, a coarser one fails. Recognizers lists both readings of a year-less date and either counts.
Duckling reads a year-less date as the next one; news reads it as the last one in past-tense text,
so ours is scored in three readings: from the sentence's tense (the default), always past, always
future (the suites' reading).

Run from the repository root: ``python -m benchmarks.dates`` (``--failures`` lists our misses).
"""

from __future__ import annotations

import argparse
import json
import re
import time
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import dateparser

from pipeline.dates import HOLIDAYS, MONTHS, RELATIVE_DAYS, WEEKDAY_ABBREVIATIONS, WEEKDAYS, find_dates

REPO = Path(__file__).resolve().parent.parent
# the `data` link made by `make data`, else the shared folder beside the repository
SUITES = next((p for p in (REPO / "data" / "peer-suites", REPO.parent / "shared" / "data" / "peer-suites") if p.is_dir()), REPO / "data" / "peer-suites")
SUITE_FILES = {
    "duckling": "duckling-de-time.jsonl",
    "recognizers": "recognizers-de-datetime.jsonl",
    "dateparser": "dateparser-de-dates.jsonl",
}
GRAIN_LENGTH = {"year": 4, "month": 7, "day": 10}
_HOLIDAY_RE = re.compile("|".join(re.escape(h) for h in sorted(HOLIDAYS, key=len, reverse=True)), re.IGNORECASE)
_WEEKDAY_RE = re.compile(rf"(?<!\w)(?:{'|'.join(WEEKDAYS)}|(?:{'|'.join(WEEKDAY_ABBREVIATIONS)})\.?)(?!\w)", re.IGNORECASE)
_MONTH_RE = re.compile(rf"(?<!\w)(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})(?!\w)", re.IGNORECASE)
_RELATIVE_RE = re.compile(rf"(?<!\w)(?:{'|'.join(RELATIVE_DAYS)}|jahr\w*|monat\w*|woche\w*|tag\w*|\w*ten)(?!\w)", re.IGNORECASE)
_CLOCK_RE = re.compile(r"\d{1,2}[:.]\d{2}(?!\.\d)(?:\s*Uhr)?(?!\d)|\bUhr\b", re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    suite: str
    id: str
    text: str
    start: int
    end: int
    reference: str  # ISO, local wall-clock time
    offset_hours: float  # the reference's UTC offset, for Duckling
    expected: tuple[str | None, ...]  # acceptable values at the suite's grain; (None,) = no date
    holiday: bool
    partial: bool = False  # an open or partial period: a range inside the expected value passes


def _reference(raw: str) -> tuple[str, float]:
    moment = datetime.fromisoformat(raw[:26] if "." in raw[19:] and "+" not in raw[19:] and "-" not in raw[19:] else raw)
    offset = moment.utcoffset().total_seconds() / 3600 if moment.tzinfo else 0.0
    return moment.strftime("%Y-%m-%dT%H:%M"), offset


def _weekday_only(text: str) -> bool:
    return bool(_WEEKDAY_RE.search(text)) and not _MONTH_RE.search(text) and not re.search(r"\d+\.\d+|\d{4}", text)


def duckling_cases(rows: list[dict]) -> list[Case]:
    cases = []
    for row in rows:
        if row.get("negative") or len(row["expected"]) != 1:
            continue
        item = row["expected"][0]
        if item.get("type") != "value" or item.get("grain") not in GRAIN_LENGTH:
            continue
        if not item.get("holiday") and _weekday_only(row["text"]):
            continue
        reference, offset = _reference(row["reference"])
        expected = item["value"][: GRAIN_LENGTH[item["grain"]]]
        cases.append(Case("duckling", row["id"], row["text"], item["start"], item["end"], reference, offset, (expected,), bool(item.get("holiday"))))
    return cases


def _recognizers_expected(item: dict) -> tuple[tuple[str | None, ...], bool] | None:
    """Acceptable values and whether the span is an open or partial period; None when not date-valued."""
    timex = item["timex"][0]
    value = item["value"]
    if item["type"] == "date" and re.fullmatch(r"(?:\d{4}|XXXX)-\d{2}-\d{2}", timex):
        if value == "not resolved":
            return (None,), False
        return (tuple(value) if isinstance(value, list) else (value,)), False
    if item["type"] == "date" and timex == "XXXX" and isinstance(value, list):
        return tuple(value), False  # a movable feast without a year: only ever on the holiday line
    if item["type"] == "daterange" and re.fullmatch(r"\d{4}(?:-\d{2})?", timex):
        return (timex,), isinstance(value, dict) and "mod" in value
    return None


def _names_a_day(span: str) -> bool:
    """A holiday's name ("Pfingsten 2022", "Peter und Paul"), not a stated or relative date."""
    if _HOLIDAY_RE.search(span):
        return True
    return not re.search(r"\d", span) and not _MONTH_RE.search(span) and not _WEEKDAY_RE.search(span) and not _RELATIVE_RE.search(span)


def recognizers_cases(rows: list[dict]) -> list[Case]:
    cases = []
    for row in rows:
        reference, offset = _reference(row["reference"])
        for number, item in enumerate(row["expected"]):
            found = _recognizers_expected(item)
            if found is None:
                continue
            expected, partial = found
            holiday = item["timex"][0].startswith("XXXX") and _names_a_day(item["span"])
            case_id = f"{row['id']}#{number}"
            cases.append(Case("recognizers", case_id, row["text"], item["start"], item["end"], reference, offset, expected, holiday, partial))
    return cases


def dateparser_cases(rows: list[dict]) -> list[Case]:
    cases = []
    for row in rows:
        item = row["expected"][0]
        offsets = item.get("ago") or item.get("in_future") or {}
        if set(offsets) & {"hours", "minutes", "weeks"} or item.get("period") == "week" or _CLOCK_RE.search(row["text"]):
            continue
        if offsets and not re.match(r"(?i)\s*(?:vor|in|im)\b", row["text"]) and set(offsets) - {"days"}:
            continue
        grain = item.get("period") or "day"
        reference = row.get("reference") or item["value"]
        local, offset = _reference(reference)
        cases.append(Case("dateparser", row["id"], row["text"], item["start"], item["end"], local, offset, (item["value"][: GRAIN_LENGTH[grain]],), False))
    return cases


def passes(value: str | None, case: Case) -> bool:
    if case.expected == (None,):
        return value is None
    if value is None:
        return False
    if "/" in value:
        first, _, last = value.partition("/")
        return case.partial and all(_agrees(first, e) and _agrees(last, e) for e in case.expected[:1] if e)
    return any(_agrees(value, expected) for expected in case.expected if expected)


def _agrees(value: str, expected: str) -> bool:
    return value[: len(expected)] == expected and len(value) >= len(expected)


def _overlapping(spans: list[tuple[int, int, str | None]], case: Case) -> str | None:
    best, best_overlap = None, 0
    for start, end, value in spans:
        overlap = min(end, case.end) - max(start, case.start)
        if overlap > best_overlap:
            best, best_overlap = value, overlap
    return best


def ours(reading: str) -> Callable[[Case], str | None]:
    def resolve(case: Case) -> str | None:
        mentions = [m for m in find_dates(case.text, case.reference, reading=reading) if m.label == "DATE"]
        return _overlapping([(m.start, m.end, m.value.get("value")) for m in mentions], case)

    return resolve


def plain_dateparser() -> Callable[[Case], str | None]:
    parsers: dict[str, dateparser.date.DateDataParser] = {}

    def resolve(case: Case) -> str | None:
        if case.reference not in parsers:
            base = datetime.fromisoformat(case.reference)
            parsers[case.reference] = dateparser.DateDataParser(languages=["de"], settings={"RELATIVE_BASE": base})
        data = parsers[case.reference].get_date_data(case.text)
        if data.date_obj is None:
            return None
        length = GRAIN_LENGTH.get(data.period or "day", 10)
        return data.date_obj.isoformat()[:length]

    return resolve


def duckling() -> Callable[[Case], str | None]:
    import duckling as dk

    zones = dk.load_time_zones(next(p for p in zoneinfo.TZPATH if Path(p).is_dir()))
    locale = dk.parse_locale("DE_DE", dk.default_locale_lang(dk.parse_lang("DE")))
    dimensions = dk.parse_dimensions(["time"])

    def resolve(case: Case) -> str | None:
        offset = timezone(timedelta(hours=case.offset_hours))
        moment = datetime.fromisoformat(case.reference).replace(tzinfo=offset)
        zone = "Etc/UTC" if not case.offset_hours else f"Etc/GMT{-case.offset_hours:+.0f}"
        context = dk.Context(dk.parse_ref_time(zones, zone, int(moment.timestamp())), locale)
        spans = []
        for entity in dk.parse(case.text, context, dimensions, False):
            value = entity["value"]
            spans.append((entity["start"], entity["end"], _duckling_value(value)))
        return _overlapping(spans, case)

    return resolve


def _duckling_value(value: dict) -> str:
    """A value at its grain; an interval as "first/last" (Duckling's end is exclusive), an open one as its anchor."""
    if value.get("type") == "value":
        return value["value"][: GRAIN_LENGTH[value["grain"]]] if value.get("grain") in GRAIN_LENGTH else "/"
    ends = [value.get(side) for side in ("from", "to")]
    if any(end and end.get("grain") not in GRAIN_LENGTH for end in ends):
        return "/"
    first, last = ends
    if first and last:
        # the day before the exclusive end, cut to the end's grain, is the last day, month or year
        last_day = datetime.fromisoformat(last["value"][:10]) - timedelta(days=1)
        return first["value"][: GRAIN_LENGTH[first["grain"]]] + "/" + last_day.isoformat()[: GRAIN_LENGTH[last["grain"]]]
    end = first or last
    return end["value"][: GRAIN_LENGTH[end["grain"]]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", type=Path, default=SUITES)
    parser.add_argument("--failures", action="store_true", help="list our failing cases, holidays last (tense reading)")
    args = parser.parse_args(argv)
    rows = {name: [json.loads(line) for line in (args.suites / file).read_text(encoding="utf-8").splitlines() if line.strip()] for name, file in SUITE_FILES.items()}
    cases = duckling_cases(rows["duckling"]) + recognizers_cases(rows["recognizers"]) + dateparser_cases(rows["dateparser"])
    dated = [c for c in cases if not c.holiday]
    holidays = [c for c in cases if c.holiday]
    systems = {
        "ours (reading from tense)": ours("tense"),
        "ours (always past)": ours("past"),
        "ours (always future = Duckling)": ours("future"),
        "dateparser DateDataParser(de)": plain_dateparser(),
        "duckling (pyduckling 0.3.0)": duckling(),
    }
    suites = list(SUITE_FILES)
    counts = ", ".join(f"{suite} {sum(c.suite == suite for c in dated)}" for suite in suites)
    partial = sum(c.partial for c in dated)
    print(f"date-valued cases: {counts} = {len(dated)} (of them {partial} open or partial periods); {len(holidays)} named holidays")
    header = f"{'system':32}" + "".join(f"{s:>14}" for s in suites) + f"{'total':>16}{'holidays':>12}{'ms/case':>9}"
    print(header)
    print("-" * len(header))
    failures: list[tuple[Case, str | None]] = []
    for name, resolve in systems.items():
        started = time.perf_counter()
        results = {case: resolve(case) for case in cases}
        elapsed = (time.perf_counter() - started) * 1000 / len(cases)
        cells = []
        for suite in suites:
            subset = [c for c in dated if c.suite == suite]
            cells.append(f"{sum(passes(results[c], c) for c in subset)}/{len(subset)}")
        good = sum(passes(results[c], c) for c in dated)
        holiday_good = sum(passes(results[c], c) for c in holidays)
        print(f"{name:32}" + "".join(f"{cell:>14}" for cell in cells) + f"{good:>6}/{len(dated)} {100 * good / len(dated):5.1f}%" + f"{holiday_good:>7}/{len(holidays)}" + f"{elapsed:9.2f}")
        if name.startswith("ours (reading"):
            failures = [(c, results[c]) for c in dated + holidays if not passes(results[c], c)]
    if args.failures:
        print()
        for case, value in failures:
            print(f"{case.id + (' (holiday)' if case.holiday else ''):38} {case.text[max(0, case.start - 20):case.end + 20]!r:70} got {value!r} want {case.expected}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
