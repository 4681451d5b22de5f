"""The stages' outputs as pandas DataFrames with proper dtypes, for analysts and for ``events.parquet``.

Numbers are nullable (``Float64``/``Int64``), labels, types, statuses and currencies are categories, text
is ``string``. Dates keep their ISO value as text, because "2025-07" is a month, not the 1st of July;
next to it, ``<column>_start``/``<column>_end`` give the first and last day the value covers as
datetimes (equal for a full date, ``NaT`` when the value is missing or unresolved). An article's
``published_at`` is a datetime only where ``published`` names at least a full date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.model import ENTITY_LABELS, EVENT_STATUSES, EVENT_TYPES, atomic_writer, read_jsonl

YEAR = re.compile(r"\d{4}")
MONTH = re.compile(r"\d{4}-\d{2}")
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?")

# column -> dtype; a tuple is a category with these categories first (unknown values are appended,
# never turned into missing values)
ARTICLE_COLUMNS = {
    "id": "string",
    "source": "string",
    "format": (),
    "title": "string",
    "author": "string",
    "published": "string",
    "published_at": "datetime64[ns]",
    "url": "string",
    "text": "string",
    "sha256": "string",
}
LANGUAGE_COLUMNS = {
    "article_id": "string",
    "language": (),
    "probability": "Float64",
    "mixed": "boolean",
    "shares": "object",
}
ENTITY_COLUMNS = {
    "article_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "label": ENTITY_LABELS,
    "canonical": "string",
    "amount": "Float64",
    "amount_min": "Float64",
    "amount_max": "Float64",
    "currency": (),
    "approximate": "boolean",
    "normalized": "string",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "value": "object",
}
EVENT_COLUMNS = {
    "id": "string",
    "article_id": "string",
    "type": EVENT_TYPES,
    "actor": "string",
    "target": "string",
    "amount": "Float64",
    "amount_min": "Float64",
    "amount_max": "Float64",
    "currency": (),
    "duration": "string",
    "status": EVENT_STATUSES,
    "date": "string",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "evidence_text": "string",
    "evidence_start": "Int64",
    "evidence_end": "Int64",
}
# column -> every value it takes in a set of rows
Categories = Mapping[str, Iterable[str | None]]
CATEGORY_COLUMNS = tuple(column for column, dtype in EVENT_COLUMNS.items() if isinstance(dtype, tuple))
# events per Parquet row group, converted together: a run with no more events gets the bytes pandas
# writes for the whole table. Converting a batch raised the report's peak RSS by 56 MB (by 36 MB with
# batches of 1,024) over its counting pass, on 14,000 events (the seed outputs copied 2,000 times)
EVENT_BATCH_ROWS = 4096
REJECT_COLUMNS = {
    "source": "string",
    "reason": "string",
    "kind": (),
}


@dataclass(frozen=True)
class Tables:
    articles: pd.DataFrame
    languages: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame
    rejects: pd.DataFrame


def load(outputs: str | Path) -> Tables:
    """Every output of a run folder as a DataFrame, rows in the files' order."""
    outputs = Path(outputs)
    return Tables(
        articles=articles_frame(_rows(outputs / "articles.jsonl")),
        languages=languages_frame(_rows(outputs / "languages.jsonl")),
        entities=entities_frame(_rows(outputs / "entities.jsonl")),
        events=events_frame(_rows(outputs / "events.jsonl")),
        rejects=rejects_frame(_rows(outputs / "rejects.jsonl")),
    )


def write_events_parquet(
    events: Iterable[dict[str, Any]],
    parquet_path: str | Path,
    *,
    categories: Categories | None = None,
    batch_rows: int = EVENT_BATCH_ROWS,
) -> int:
    """Write the rows of ``events.jsonl`` as Parquet with the dtypes of ``load``; returns the number of events.

    ``categories`` holds every value of the category columns (type, status, currency) among the
    events, as a counting pass over them found: the rows are then converted ``batch_rows`` at a time
    as they come, each batch a row group. Without it the rows are read first to find them.
    """
    if categories is None:
        events = list(events)
        categories = {column: {row.get(column) for row in events} for column in CATEGORY_COLUMNS}
    batches = (_events_table(batch, categories) for batch in _batches(events, batch_rows))
    with atomic_writer(Path(parquet_path)) as out:
        first = next(batches)
        count = first.num_rows
        with pq.ParquetWriter(out, first.schema, compression="snappy") as writer:
            writer.write_table(first)
            for table in batches:
                writer.write_table(table)
                count += table.num_rows
    return count


