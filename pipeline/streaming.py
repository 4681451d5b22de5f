"""A run's outputs folder read row by row, never whole, so that the report's memory does not grow with the corpus.

Every output file is sorted by article id: ``write_jsonl`` refuses rows out of that order, and
``analyse`` writes each article's languages, entities and events rows in the order of
``articles.jsonl``. So one pass over the files counts what the report and the review page's summary
need (``index_outputs``), and a second pass hands out each article with its rows, reading the files
side by side (``articles_with_rows``). Rows of an article id that ``articles.jsonl`` does not hold are
counted in the totals but belong to no article, as when the rows are read whole.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from pipeline.diff import folder_rows

ARTICLE_ROWS = ("languages", "entities", "events")
EVENT_FILTERS = ("type", "status", "currency")  # the event fields the review page filters by


@dataclass(slots=True)  # one per article: kept small
class ArticleLine:
    """An article as the review's table of contents lists it."""

    article_id: str
    title: str | None
    entities: int = 0
    events: int = 0


@dataclass
class OutputsIndex:
    """What one pass over a run's outputs counts: the report's metrics, the review page's summary and filters."""

    articles: list[ArticleLine] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    languages: Counter = field(default_factory=Counter)
    mixed_language: int = 0
    labels: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    currencies: Counter = field(default_factory=Counter)
    # the values of the events that belong to an article, per field of ``EVENT_FILTERS``: the page's filters
    shown_events: dict[str, set[str | None]] = field(default_factory=lambda: {name: set() for name in EVENT_FILTERS})


@dataclass(frozen=True)
class ArticleRows:
    article: dict[str, Any]
    language: dict[str, Any]
    entities: list[dict[str, Any]]
    events: list[dict[str, Any]]


def index_outputs(folder: Path) -> OutputsIndex:
    return index_rows(folder_rows(folder))


def index_rows(rows: Mapping[str, Iterable[dict[str, Any]]]) -> OutputsIndex:
    """Count the rows of every output file (stem -> rows, each file's rows read once, in order)."""
    index = OutputsIndex()
    for article in _in_order(rows["articles"], "articles", "id", strictly=True):
        index.articles.append(ArticleLine(article["id"], article.get("title")))
    for language in _in_order(rows["languages"], "languages"):
        index.languages[language["language"]] += 1
        index.mixed_language += bool(language["mixed"])
    for entity, line in _with_articles(_in_order(rows["entities"], "entities"), index.articles):
        index.labels[entity["label"]] += 1
        if line is not None:
            line.entities += 1
    for event, line in _with_articles(_in_order(rows["events"], "events"), index.articles):
        index.types[event["type"]] += 1
        index.statuses[event["status"]] += 1
        index.currencies[event.get("currency")] += 1
        if line is not None:
            line.events += 1
            for name in EVENT_FILTERS:
                index.shown_events[name].add(event.get(name))
    # kept whole: the page lists them sorted by source, and a run has few
    index.rejects = list(rows["rejects"])
    return index


def articles_with_rows(folder: Path) -> Iterator[ArticleRows]:
    """Each article of ``articles.jsonl`` in its order, with its language verdict, entities and events."""
    rows = folder_rows(folder)
    groups = {stem: _Groups(rows[stem]) for stem in ARTICLE_ROWS}
    for article in rows["articles"]:
        article_id = article["id"]
        language, entities, events = (groups[stem].rows_of(article_id) for stem in ARTICLE_ROWS)
        yield ArticleRows(article, (language or [{}])[0], entities, events)


class _Groups:
    """The rows of a file sorted by article id, handed out article by article."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self._groups = ((key, list(group)) for key, group in groupby(rows, key=itemgetter("article_id")))
        self._next = next(self._groups, None)

    def rows_of(self, article_id: str) -> list[dict[str, Any]]:
        # groups of ids before this article belong to no article: passed over
        while self._next is not None and self._next[0] < article_id:
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != article_id:
            return []
        rows = self._next[1]
        self._next = next(self._groups, None)
        return rows


def _with_articles(rows: Iterable[dict[str, Any]], articles: list[ArticleLine]) -> Iterator[tuple[dict[str, Any], ArticleLine | None]]:
    """Each row with the line of its article (``None`` for an id no article has); both sorted by id."""
    position = 0
    for row in rows:
        while position < len(articles) and articles[position].article_id < row["article_id"]:
            position += 1
        found = position < len(articles) and articles[position].article_id == row["article_id"]
        yield row, articles[position] if found else None


def _in_order(rows: Iterable[dict[str, Any]], stem: str, key: str = "article_id", *, strictly: bool = False) -> Iterator[dict[str, Any]]:
    previous = None
    for number, row in enumerate(rows, start=1):
        value = row[key]
        if previous is not None and (value < previous or (strictly and value == previous)):
            order = f"sorted by {key}" + (", each once" if strictly else "")
            raise ValueError(f"{stem}.jsonl: row {number} ({key} {value!r}) after {previous!r}: the rows must be {order}")
        previous = value
        yield row
