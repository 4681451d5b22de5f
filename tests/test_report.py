import json

from pipeline.model import Article, Entity, Evidence, Event, Language, Reject, write_jsonl
from pipeline.report import reason_kind, run_report


def event(event_id: str, kind: str, status: str) -> Event:
    return Event(
        id=event_id, article_id="a", type=kind, actor="Meta", target="Tulloch", amount=None, amount_min=1e9,
        amount_max=1.5e9, currency="USD", duration="P6Y", status=status, date=None,
        evidence=Evidence(text="Meta bot an.", start=0, end=12),
    )


def test_metrics_count_articles_languages_labels_events_and_reject_kinds(tmp_path):
    write_jsonl(
        tmp_path / "articles.jsonl",
        [
            Article(id="a", source="a.txt", text="Meta bot Tulloch viel Geld an.", format="txt"),
            Article(id="b", source="b.txt", text="Bonn is a city.", format="txt"),
        ],
    )
    write_jsonl(
        tmp_path / "languages.jsonl",
        [Language("a", "de", 1.0, {"de": 1.0}), Language("b", "en", 0.9, {"de": 0.3, "en": 0.7}, mixed=True)],
    )
    write_jsonl(
        tmp_path / "entities.jsonl",
        [
            Entity("a", 0, 4, "Meta", "ORG"),
            Entity("a", 9, 16, "Tulloch", "PER"),
            Entity("b", 0, 4, "Bonn", "LOC"),
        ],
    )
    write_jsonl(tmp_path / "events.jsonl", [event("1", "offer", "rejected"), event("2", "acquisition", "planned")])
    write_jsonl(
        tmp_path / "rejects.jsonl",
        [
            Reject("x.bin", "binary data"),
            Reject("y.jsonl:2", "invalid JSON: Expecting value at column 1"),
            Reject("z.jsonl:3", "invalid JSON: Unterminated string at column 9"),
        ],
    )
    metrics = run_report(tmp_path, tmp_path / "metrics.json")
    expected = {
        "inputs": 5,
        "articles": 2,
        "rejects": 3,
        "rejects_by_reason": {"binary data": 1, "invalid JSON": 2},
        "languages": {"de": 1, "en": 1},
        "mixed_language": 1,
        "entities": {"total": 3, "LOC": 1, "ORG": 1, "PER": 1},
        "events": {
            "total": 2,
            "by_type": {"acquisition": 1, "offer": 1},
            "by_status": {"planned": 1, "rejected": 1},
        },
    }
    assert metrics == expected
    assert json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8")) == expected
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix not in (".jsonl",)) == [
        "events.parquet",
        "metrics.json",
        "plots",
        "review.html",
    ]
    assert (tmp_path / "plots" / "events_per_type.csv").read_text(encoding="utf-8").splitlines() == [
        "type,events",
        "offer,1",
        "acquisition,1",
        "investment,0",
        "valuation,0",
        "other,0",
    ]


def test_reason_kind_leaves_out_the_particulars():
    assert [
        reason_kind(reason)
        for reason in [
            "too large: 30 bytes (limit 20)",
            "duplicate of 000_a",
            "duplicate id 7 (already used by a.jsonl:1)",
            "unknown extension .docx",
            "HTTP 404 Not Found",
            "blocked non-public address 127.0.0.1",
            "unsupported content type image/png",
            "timed out after 10 s",
            "empty file",
            "404",
        ]
    ] == [
        "too large",
        "duplicate of",
        "duplicate id",
        "unknown extension",
        "HTTP",
        "blocked non-public address",
        "unsupported content type",
        "timed out after",
        "empty file",
        "404",
    ]
