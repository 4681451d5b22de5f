import pandas as pd
import pytest

from pipeline.model import read_jsonl
from pipeline.tables import iso_interval, load, write_events_parquet
from sample_outputs import sample_rows, write_outputs


def dtypes(frame):
    return {column: str(dtype) for column, dtype in frame.dtypes.items()}


@pytest.fixture
def tables(tmp_path):
    return load(write_outputs(tmp_path))


def test_events_have_nullable_numbers_categories_and_date_intervals(tables):
    events = tables.events
    assert dtypes(events) == {
        "id": "string",
        "article_id": "string",
        "type": "category",
        "actor": "string",
        "target": "string",
        "amount": "Float64",
        "amount_min": "Float64",
        "amount_max": "Float64",
        "currency": "category",
        "duration": "string",
        "status": "category",
        "date": "string",
        "date_start": "datetime64[ns]",
        "date_end": "datetime64[ns]",
        "evidence_text": "string",
        "evidence_start": "Int64",
        "evidence_end": "Int64",
    }
    assert list(events.type.cat.categories) == ["offer", "acquisition", "investment", "valuation", "other"]
    assert list(events.status.cat.categories) == ["offered", "accepted", "rejected", "completed", "planned", "unknown"]
    assert events.amount_min.isna().tolist() == [True, True]
    assert events[["date", "date_start", "date_end"]].values.tolist() == [
        ["2025-03-03", pd.Timestamp("2025-03-03"), pd.Timestamp("2025-03-03")],
        ["2025-07", pd.Timestamp("2025-07-01"), pd.Timestamp("2025-07-31")],
    ]
    assert events.evidence_end.tolist() == [65, 82]


def test_entities_flatten_money_dates_and_gazetteer_ids(tables):
    entities = tables.entities
    assert dtypes(entities)["label"] == "category"
    assert dtypes(entities)["approximate"] == "boolean"
    assert list(entities.label.cat.categories) == ["PER", "ORG", "LOC", "MISC", "MONEY", "DATE", "DURATION"]
    money = entities[entities.label == "MONEY"]
    assert money[["text", "amount", "currency", "approximate"]].values.tolist() == [
        ["rund 2 Millionen Euro", 2e6, "EUR", True],
        ["1,2 Milliarden Dollar", 1.2e9, "USD", False],
    ]
    dates = entities[entities.label == "DATE"]
    assert dates[["normalized", "date_start", "date_end"]].values.tolist() == [
        ["2025-03-03", pd.Timestamp("2025-03-03"), pd.Timestamp("2025-03-03")],
        ["2025-07", pd.Timestamp("2025-07-01"), pd.Timestamp("2025-07-31")],
    ]
    assert entities.canonical.tolist()[:2] == ["Nordwind", "Seeblick"]
    assert entities.start.dtype == "Int64"


def test_articles_languages_and_rejects(tables):
    assert tables.articles.published_at.tolist() == [pd.Timestamp("2025-03-05"), pd.Timestamp("2025-08-01 07:30")]
    assert str(tables.articles.published.dtype) == "string"
    assert dtypes(tables.languages) == {
        "article_id": "string",
        "language": "category",
        "probability": "Float64",
        "mixed": "boolean",
        "shares": "object",
    }
    assert tables.rejects[["source", "kind"]].values.tolist() == [["corpus/leer.txt", "empty file"]]


def test_a_label_outside_the_contract_stays_visible(tmp_path):
    rows = sample_rows()
    rows["entities"][0]["label"] = "PRODUCT"
    entities = load(write_outputs(tmp_path, rows)).entities
    assert entities.label.tolist()[0] == "PRODUCT"
    assert list(entities.label.cat.categories)[-1] == "PRODUCT"


def test_empty_outputs_keep_columns_and_dtypes(tmp_path, tables):
    rows = {stem: [] for stem in ("articles", "languages", "entities", "events", "rejects")}
    empty = load(write_outputs(tmp_path / "empty", rows))
    assert len(empty.events) == 0
    assert dtypes(empty.events) == dtypes(tables.events)
    assert dtypes(empty.entities) == dtypes(tables.entities)


def test_missing_output_file_names_the_file(tmp_path):
    write_outputs(tmp_path)
    (tmp_path / "events.jsonl").unlink()
    with pytest.raises(FileNotFoundError, match="events.jsonl not found"):
        load(tmp_path)


def test_events_parquet_round_trips_with_dtypes(tmp_path, tables):
    outputs = write_outputs(tmp_path)
    assert write_events_parquet(list(read_jsonl(outputs / "events.jsonl")), outputs / "events.parquet") == 2
    assert pd.read_parquet(outputs / "events.parquet").equals(tables.events)


def test_readme_example_total_offered_per_actor_in_usd(tmp_path):
    rows = sample_rows()
    rows["events"][0].update(currency="USD", amount=None, amount_min=1e9, amount_max=1.5e9)
    rows["events"][1].update(type="offer", actor="Nordwind", amount=5e8)
    events = load(write_outputs(tmp_path, rows)).events
    offers = events[(events.type == "offer") & (events.currency == "USD")]
    totals = offers.assign(usd=offers.amount.fillna(offers.amount_max)).groupby("actor", observed=True).usd.sum()
    assert totals.to_dict() == {"Nordwind": 2e9}


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025", "2025-01-01", "2025-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025-06-14", "2025-06-14", "2025-06-14"),
        ("2025-06/2025-08-15", "2025-06-01", "2025-08-15"),
        ("2025-09-08T21:42:00+08:00", "2025-09-08 13:42", "2025-09-08 13:42"),
    ],
)
def test_iso_interval(value, first, last):
    assert iso_interval(value) == (pd.Timestamp(first), pd.Timestamp(last))


@pytest.mark.parametrize("value", [None, "", "im Sommer", "2025-13-45"])
def test_iso_interval_of_unresolved_values_is_missing(value):
    assert all(pd.isna(moment) for moment in iso_interval(value))
