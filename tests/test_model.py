import os

from pipeline.model import Article, Entity, Reject, read_items, read_jsonl, text_sha256, write_jsonl


def test_rows_are_sorted_by_article_and_offset_with_sorted_keys(tmp_path):
    path = tmp_path / "entities.jsonl"
    rows = [
        Entity(article_id="b", start=0, end=4, text="Meta", label="ORG"),
        Entity(article_id="a", start=10, end=14, text="Bonn", label="LOC"),
        Entity(article_id="a", start=2, end=6, text="Ulla", label="PER"),
    ]
    assert write_jsonl(path, rows) == 3
    assert path.read_text(encoding="utf-8").splitlines() == [
        '{"article_id": "a", "end": 6, "label": "PER", "start": 2, "text": "Ulla", "value": null}',
        '{"article_id": "a", "end": 14, "label": "LOC", "start": 10, "text": "Bonn", "value": null}',
        '{"article_id": "b", "end": 4, "label": "ORG", "start": 0, "text": "Meta", "value": null}',
    ]


def test_articles_round_trip_with_umlauts(tmp_path):
    path = tmp_path / "articles.jsonl"
    article = Article(id="x", source="x.txt", text="Über Größe", format="txt", published="2025-09-08")
    write_jsonl(path, [article])
    assert read_items(path, Article) == [article]
    assert article.sha256 == text_sha256("Über Größe")
    assert "Über Größe" in path.read_text(encoding="utf-8")


def test_rejects_sorted_by_source(tmp_path):
    path = tmp_path / "rejects.jsonl"
    write_jsonl(path, [Reject(source="z.bin", reason="binary file"), Reject(source="a.txt", reason="empty file")])
    assert [r["source"] for r in read_jsonl(path)] == ["a.txt", "z.bin"]


def test_write_leaves_no_temporary_files(tmp_path):
    write_jsonl(tmp_path / "out.jsonl", [])
    assert os.listdir(tmp_path) == ["out.jsonl"]
