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
