"""Ingest: plain text, HTML, JSON records, the bad-input corpus and the count identity."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.decoding import decode_bytes
from pipeline.ingest import IngestSettings, iter_corpus, main
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
    assert minimax["text"].startswith(
        "Vergeben Sie zusätzliche Optionsrechte im Wert von einer Million US-Dollar. MiniMax definiert das Profil"
        " der Talente.\n\nJeder technologische Sprung wird von einer Aktualisierung"
    )
    assert "StartseiteArtikel" not in minimax["text"]
    assert "晓曦" not in minimax["text"]
    assert sorted(minimax) == ["author", "format", "id", "published", "sha256", "source", "text", "title", "url"]

    meta = articles["004_db171f4863068d5a"]
    assert meta["title"] == "Milliardenangebot von Meta-CEO Mark Zuckerberg"
    assert meta["author"] is None
    assert meta["published"] is None
    assert meta["url"] == "https://vietnamnet.vn/nguoi-tu-choi-1-ty-usd-cua-mark-zuckerberg-2428207.html"
    assert meta["text"].startswith(
        "Milliardenangebot von Meta-CEO Mark Zuckerberg\n\nUm im Wettlauf um die Entwicklung generativer KI aufzuholen"
    )
    assert meta["text"].endswith("dennoch von jugendlichen Schülern geschlagen.")
    assert "3lbl71ki.png" not in meta["text"]
    assert "Mark Zuckerberg (links) und Mira Murati. Foto: WSJ" in meta["text"]
    assert "Quelle:" not in meta["text"]


def test_plain_text_paragraphs_are_joined_with_one_blank_line() -> None:
    page = parse_plain_text("Startseite\n\nEin kurzer Titel\n\n\n\nErster Absatz,\nzweite Zeile.\n\n\nZweiter Absatz.\n")
    assert page.title == "Ein kurzer Titel"
    assert page.text == "Ein kurzer Titel\n\nErster Absatz,\nzweite Zeile.\n\nZweiter Absatz."


def test_german_bylines_give_author_and_raw_date() -> None:
    page = parse_plain_text("Die Überschrift\n\nVon Anna Beispiel, 03.04.2025 14:30 Uhr\n\nDer Text des Artikels.")
    assert (page.title, page.author, page.published) == ("Die Überschrift", "Anna Beispiel", "03.04.2025 14:30 Uhr")
    assert page.text == "Die Überschrift\n\nDer Text des Artikels."


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


# ---------------------------------------------------------------- the bad-input corpus

BAD_CORPUS = REPO / "tests" / "bad_corpus"
FIFTY_MB = 50 * 1024 * 1024
TWO_MB = 2 * 1024 * 1024
SENTENCE = "Die Gemeinde baut eine neue Schule für zehn Millionen Euro. "

EXPECTED_REJECTS = {
    "binary.txt": "binary data",
    "broken.json": "invalid JSON: Expecting ',' delimiter at line 2 column 1",
    "dangling.txt": "broken symlink",
    "deep.json": "invalid JSON: nested too deeply",
    "deeply_nested.html": "HTML nested too deeply (more than 255 levels)",
    "duplicate_b.txt": "duplicate of duplicate_a",
    "empty.txt": "empty file",
    "empty_list.urls": "no URLs in file",
    "ftp://dateien.example/bericht.txt": "unsupported URL scheme ftp",
    "http://127.0.0.1:9/intern": "blocked non-public address 127.0.0.1",
    "huge.txt": f"too large: {FIFTY_MB} bytes (limit 20000000)",
    "image.html": "binary data",
    "keine-adresse": "not a URL",
    "list.json:2": "record has neither text nor html",
    "loop": "symlink loop",
    "no_article.html": "no article text in HTML",
    "no_extension": "no file extension",
    "not_html.html": "unparseable HTML",
    "notes.docx": "unknown extension .docx",
    "records.jsonl:3": "invalid JSON: Unterminated string starting at column 10",
    "records.jsonl:5": "record has neither text nor html",
    "records.jsonl:6": "record is not a JSON object",
    "records.jsonl:7": "field text is not a string",
    "self_loop.txt": "symlink loop",
    "unreadable.txt": "unreadable: Permission denied",
    "whitespace_only.txt": "whitespace only",
}
EXPECTED_ARTICLES = {
    "article.html": "article",
    "duplicate_a.txt": "duplicate_a",
    "latin1.txt": "latin1",
    "list.json:1": "list:1",
    "long_line.txt": "long_line",
    "mixed_encodings.txt": "mixed_encodings",
    "nested/sub_article.txt": "nested/sub_article",
    "records.jsonl:1": "kurz-1",
    "records.jsonl:2": "records:2",
    "records.jsonl:8": "records:8",
    "undated_article.html": "undated_article",
    "utf16_bom.txt": "utf16_bom",
    "windows1252.txt": "windows1252",
}


def count_inputs(corpus: Path) -> int:
    """Inputs as the README defines them: each file, each non-blank JSONL line, each listed URL, each JSON list item."""
    total = 0
    for path in sorted(corpus.rglob("*")):
        if path.is_symlink() or not path.is_file() or not os.access(path, os.R_OK) or path.stat().st_size > 20_000_000:
            total += not path.is_dir() or path.is_symlink()
        elif path.suffix == ".jsonl":
            total += sum(1 for line in path.read_bytes().splitlines() if line.strip())
        elif path.suffix == ".urls":
            total += max(1, sum(1 for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")))
        elif path.suffix == ".json" and path.read_text().lstrip().startswith("["):
            total += len(json.loads(path.read_text()))
        else:
            total += 1
    return total


def _drop_file_permissions_prefix() -> list[str]:
    """Root reads any file; without the capabilities that allow that, a mode-000 file is unreadable for it too."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a permission-denied file cannot be made")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture
