"""Per-article result cache: a re-run over a grown or edited corpus recomputes only the new articles.

A result is stored under a key made of the article record (id, text, metadata) and a fingerprint
of everything else that decides it: the pipeline's code and language data, the models it loads,
the settings, and the versions of the libraries whose output it keeps. Change any of them and
every key changes, so a stale result can never be read; opening the cache with a new fingerprint
drops the results of the old one. The cache is one SQLite file, safe for concurrent runs.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Iterable

from pipeline.model import dumps

PACKAGE = Path(__file__).resolve().parent
CACHE_FILE = "results.sqlite"
RESULT_LIBRARIES = ("spacy", "langdetect", "dateparser", "numpy")
SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, language TEXT NOT NULL, entities TEXT NOT NULL, events TEXT NOT NULL
)
"""


def files_digest(paths: Iterable[Path], *, root: Path) -> str:
    """A digest of the files' paths (relative to ``root``) and contents, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.relative_to(root).as_posix()):
        stat = path.stat()
        content = file_digest(path, (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
        digest.update(f"{path.relative_to(root).as_posix()}\0{content}\0".encode())
    return digest.hexdigest()


@lru_cache(maxsize=4096)
def file_digest(path: Path, status: tuple[int, ...]) -> str:
    """The digest of one file's content; ``status`` (inode, size, times) re-reads a file that changed."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_digest() -> str:
    """The pipeline package's code and language data: rules live in both."""
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".jsonl")]
    return files_digest((p for p in files if "__pycache__" not in p.parts), root=PACKAGE)


def models_digest(models: Path) -> str:
    """The gazetteer and, when present, every file of the NER model."""
    models = Path(models)
    files = [models / "gazetteer.jsonl"] if (models / "gazetteer.jsonl").is_file() else []
    if (models / "ner").is_dir():
        files += [p for p in (models / "ner").rglob("*") if p.is_file()]
    return files_digest(files, root=models)


def fingerprint(*, models: Path, settings: Iterable[Any]) -> str:
    """The fingerprint of a configuration: code, models, settings (dataclasses), library versions."""
    parts = {
        "code": code_digest(),
        "models": models_digest(models),
        "settings": [asdict(item) for item in settings],
        "libraries": {name: version(name) for name in RESULT_LIBRARIES},
        "python": list(sys.version_info[:2]),
    }
    return hashlib.sha256(dumps(parts).encode("utf-8")).hexdigest()


def line_key(line: str, fingerprint_: str) -> str:
    """The key of an article given as its articles.jsonl line (the record, keys sorted)."""
    return hashlib.sha256(f"{fingerprint_}\0{line.rstrip()}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedResult:
    """One article's output lines, exactly as they are written: one per file, newline-terminated."""

    language: str
    entities: str
    events: str


class ResultCache:
    """Article results for one fingerprint, keyed by ``line_key``."""

    def __init__(self, folder: Path, *, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        Path(folder).mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(Path(folder) / CACHE_FILE, timeout=60)
        with self._db:
            if self._db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                self._db.execute("DROP TABLE IF EXISTS results")
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute(SCHEMA)
            self._db.execute("DELETE FROM results WHERE fingerprint != ?", (fingerprint,))

    def key(self, line: str) -> str:
        return line_key(line, self.fingerprint)

    def has(self, key: str) -> bool:
        return self._db.execute("SELECT 1 FROM results WHERE key = ?", (key,)).fetchone() is not None

    def get(self, key: str) -> CachedResult | None:
        row = self._db.execute("SELECT language, entities, events FROM results WHERE key = ?", (key,)).fetchone()
        return CachedResult(*row) if row else None

    def put_many(self, items: Iterable[tuple[str, CachedResult]]) -> None:
        rows = [(key, self.fingerprint, r.language, r.entities, r.events) for key, r in items]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)", rows)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    def close(self) -> None:
        self._db.close()