def _events_table(events: list[dict[str, Any]], categories: Categories) -> pa.Table:
    # as pandas' to_parquet converts a frame, so that one batch gives the bytes pandas writes
    return pa.Table.from_pandas(events_frame(events, categories=categories), preserve_index=False)


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """The rows in lists of ``size``; the first may be empty, so that an empty run still gets its columns."""
    rows = iter(rows)
    batch = list(islice(rows, size))
    yield batch
    while batch := list(islice(rows, size)):
        yield batch


@lru_cache(maxsize=65536)  # a corpus repeats the same few dates many times
def iso_interval(value: str | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day covered by an ISO 8601 date ("2025", "2025-07", "2025-07-14", "a/b")."""
    if not value:
        return pd.NaT, pd.NaT
    if "/" in value:
        first, last = value.split("/", 1)
        return iso_interval(first)[0], iso_interval(last)[1]
    if YEAR.fullmatch(value):
        year = pd.Period(value, freq="Y")
        return year.start_time, year.end_time.normalize()
    if MONTH.fullmatch(value):
        month = pd.Period(value, freq="M")
        return month.start_time, month.end_time.normalize()
    moment = full_date(value)
    return moment, moment


@lru_cache(maxsize=65536)
def full_date(value: str | None) -> pd.Timestamp:
    """The moment a full ISO date or date-time names (in UTC, without zone, when it carries an offset)."""
    if not value or not FULL_DATE.fullmatch(value):
        return pd.NaT
    try:
        moment = pd.Timestamp(value)
    except ValueError:
        return pd.NaT
    return moment.tz_convert("UTC").tz_localize(None) if moment.tzinfo else moment


def articles_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    records = [{**row, "published_at": full_date(row.get("published"))} for row in rows]
    return _frame(records, ARTICLE_COLUMNS)


def languages_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    return _frame(list(rows), LANGUAGE_COLUMNS)


def entities_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    records = []
    for row in rows:
        value = row.get("value") or {}
        normalized = value.get("value") if row.get("label") in ("DATE", "DURATION") else None
        start, end = iso_interval(normalized) if row.get("label") == "DATE" else (pd.NaT, pd.NaT)
        records.append(
            {
                **row,
                "canonical": value.get("id"),
                "amount": value.get("amount"),
                "amount_min": value.get("min"),
                "amount_max": value.get("max"),
                "currency": value.get("currency"),
                "approximate": value.get("approximate"),
                "normalized": normalized,
                "date_start": start,
                "date_end": end,
            }
        )
    return _frame(records, ENTITY_COLUMNS)


def events_frame(rows: Iterable[dict[str, Any]], *, categories: Categories | None = None) -> pd.DataFrame:
    """The events as a frame; ``categories``, the values of the category columns in a larger set of events
    these rows are a part of, so that every part gets the categories of the whole."""
    records = []
    for row in rows:
        evidence = row.get("evidence") or {}
        start, end = iso_interval(row.get("date"))
        records.append(
            {
                **row,
                "date_start": start,
                "date_end": end,
                "evidence_text": evidence.get("text"),
                "evidence_start": evidence.get("start"),
                "evidence_end": evidence.get("end"),
            }
        )
    return _frame(records, EVENT_COLUMNS, categories=categories)


def rejects_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    # imported here because the report stage imports this module to write events.parquet
    from pipeline.report import reason_kind

    return _frame([{**row, "kind": reason_kind(row["reason"])} for row in rows], REJECT_COLUMNS)


def _rows(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: is this a pipeline outputs folder?")
    return list(read_jsonl(path))


def _frame(
    records: list[dict[str, Any]], columns: dict[str, Any], *, categories: Categories | None = None
) -> pd.DataFrame:
    data = {}
    for column, dtype in columns.items():
        values = [record.get(column) for record in records]
        if isinstance(dtype, tuple):
            present = values if categories is None else categories[column]
            extra = sorted({v for v in present if v is not None} - set(dtype))
            data[column] = pd.Categorical(values, categories=[*dtype, *extra])
        elif dtype == "object":
            data[column] = pd.Series(values, dtype="object")
        else:
            data[column] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data, index=pd.RangeIndex(len(records)))
