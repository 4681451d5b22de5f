"""A small outputs folder written by hand after the data contract, for the diff, tables and review tests.

Two short articles of our own: an offer that was turned down and a completed acquisition.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pipeline.model import Article, Language, Reject, to_record, write_jsonl

OFFER_TEXT = "Die Reederei Nordwind hat Seeblick rund 2 Millionen Euro geboten.\nSeeblick lehnte am 3. März 2025 ab."
ACQUISITION_TEXT = "Die Talfahrt GmbH übernahm im Juli 2025 die Bergwerk AG für 1,2 Milliarden Dollar."


def span(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def entity(article_id: str, text: str, phrase: str, label: str, value: Any = None, occurrence: int = 0) -> dict:
    start, end = span(text, phrase, occurrence)
    return {"article_id": article_id, "start": start, "end": end, "text": phrase, "label": label, "value": value}


def money(amount: float, currency: str, *, approximate: bool = False) -> dict:
    return {"amount": amount, "min": None, "max": None, "currency": currency, "approximate": approximate}


def event(article_id: str, text: str, sentence: str, **fields: Any) -> dict:
    start, end = span(text, sentence)
    row = {
        "id": f"{article_id}:{start}",
        "article_id": article_id,
        "actor": None,
        "target": None,
        "amount": None,
        "amount_min": None,
        "amount_max": None,
        "currency": None,
        "duration": None,
        "date": None,
        "evidence": {"text": sentence, "start": start, "end": end},
    }
    row.update(fields)
    return row


def sample_rows() -> dict[str, list[dict]]:
    """The rows of every output file, fresh on each call so that a test may edit them."""
    articles = [
        Article(id="a_offer", source="corpus/a_offer.txt", text=OFFER_TEXT, format="txt", title="Angebot abgelehnt", published="2025-03-05"),
        Article(
            id="b_deal",
            source="corpus/b_deal.txt",
            text=ACQUISITION_TEXT,
            format="txt",
            title="Übernahme",
            published="2025-08-01T09:30:00+02:00",
        ),
    ]
    languages = [
        Language(article_id="a_offer", language="de", probability=0.9999, shares={"de": 1.0}),
        Language(article_id="b_deal", language="de", probability=0.9998, shares={"de": 1.0}),
    ]
    a, b = OFFER_TEXT, ACQUISITION_TEXT
    entities = [
        entity("a_offer", a, "Nordwind", "ORG", {"id": "Nordwind"}),
        entity("a_offer", a, "Seeblick", "ORG", {"id": "Seeblick"}),
        entity("a_offer", a, "rund 2 Millionen Euro", "MONEY", money(2e6, "EUR", approximate=True)),
        entity("a_offer", a, "Seeblick", "ORG", {"id": "Seeblick"}, occurrence=1),
        entity("a_offer", a, "3. März 2025", "DATE", {"value": "2025-03-03"}),
        entity("b_deal", b, "Talfahrt GmbH", "ORG"),
        entity("b_deal", b, "Juli 2025", "DATE", {"value": "2025-07"}),
        entity("b_deal", b, "Bergwerk AG", "ORG"),
        entity("b_deal", b, "1,2 Milliarden Dollar", "MONEY", money(1.2e9, "USD")),
    ]
    events = [
        event(
            "a_offer",
            a,
            "Die Reederei Nordwind hat Seeblick rund 2 Millionen Euro geboten.",
            type="offer",
            actor="Nordwind",
            target="Seeblick",
            amount=2e6,
            currency="EUR",
            status="rejected",
            date="2025-03-03",
        ),
        event(
            "b_deal",
            b,
            ACQUISITION_TEXT,
            type="acquisition",
            actor="Talfahrt GmbH",
            target="Bergwerk AG",
            amount=1.2e9,
            currency="USD",
            status="completed",
            date="2025-07",
        ),
    ]
    rejects = [Reject(source="corpus/leer.txt", reason="empty file")]
    return copy.deepcopy(
        {
            "articles": [to_record(x) for x in articles],
            "languages": [to_record(x) for x in languages],
            "entities": entities,
            "events": events,
            "rejects": [to_record(x) for x in rejects],
        }
    )


def write_outputs(folder: Path, rows: dict[str, list[dict]] | None = None) -> Path:
    rows = sample_rows() if rows is None else rows
    for stem, records in rows.items():
        write_jsonl(Path(folder) / f"{stem}.jsonl", records)
    return Path(folder)
