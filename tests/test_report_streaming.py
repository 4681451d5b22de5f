"""The report streams the outputs: its files must equal what reading the outputs whole gives."""

import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.diff import folder_snapshot
from pipeline.model import Article, read_jsonl, to_record
from pipeline.report import run_report
from pipeline.review import render_page
from pipeline.streaming import articles_with_rows
from pipeline.tables import events_frame, load, write_events_parquet
from review_dom import ReviewDom, descendants
from sample_outputs import entity, event, sample_rows, write_outputs

GONE_TEXT = "Die Firma Weg wurde auf 3 Millionen Franken bewertet."
LAST_TEXT = "Die Stadt Kiel baut."


def rows_with_gaps() -> dict[str, list[dict]]:
    """The sample run, plus an article without any rows before it, an article after it, and between
    them the rows of an article id no article has."""
    rows = sample_rows()
    rows["articles"] += [
        to_record(Article(id="a_empty", source="corpus/a_empty.txt", text="Kein Geld.", format="txt")),
        to_record(Article(id="c_last", source="corpus/c_last.txt", text=LAST_TEXT, format="txt", title="Kiel")),
    ]
    rows["languages"] += [
        {"article_id": "bb_gone", "language": "de", "mixed": False, "probability": 1.0, "shares": {"de": 1.0}},
        {"article_id": "c_last", "language": "de", "mixed": True, "probability": 0.5, "shares": {"de": 0.5, "en": 0.5}},
    ]
    rows["entities"] += [entity("bb_gone", GONE_TEXT, "Weg", "ORG"), entity("c_last", LAST_TEXT, "Kiel", "LOC")]
    rows["events"].append(event("bb_gone", GONE_TEXT, GONE_TEXT, type="valuation", status="completed", amount=3e6, currency="CHF"))
    return rows


def in_memory_page(outputs):
    metrics = json.loads((outputs / "metrics.json").read_text(encoding="utf-8"))
    return render_page(folder_snapshot(outputs), metrics=metrics)


@pytest.mark.parametrize("rows", [sample_rows(), rows_with_gaps()], ids=["sample", "gaps"])
def test_streamed_page_equals_the_page_of_the_outputs_read_whole(tmp_path, rows):
    outputs = write_outputs(tmp_path, rows)
    run_report(outputs, outputs / "metrics.json")
    assert (outputs / "review.html").read_bytes() == in_memory_page(outputs).encode("utf-8")


def test_rows_of_no_article_count_in_the_metrics_but_are_not_shown(tmp_path):
    outputs = write_outputs(tmp_path, rows_with_gaps())
    metrics = run_report(outputs, outputs / "metrics.json")
    assert (metrics["articles"], metrics["entities"]["total"], metrics["events"]["by_type"], metrics["mixed_language"]) == (
        4,
        11,
        {"acquisition": 1, "offer": 1, "valuation": 1},
        1,
    )
    page = ReviewDom((outputs / "review.html").read_text(encoding="utf-8"))
    assert list(page.articles) == ["a_empty", "a_offer", "b_deal", "c_last"]
    contents = [li.text for li in descendants(page.by_id["summary"], "li")][1:]
    assert contents == [
        "a_empty a_empty · 0 entities · 0 events",
        "Angebot abgelehnt a_offer · 5 entities · 1 event",
        "Übernahme b_deal · 4 entities · 1 event",
        "Kiel c_last · 1 entity · 0 events",
    ]
    selects = {s.attrs["name"]: [o.text for o in descendants(s, "option")] for s in page.tags["select"]}
    assert selects["currency"] == ["all", "EUR", "USD"]
    assert selects["type"] == ["all", "acquisition", "offer"]


def test_articles_come_with_their_own_rows(tmp_path):
    outputs = write_outputs(tmp_path, rows_with_gaps())
    assert [
        (r.article["id"], r.language.get("probability"), [e["text"] for e in r.entities], [e["type"] for e in r.events])
        for r in articles_with_rows(outputs)
    ] == [
        ("a_empty", None, [], []),
        ("a_offer", 0.9999, ["Nordwind", "Seeblick", "rund 2 Millionen Euro", "Seeblick", "3. März 2025"], ["offer"]),
        ("b_deal", 0.9998, ["Talfahrt GmbH", "Juli 2025", "Bergwerk AG", "1,2 Milliarden Dollar"], ["acquisition"]),
        ("c_last", 0.5, ["Kiel"], []),
    ]


def test_rows_out_of_article_order_are_refused_before_anything_is_written(tmp_path):
    outputs = write_outputs(tmp_path)
    lines = (outputs / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    (outputs / "entities.jsonl").write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^entities.jsonl: row 5 \(article_id 'a_offer'\) after 'b_deal': the rows must be sorted by article_id$"):
        run_report(outputs, outputs / "metrics.json")
    assert sorted(p.name for p in outputs.iterdir()) == [f"{stem}.jsonl" for stem in ("articles", "entities", "events", "languages", "rejects")]


def test_an_article_id_given_twice_is_refused(tmp_path):
    rows = sample_rows()
    rows["articles"].append({**rows["articles"][0], "source": "corpus/again.txt"})
    outputs = write_outputs(tmp_path, rows)
    with pytest.raises(ValueError, match=r"^articles.jsonl: row 2 \(id 'a_offer'\) after 'a_offer': the rows must be sorted by id, each once$"):
        run_report(outputs, outputs / "metrics.json")


def pandas_parquet(events: list[dict]) -> bytes:
    buffer = io.BytesIO()
    events_frame(events).to_parquet(buffer, engine="pyarrow", index=False)
    return buffer.getvalue()


@pytest.mark.parametrize("rows", [sample_rows(), rows_with_gaps()], ids=["sample", "gaps"])
def test_events_parquet_of_one_batch_has_the_bytes_pandas_writes(tmp_path, rows):
    outputs = write_outputs(tmp_path, rows)
    run_report(outputs, outputs / "metrics.json")
    assert (outputs / "events.parquet").read_bytes() == pandas_parquet(rows["events"])


def test_events_parquet_of_no_events_has_the_bytes_pandas_writes(tmp_path):
    assert write_events_parquet(iter(()), tmp_path / "events.parquet", categories={"type": [], "status": [], "currency": []}) == 0
    assert (tmp_path / "events.parquet").read_bytes() == pandas_parquet([])


def test_events_parquet_in_batches_reads_back_as_the_whole_table(tmp_path):
    outputs = write_outputs(tmp_path, rows_with_gaps())
    events = list(read_jsonl(outputs / "events.jsonl"))
    categories = {"type": {"offer", "acquisition", "valuation"}, "status": {"rejected", "completed"}, "currency": {"EUR", "USD", "CHF"}}
    paths = [tmp_path / "one.parquet", tmp_path / "two.parquet"]
    for path in paths:
        # each batch holds one currency only: the categories come from the whole run, not the batch
        assert write_events_parquet(iter(events), path, categories=categories, batch_rows=1) == 3
    assert pq.ParquetFile(paths[0]).metadata.num_row_groups == 3
    assert paths[0].read_bytes() == paths[1].read_bytes()
    table = pd.read_parquet(paths[0])
    assert table.equals(load(outputs).events)
    assert list(table.currency.cat.categories) == ["CHF", "EUR", "USD"]
