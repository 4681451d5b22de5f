"""The one data model shared by every stage: articles, entities, events, rejects.

Every output file is JSON Lines, UTF-8, keys sorted, rows sorted by (article id, offset),
and written atomically so that a killed run never leaves a half-written file behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from itertools import groupby
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC", "MONEY", "DATE", "DURATION")
EVENT_TYPES = ("offer", "acquisition", "investment", "valuation", "other")
EVENT_STATUSES = ("offered", "accepted", "rejected", "completed", "planned", "unknown")


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    text: str
    format: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", text_sha256(self.text))


@dataclass(frozen=True)
class Language:
    """The detect stage's verdict on one article; ``shares`` is the part of its text in each language."""

    article_id: str
    language: str
    probability: float
    shares: dict[str, float] = field(default_factory=dict)
    mixed: bool = False


@dataclass(frozen=True)
class Mention:
    """A span found in an article's text before it is tied to an article id."""

    start: int
    end: int
    text: str
    label: str
    value: dict[str, Any] | None = None


@dataclass(frozen=True)
class Entity:
    article_id: str
    start: int
    end: int
    text: str
    label: str
    value: dict[str, Any] | None = None


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    id: str
    article_id: str
    type: str
    actor: str | None
    target: str | None
    amount: float | None
    amount_min: float | None
    amount_max: float | None
    currency: str | None
    duration: str | None
    status: str
    date: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Reject:
    source: str
    reason: str


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_record(item: Any) -> dict[str, Any]:
    return asdict(item)


def from_record(cls: type, record: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    values = {k: v for k, v in record.items() if k in known}
    if cls is Event and isinstance(values.get("evidence"), dict):
        values["evidence"] = Evidence(**values["evidence"])
    return cls(**values)


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def sort_key(record: dict[str, Any]) -> tuple:
    return (*position_key(record), dumps(record))


def position_key(record: dict[str, Any]) -> tuple:
    """A row's place in its file, rows with the same place being ordered by their JSON text."""
    return (
        record.get("article_id", record.get("id", record.get("source", ""))),
        record.get("start", record.get("evidence", {}).get("start", -1)),
        record.get("end", record.get("evidence", {}).get("end", -1)),
        record.get("label", record.get("type", "")),
    )


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[bytes]]:
    """A binary handle on a temporary file beside ``path``, renamed into place only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        # left behind by a run that was killed before it could rename its file into place
        stale.unlink(missing_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    # mkstemp makes the file private; outputs are meant to be read by everyone, as any written file
    os.fchmod(handle, 0o644)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: str | bytes) -> None:
    with atomic_writer(path) as out:
        out.write(content.encode("utf-8") if isinstance(content, str) else content)


def write_jsonl(path: Path, items: Iterable[Any], *, presorted: bool = False) -> int:
    """Write rows sorted by (article, offset); ``presorted`` streams rows already in that order."""
    records = (item if isinstance(item, dict) else to_record(item) for item in items)
    if not presorted:
        records = iter(sorted(records, key=sort_key))
    count = 0
    previous = None
    with atomic_writer(path) as out:
        for record in records:
            key = sort_key(record)
            if previous is not None and key < previous:
                raise ValueError(f"{path}: rows out of order at {key[:3]}")
            previous = key
            out.write((dumps(record) + "\n").encode("utf-8"))
            count += 1
    return count


class SortedJsonlWriter:
    """Rows added one by one, written sorted like ``write_jsonl`` while only a small key per row is held.

    Each row's line goes to an unnamed scratch file beside the output as it comes; memory keeps the row's
    sort key (without the row itself) and where its line lies, and the output is copied from the scratch
    file in order. Rows at the same position are ordered by their line, as ``sort_key`` orders them.
    """

    def __init__(self, scratch: IO[bytes]) -> None:
        self._scratch = scratch
        self._rows: list[tuple[tuple, int, int]] = []
        self._scratch_bytes = 0
        self.count = 0

    def add(self, item: Any) -> None:
        record = item if isinstance(item, dict) else to_record(item)
        line = (dumps(record) + "\n").encode("utf-8")
        self._rows.append((position_key(record), self._scratch_bytes, len(line)))
        self._scratch.write(line)
        self._scratch_bytes += len(line)
        self.count += 1

    def write_sorted(self, out: IO[bytes]) -> None:
        self._scratch.flush()
        self._rows.sort(key=lambda row: row[0])
        for _, tied in groupby(self._rows, key=lambda row: row[0]):
            # UTF-8 bytes sort as the code points of the text they encode, so as sort_key's last part
            for line in sorted(self._line(offset, length) for _, offset, length in tied):
                out.write(line)

    def _line(self, offset: int, length: int) -> bytes:
        self._scratch.seek(offset)
        return self._scratch.read(length)


@contextmanager
def sorted_jsonl_writer(path: Path) -> Iterator[SortedJsonlWriter]:
    """A writer whose rows replace ``path`` atomically, sorted, when the block completes without error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=path.parent) as scratch:
        writer = SortedJsonlWriter(scratch)
        yield writer
        with atomic_writer(path) as out:
            writer.write_sorted(out)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def iter_items(path: Path, cls: type) -> Iterator[Any]:
    for record in read_jsonl(path):
        yield from_record(cls, record)


def read_items(path: Path, cls: type) -> list[Any]:
    return list(iter_items(path, cls))
