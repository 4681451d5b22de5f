"""Streamed sorted writing: the same bytes as write_jsonl, no scratch file left, the old file kept on failure."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

import pipeline.ingest
from pipeline.ingest import run_ingest
from pipeline.model import (
    Article, Entity, Reject, SortedJsonlWriter, dumps, read_jsonl, sorted_jsonl_writer, to_record, write_jsonl,
)

LONG_TEXT = "Die Genossenschaft baut in Görlitz ein Wärmenetz für 12 Millionen Euro. " * 3000


def mixed_rows() -> list:
    return [
        Article(id="b-straße", source="b.txt", text="Größere Übernahme in Köln geplant.", format="txt"),
        Article(id="a", source="a.txt", text=LONG_TEXT, format="txt", title="Wärmenetz"),
        Article(id="ä", source="ae.txt", text="Ein Café in Zürich schließt.", format="txt"),
        Article(id="z", source="z.txt", text="日本の会社が ein Werk in Linz kauft.", format="txt"),
        Reject("links.urls", "fetch failed: timeout"),
        Reject("links.urls", "fetch failed: HTTP 404"),
        Reject("links.urls", "duplicate of a"),
        Entity("a", 4, 17, "Genossenschaft", "ORG"),
        Entity("a", 4, 17, "Genossenschaft", "MISC"),
        Entity("a", 31, 38, "Görlitz", "LOC"),
        {"article_id": "a", "start": 31, "end": 38, "text": "Görlitz", "label": "LOC", "value": {"x": "ü"}},
        {"article_id": "a", "start": 31, "end": 38, "text": "Görlitz", "label": "LOC", "value": {"x": "u"}},
    ]


def streamed(path: Path, rows: list) -> int:
    with sorted_jsonl_writer(path) as writer:
        for row in rows:
            writer.add(row)
    return writer.count


def test_streamed_rows_are_the_bytes_write_jsonl_writes_for_any_input_order(tmp_path: Path) -> None:
    rows = mixed_rows()
    assert write_jsonl(tmp_path / "expected.jsonl", rows) == 12
    expected = (tmp_path / "expected.jsonl").read_bytes()
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert streamed(tmp_path / f"streamed{seed}.jsonl", shuffled) == 12
        assert (tmp_path / f"streamed{seed}.jsonl").read_bytes() == expected


def test_rows_at_the_same_position_are_ordered_by_their_json_text(tmp_path: Path) -> None:
    rows = mixed_rows()
    random.Random(7).shuffle(rows)
    streamed(tmp_path / "rows.jsonl", rows)
    order = [
        (row.get("id") or row.get("article_id") or row["source"], row.get("label"), row.get("reason"), row.get("value"))
        for row in read_jsonl(tmp_path / "rows.jsonl")
    ]
    assert order == [
        ("a", None, None, None),
        ("a", "MISC", None, None),
        ("a", "ORG", None, None),
        ("a", "LOC", None, None),
        ("a", "LOC", None, {"x": "u"}),
        ("a", "LOC", None, {"x": "ü"}),
        ("b-straße", None, None, None),
        ("links.urls", None, "duplicate of a", None),
        ("links.urls", None, "fetch failed: HTTP 404", None),
        ("links.urls", None, "fetch failed: timeout", None),
        ("z", None, None, None),
        ("ä", None, None, None),
    ]
    long_row = next(read_jsonl(tmp_path / "rows.jsonl"))
    assert long_row["text"] == LONG_TEXT and len(LONG_TEXT) == 216_000


def test_no_rows_make_an_empty_file(tmp_path: Path) -> None:
    assert streamed(tmp_path / "rows.jsonl", []) == 0
    assert (tmp_path / "rows.jsonl").read_bytes() == b""


def test_only_the_output_is_left_in_its_folder_with_the_usual_mode(tmp_path: Path) -> None:
    streamed(tmp_path / "out" / "rows.jsonl", mixed_rows())
    write_jsonl(tmp_path / "out" / "expected.jsonl", mixed_rows())
    assert sorted(os.listdir(tmp_path / "out")) == ["expected.jsonl", "rows.jsonl"]
    assert os.stat(tmp_path / "out" / "rows.jsonl").st_mode & 0o777 == 0o644


def test_a_failure_while_rows_come_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"old": 1}\n')
    with pytest.raises(RuntimeError, match="reader failed"):
        with sorted_jsonl_writer(path) as writer:
            writer.add(Reject("a.txt", "empty file"))
            raise RuntimeError("reader failed")
    assert path.read_bytes() == b'{"old": 1}\n'
    assert os.listdir(tmp_path) == ["rows.jsonl"]


def test_a_failure_while_the_sorted_file_is_written_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"old": 1}\n')
    lines_read = []

    def failing_line(self: SortedJsonlWriter, offset: int, length: int) -> bytes:
        if lines_read:
            raise OSError("disk failed")
        lines_read.append((offset, length))
        self._scratch.seek(offset)
        return self._scratch.read(length)

    monkeypatch.setattr(SortedJsonlWriter, "_line", failing_line)
    with pytest.raises(OSError, match="disk failed"):
        streamed(path, mixed_rows())
    first_added, first_sorted = ((dumps(to_record(row)) + "\n").encode("utf-8") for row in mixed_rows()[:2])
    assert lines_read == [(len(first_added), len(first_sorted))]
    assert path.read_bytes() == b'{"old": 1}\n'
    assert os.listdir(tmp_path) == ["rows.jsonl"]


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "b.txt").write_text("Die Stadtwerke Kiel investieren 15 Millionen Euro in ein Wärmenetz.", encoding="utf-8")
    (folder / "a.txt").write_text(LONG_TEXT, encoding="utf-8")
    (folder / "copy.txt").write_text(LONG_TEXT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.docx").write_bytes(b"PK")
    (folder / "records.jsonl").write_text(
        json.dumps({"id": "b", "text": "Ein Café in Zürich schließt Ende März."}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "r2", "text": "Ein Reeder verkauft zwei Frachtschiffe für 80 Millionen Dollar."}) + "\n",
        encoding="utf-8",
    )
    return folder


def test_ingest_writes_the_sorted_outputs_and_counts(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    articles_path, rejects_path = tmp_path / "out" / "articles.jsonl", tmp_path / "out" / "rejects.jsonl"
    assert run_ingest(corpus, articles_path, rejects_path) == (3, 4)
    assert [(row["id"], row["source"]) for row in read_jsonl(articles_path)] == [
        ("a", "a.txt"), ("b", "b.txt"), ("r2", "records.jsonl:2"),
    ]
    assert list(read_jsonl(rejects_path)) == [
        {"source": "copy.txt", "reason": "duplicate of a"},
        {"source": "empty.txt", "reason": "empty file"},
        {"source": "notes.docx", "reason": "unknown extension .docx"},
        {"source": "records.jsonl:1", "reason": "duplicate id b (already used by b.txt)"},
    ]
    assert sorted(os.listdir(tmp_path / "out")) == ["articles.jsonl", "rejects.jsonl"]


def test_ingest_stopped_by_a_failure_keeps_the_previous_outputs(tmp_path: Path, monkeypatch) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    articles_path, rejects_path = tmp_path / "out" / "articles.jsonl", tmp_path / "out" / "rejects.jsonl"
    run_ingest(corpus, articles_path, rejects_path)
    before = articles_path.read_bytes(), rejects_path.read_bytes()
    real_iter_corpus = pipeline.ingest.iter_corpus

    def failing_iter_corpus(*args, **kwargs):
        yield from list(real_iter_corpus(*args, **kwargs))[:2]
        raise RuntimeError("killed mid-way")

    monkeypatch.setattr(pipeline.ingest, "iter_corpus", failing_iter_corpus)
    (corpus / "c.txt").write_text("Ein neuer Artikel über eine Übernahme in Graz.", encoding="utf-8")
    with pytest.raises(RuntimeError, match="killed mid-way"):
        run_ingest(corpus, articles_path, rejects_path)
    assert (articles_path.read_bytes(), rejects_path.read_bytes()) == before
    assert sorted(os.listdir(tmp_path / "out")) == ["articles.jsonl", "rejects.jsonl"]
