"""Ingest: plain text, HTML, JSON records, the bad-input corpus and the count identity."""

from __future__ import annotations

from pathlib import Path

from pipeline.decoding import decode_bytes
from pipeline.ingest import iter_corpus, main
from pipeline.model import Article, Reject, read_jsonl
from pipeline.plaintext import parse_plain_text

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"


def test_seed_articles_lose_their_page_chrome_and_keep_their_metadata(tmp_path: Path) -> None:
    articles_path, rejects_path = tmp_path / "articles.jsonl", tmp_path / "rejects.jsonl"
    assert main(["--corpus", str(SEED_CORPUS), "--articles", str(articles_path), "--rejects", str(rejects_path)]) == 0
    articles = {row["id"]: row for row in read_jsonl(articles_path)}
    assert list(read_jsonl(rejects_path)) == []
    assert sorted(articles) == ["000_88c4cff9ad4f1665", "004_db171f4863068d5a"]

    minimax = articles["000_88c4cff9ad4f1665"]
    assert minimax["source"] == "000_88c4cff9ad4f1665.txt"
    assert minimax["format"] == "txt"
    assert minimax["title"] == (
        "Vergeben Sie zusätzliche Optionsrechte im Wert von einer Million US-Dollar. "
        "MiniMax definiert das Profil der Talente."
    )
    assert minimax["author"] == "晓曦"
    assert minimax["published"] == "2025-09-08T21:42"
    assert minimax["url"] is None
    assert minimax["text"].startswith("Jeder technologische Sprung wird von einer Aktualisierung")
    assert "StartseiteArtikel" not in minimax["text"]
    assert "晓曦" not in minimax["text"]
    assert sorted(minimax) == ["author", "format", "id", "published", "sha256", "source", "text", "title", "url"]

    meta = articles["004_db171f4863068d5a"]
    assert meta["title"] == "Milliardenangebot von Meta-CEO Mark Zuckerberg"
    assert meta["author"] is None
    assert meta["published"] is None
    assert meta["url"] == "https://vietnamnet.vn/nguoi-tu-choi-1-ty-usd-cua-mark-zuckerberg-2428207.html"
    assert meta["text"].startswith("Um im Wettlauf um die Entwicklung generativer KI aufzuholen")
    assert meta["text"].endswith("dennoch von jugendlichen Schülern geschlagen.")
    assert "3lbl71ki.png" not in meta["text"]
    assert "Mark Zuckerberg (links) und Mira Murati. Foto: WSJ" in meta["text"]
    assert "Quelle:" not in meta["text"]


def test_plain_text_paragraphs_are_joined_with_one_blank_line() -> None:
    page = parse_plain_text("Startseite\n\nEin kurzer Titel\n\n\n\nErster Absatz,\nzweite Zeile.\n\n\nZweiter Absatz.\n")
    assert page.title == "Ein kurzer Titel"
    assert page.text == "Erster Absatz,\nzweite Zeile.\n\nZweiter Absatz."


def test_german_bylines_give_author_and_raw_date() -> None:
    page = parse_plain_text("Die Überschrift\n\nVon Anna Beispiel, 03.04.2025 14:30 Uhr\n\nDer Text des Artikels.")
    assert (page.title, page.author, page.published) == ("Die Überschrift", "Anna Beispiel", "03.04.2025 14:30 Uhr")
    assert page.text == "Der Text des Artikels."


def test_a_single_paragraph_is_text_not_title() -> None:
    page = parse_plain_text("Nur ein Satz ohne Überschrift.")
    assert (page.title, page.text) == (None, "Nur ein Satz ohne Überschrift.")


def test_legacy_encodings_and_byte_order_marks_decode_to_the_same_text() -> None:
    text = "Größere Übernahmen für 5 € – „Gänsefüßchen“ inklusive.\n"
    assert decode_bytes(text.encode("cp1252")) == text
    assert decode_bytes("Über Maß und Öl\n".encode("latin-1")) == "Über Maß und Öl\n"
    assert decode_bytes(text.encode("utf-16")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    mixed = "Zeile eins: Müller\n".encode("utf-8") + "Zeile zwei: Bäcker\n".encode("cp1252")
    assert decode_bytes(mixed) == "Zeile eins: Müller\nZeile zwei: Bäcker\n"


def test_iter_corpus_streams_articles_in_name_order() -> None:
    items = list(iter_corpus(SEED_CORPUS, cache=None))
    assert [type(item) for item in items] == [Article, Article]
    assert [item.id for item in items] == ["000_88c4cff9ad4f1665", "004_db171f4863068d5a"]
    assert not any(isinstance(item, Reject) for item in items)