def bad_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(BAD_CORPUS, corpus)
    with open(corpus / "huge.txt", "wb") as huge:
        block = (SENTENCE * 1000).encode("utf-8")[: 1024 * 64]
        for _ in range(FIFTY_MB // len(block)):
            huge.write(block)
        huge.write(b"x" * (FIFTY_MB - huge.tell()))
    (corpus / "long_line.txt").write_text((SENTENCE * (TWO_MB // len(SENTENCE) + 1))[:TWO_MB], encoding="utf-8")
    (corpus / "loop").symlink_to(".")
    (corpus / "self_loop.txt").symlink_to("self_loop.txt")
    (corpus / "dangling.txt").symlink_to("missing.txt")
    unreadable = corpus / "unreadable.txt"
    unreadable.write_text("Diese Datei darf niemand lesen.\n", encoding="utf-8")
    unreadable.chmod(0)
    return corpus


def test_every_bad_input_becomes_an_article_or_a_reject_with_its_reason(bad_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [*_drop_file_permissions_prefix(), sys.executable, "-m", "pipeline", "ingest", "--corpus", str(bad_corpus),
               "--articles", str(out / "articles.jsonl"), "--rejects", str(out / "rejects.jsonl"),
               "--cache", str(tmp_path / "cache"), "--params", str(tmp_path / "no-params.yaml")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    rejects = {row["source"]: row["reason"] for row in read_jsonl(out / "rejects.jsonl")}
    articles = {row["source"]: row for row in read_jsonl(out / "articles.jsonl")}

    assert rejects == EXPECTED_REJECTS
    assert {source: row["id"] for source, row in articles.items()} == EXPECTED_ARTICLES
    assert len(articles) + len(rejects) == count_inputs(bad_corpus) == 39
    assert re.fullmatch(r"ingest: 39 inputs, 13 articles, 26 rejects in \d+\.\d s \(\d+\.\d inputs/s\)\n", done.stdout)

    assert articles["utf16_bom.txt"]["text"] == "Übernahme in Köln\n\nDie Stadtwerke Köln übernehmen einen Solarpark für 12 Millionen Euro."
    assert articles["windows1252.txt"]["title"] == "Bäckerei wächst"
    assert articles["windows1252.txt"]["text"] == "Bäckerei wächst\n\nDie Bäckerei Müller eröffnet „zwei neue Filialen“ – Kosten: 300.000 €."
    assert articles["latin1.txt"]["text"] == "Größte Brücke\n\nDie Brücke über die Weißach kostet 4 Millionen Euro, sagt der Bürgermeister."
    assert articles["mixed_encodings.txt"]["text"] == (
        "Gemischte Kodierung\n\n"
        "Diese Zeile ist UTF-8 mit Umlauten: Grüße aus Düsseldorf.\n"
        "Diese Zeile ist Windows-1252: Grüße aus Nürnberg für 5 €."
    )
    assert len(articles["long_line.txt"]["text"]) == len((SENTENCE * 40000)[:TWO_MB].strip())
    assert articles["records.jsonl:1"] | {"sha256": ""} == {
        "author": None, "format": "jsonl", "id": "kurz-1", "published": "2025-05-02", "sha256": "",
        "source": "records.jsonl:1", "text": "Die Muster AG erhöht ihr Kapital um 3 Millionen Euro.",
        "title": "Kapitalerhöhung", "url": "https://zeitung.example/kapital",
    }
    assert articles["records.jsonl:8"]["published"] == "2025-06-03"
    assert articles["records.jsonl:8"]["text"].startswith("Die Musterbank eröffnet eine Filiale in Leipzig")


def test_html_metadata_and_no_date_invented_from_a_copyright_footer() -> None:
    import trafilatura

    from pipeline.htmlpage import parse_html

    page = parse_html((BAD_CORPUS / "article.html").read_bytes())
    assert (page.title, page.author, page.published, page.url) == (
        "Stadtwerke kaufen Windpark", "Erika Beispiel", "2025-03-14T09:30:00+01:00",
        "https://zeitung.example/wirtschaft/windpark",
    )
    assert "Der Kaufpreis liegt nach Angaben des Unternehmens bei rund 45 Millionen Euro." in page.text
    assert "Startseite" not in page.text and "©" not in page.text

    undated = (BAD_CORPUS / "undated_article.html").read_bytes()
    # trafilatura's own date search takes the footer's "© 2025" for a publication date
    assert trafilatura.bare_extraction(undated, with_metadata=True).date == "2025-01-01"
    assert parse_html(undated).published is None


def test_a_missing_lead_that_is_the_visible_meta_description_is_put_back() -> None:
    from pipeline.htmlpage import parse_html

    lead = "Der Landkreis saniert bis zum Herbst alle Brücken an der Kreisstraße und sperrt sie dafür nacheinander."
    html = f"""<html><head><meta name="description" content="{lead}"><title>Brücken</title></head><body>
    <header><h1>Brücken werden saniert</h1><p class="teaser">{lead}</p></header>
    <main><article><p>{SENTENCE * 4}</p><p>Die Arbeiten beginnen im April und dauern voraussichtlich sechs Monate.</p></article></main>
    </body></html>"""
    text = parse_html(html.encode("utf-8")).text
    assert text.startswith("Brücken werden saniert\n\n" + lead + "\n\n")
    assert text.count(lead) == 1


def test_a_jsonl_line_over_the_size_limit_is_rejected_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"text": "Erster kurzer Satz über eine Firma."}), json.dumps({"text": "x" * 5000}),
             json.dumps({"text": "Dritter kurzer Satz über eine Bank."})]
    (corpus / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_corpus(corpus, cache=None, settings=IngestSettings(max_bytes=1000)))
    assert items == [
        Article(id="lines:1", source="lines.jsonl:1", text="Erster kurzer Satz über eine Firma.", format="jsonl"),
        Reject("lines.jsonl:2", "too large: line longer than 1000 bytes"),
        Article(id="lines:3", source="lines.jsonl:3", text="Dritter kurzer Satz über eine Bank.", format="jsonl"),
    ]


def test_same_stem_twice_keeps_the_first_and_rejects_the_second(tmp_path: Path) -> None:
    (tmp_path / "bericht.txt").write_text("Ein Bericht über den Hafen in Kiel.", encoding="utf-8")
    (tmp_path / "bericht.json").write_text(json.dumps({"text": "Ein anderer Bericht über Rostock."}), encoding="utf-8")
    assert list(iter_corpus(tmp_path, cache=None)) == [
        Article(id="bericht", source="bericht.json", text="Ein anderer Bericht über Rostock.", format="json"),
        Reject("bericht.txt", "duplicate id bericht (already used by bericht.json)"),
    ]


def test_missing_corpus_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--corpus", str(tmp_path / "nowhere"), "--articles", str(tmp_path / "a.jsonl"),
                 "--rejects", str(tmp_path / "r.jsonl")])
    assert code == 2
    assert capsys.readouterr().err == f"error: corpus folder not found: {tmp_path / 'nowhere'}\n"


def test_limits_come_from_params_yaml_and_the_command_line_overrides_them(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kurz.txt").write_text("Ein Satz über die Stadtwerke Kiel und ihren neuen Windpark.", encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text("ingest:\n  max_bytes: 20\n", encoding="utf-8")
    outputs = ["--articles", str(tmp_path / "a.jsonl"), "--rejects", str(tmp_path / "r.jsonl")]

    assert main(["--corpus", str(corpus), "--params", str(params), *outputs]) == 0
    assert list(read_jsonl(tmp_path / "r.jsonl")) == [{"reason": "too large: 60 bytes (limit 20)", "source": "kurz.txt"}]

    assert main(["--corpus", str(corpus), "--params", str(params), "--max-bytes", "100", *outputs]) == 0
    assert [row["id"] for row in read_jsonl(tmp_path / "a.jsonl")] == ["kurz"]


def test_an_unknown_parameter_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    params = tmp_path / "params.yaml"
    params.write_text("ingest:\n  max_megabytes: 20\n", encoding="utf-8")
    code = main(["--corpus", str(SEED_CORPUS), "--params", str(params), "--articles", str(tmp_path / "a.jsonl"),
                 "--rejects", str(tmp_path / "r.jsonl")])
    assert code == 2
    assert capsys.readouterr().err == f"error: {params}: unknown ingest parameters: max_megabytes\n"
