"""Money extraction on two peer test suites: ours against Duckling and price-parser, in one run.

A case is *right* when every expected amount is found with its currency and nothing else is
returned (amounts equal within a relative tolerance of 1e-6). A case that is not right is *wrong*
when the system returned at least one value that matches no expected one (a wrong amount or
currency, or an extra amount), else *missed*. Wrong values are worse than misses, so they are
counted apart. A suite's ``currency: null`` with unit Dollar or Pound counts as USD or GBP; a peer's
currency symbol or name is mapped to ISO 4217 with our own table so that "$" is not held against it.

Peers: Duckling (the compiled Haskell library in ``pyduckling-native-phihos``, German locale,
dimension ``amount-of-money``) and ``price-parser`` (one price per text by design). Measured
reference from the issue, not re-run here: Microsoft Recognizers-Text's German models get 34/39
and 7/16 (its German models exist only in its unreleased sources).

Run from the repository root: ``python -m benchmarks.money [--suites DIR]``.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from pipeline.money import currency_code, find_money

REPO = Path(__file__).resolve().parent.parent
# the `data` link made by `make data`, else the shared folder beside the repository
SUITES_DIR = next(
    (p for p in (REPO / "data" / "peer-suites", REPO.parent / "shared" / "data" / "peer-suites") if p.is_dir()),
    REPO / "data" / "peer-suites",
)
SUITES = ("recognizers-de-currency.jsonl", "duckling-reinfer-de-money.jsonl")
UNIT_CURRENCIES = {"Dollar": "USD", "Pound": "GBP", "Pfund": "GBP"}
TOLERANCE = 1e-6

Found = tuple[float | None, str | None]
System = Callable[[str], list[Found]]


@dataclass(frozen=True)
class Score:
    right: int
    wrong: int
    missed: int
    seconds: float

    @property
    def cases(self) -> int:
        return self.right + self.wrong + self.missed


def expected_values(case: dict) -> list[Found]:
    return [
        (e["amount"], e["currency"] if e["currency"] is not None else UNIT_CURRENCIES.get(e.get("unit", "")))
        for e in case["expected"]
    ]


def same(found: Found, expected: Found) -> bool:
    (amount, currency), (want_amount, want_currency) = found, expected
    if currency != want_currency:
        return False
    if amount is None or want_amount is None:
        return amount is None and want_amount is None
    return math.isclose(amount, want_amount, rel_tol=TOLERANCE)


def judge(found: list[Found], expected: list[Found]) -> str:
    """'right', 'wrong' (some value matches nothing expected) or 'missed'."""
    unmatched = list(expected)
    extra = 0
    for value in found:
        match = next((i for i, want in enumerate(unmatched) if same(value, want)), None)
        if match is None:
            extra += 1
        else:
            unmatched.pop(match)
    if extra:
        return "wrong"
    return "missed" if unmatched else "right"


def ours(text: str) -> list[Found]:
    return [(m.value["amount"], m.value["currency"]) for m in find_money(text)]


def peer_currency(unit: str | None) -> str | None:
    if not unit:
        return None
    return currency_code(unit) or currency_code(unit.upper()) or (unit if len(unit) == 3 and unit.isupper() else None)


def _utf8(text: str | None) -> str | None:
    """Undo the binding's decoding of Duckling's UTF-8 output as Latin-1 ("Â£" → "£")."""
    if text is None:
        return None
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def duckling_system() -> System:
    import duckling

    # Money needs no time zones; an empty folder gives Duckling its UTC-only database.
    zones = duckling.load_time_zones(tempfile.mkdtemp())
    context = duckling.Context(
        duckling.parse_ref_time(zones, "UTC", 0), duckling.default_locale_lang(duckling.parse_lang("DE"))
    )
    dimensions = duckling.parse_dimensions(["amount-of-money"])

    def run(text: str) -> list[Found]:
        found = []
        for item in duckling.parse(text, context, dimensions, False):
            value = item["value"]
            amount = value.get("value") if value.get("type") == "value" else None
            found.append((None if amount is None else float(amount), peer_currency(_utf8(value.get("unit")))))
        return found

    return run


def price_parser_system() -> System:
    from price_parser import Price

    def run(text: str) -> list[Found]:
        price = Price.fromstring(text)
        if price.amount is None:
            return []
        return [(float(price.amount), peer_currency(price.currency))]

    return run


def score(system: System, cases: Iterable[dict]) -> Score:
    counts = {"right": 0, "wrong": 0, "missed": 0}
    started = time.perf_counter()
    verdicts = [judge(system(case["text"]), expected_values(case)) for case in cases]
    seconds = time.perf_counter() - started
    for verdict in verdicts:
        counts[verdict] += 1
    return Score(seconds=seconds, **counts)


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", type=Path, default=SUITES_DIR)
    parser.add_argument("--show-failures", action="store_true", help="list our cases that are not right")
    args = parser.parse_args()
    suites = {name.removesuffix(".jsonl"): load(args.suites / name) for name in SUITES}
    systems = {"ours": ours, "Duckling 0.3.0 (pyduckling)": duckling_system(), "price-parser": price_parser_system()}

    header = f"| {'suite':32} | {'system':27} | {'right':>5} | {'wrong':>5} | {'missed':>6} | {'cases':>5} | {'right %':>7} | {'ms/case':>7} |"
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for suite, cases in [*suites.items(), ("both", [c for cases in suites.values() for c in cases])]:
        for name, system in systems.items():
            result = score(system, cases)
            print(
                f"| {suite:32} | {name:27} | {result.right:>5} | {result.wrong:>5} | {result.missed:>6} | "
                f"{result.cases:>5} | {100 * result.right / result.cases:>6.1f}% | {1000 * result.seconds / result.cases:>7.2f} |"
            )
    if args.show_failures:
        for suite, cases in suites.items():
            for case in cases:
                found, expected = ours(case["text"]), expected_values(case)
                if judge(found, expected) != "right":
                    print(f"{suite} {case['id']}: {case['text']!r} found {found} expected {expected}")


if __name__ == "__main__":
    main()
