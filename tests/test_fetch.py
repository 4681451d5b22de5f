"""Fetching: a local HTTP server started by the tests plays every way a web server can fail."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.fetch import FetchError, FetchSettings, fetch, fetch_cached
from pipeline.ingest import IngestSettings, iter_corpus, url_article_id
from pipeline.model import Article, Reject

TIMEOUT = 0.5
LIMIT = 1_000_000
ARTICLE_TEXT = (
    "Die Stadtwerke Musterstadt haben einen Windpark an der Küste gekauft. Der Kaufpreis liegt bei rund 45 Millionen Euro. "
    "Der Windpark besteht aus zwölf Anlagen und soll ab dem kommenden Jahr rund 30.000 Haushalte mit Strom versorgen."
)
ARTICLE = f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Windpark gekauft</title>
<meta property="article:published_time" content="2025-03-14T09:30:00+01:00"></head>
<body><nav><a href="/">Startseite</a></nav><article><p>{ARTICLE_TEXT}</p></article></body></html>""".encode("utf-8")
PLAIN = "Kurzmeldung\n\nDie Muster AG kauft die Beispiel GmbH für 20 Millionen Euro, teilte das Unternehmen mit.\n"
GZIP_BOMB = gzip.compress(bytes(20 * LIMIT), compresslevel=9)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        route = self.path.split("?")[0]
        if route == "/article":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif route == "/same-article":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif route == "/gzip":
            self._send(200, "text/html; charset=utf-8", gzip.compress(ARTICLE), {"Content-Encoding": "gzip"})
        elif route == "/plain":
            self._send(200, "text/plain; charset=utf-8", PLAIN.encode("utf-8"))
        elif route == "/moved":
            self._send(301, "text/html", b"", {"Location": "/article"})
        elif route == "/loop":
            self._send(302, "text/html", b"", {"Location": "/loop"})
        elif route == "/to-ftp":
            self._send(302, "text/html", b"", {"Location": "ftp://dateien.example/x"})
        elif route == "/slow":
            time.sleep(4 * TIMEOUT)
            self._send(200, "text/html", ARTICLE)
        elif route == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65_000 + b"</p>"
            for _ in range(3 * LIMIT // len(chunk)):
                self.wfile.write(chunk)
        elif route == "/huge-declared":
            self._send(200, "text/html", b"x" * 10, {"Content-Length": str(3 * LIMIT)}, length=False)
        elif route == "/bomb":
            self._send(200, "text/html", GZIP_BOMB, {"Content-Encoding": "gzip"})
        elif route == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100))
        elif route == "/error":
            self.send_error(500)
        else:
            self.send_error(404)

    def _send(self, status: int, content_type: str, body: bytes, headers: dict | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOOPBACK_OK = FetchSettings(timeout=TIMEOUT, max_bytes=LIMIT, max_redirects=3, allow_private=True)


def test_loopback_is_refused_unless_opted_in(server: str) -> None:
    with pytest.raises(FetchError) as refused:
        fetch(f"{server}/article", settings=FetchSettings(timeout=TIMEOUT))
    assert refused.value.reason == "blocked non-public address 127.0.0.1"
    assert fetch(f"{server}/article", settings=LOOPBACK_OK).body == ARTICLE


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("/slow", "timed out after 0.5 s"),
        ("/huge", "response too large (limit 1000000 bytes)"),
        ("/huge-declared", "response too large (limit 1000000 bytes)"),
        ("/bomb", "response too large after decompression (limit 1000000 bytes)"),
        ("/loop", "too many redirects (limit 3)"),
        ("/to-ftp", "unsupported URL scheme ftp"),
        ("/missing", "HTTP 404 Not Found"),
        ("/error", "HTTP 500 Internal Server Error"),
        ("/image", "unsupported content type image/png"),
    ],
)
def test_each_failure_has_its_reason(server: str, route: str, reason: str) -> None:
    with pytest.raises(FetchError) as failed:
        fetch(f"{server}{route}", settings=LOOPBACK_OK)
    assert failed.value.reason == reason


def test_redirects_and_gzip_are_followed_and_decoded(server: str) -> None:
    moved = fetch(f"{server}/moved", settings=LOOPBACK_OK)
    assert (moved.final_url, moved.status, moved.body) == (f"{server}/article", 200, ARTICLE)
    assert fetch(f"{server}/gzip", settings=LOOPBACK_OK).body == ARTICLE


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "unsupported URL scheme file"),
        ("keine-adresse", "not a URL"),
        ("http://[::1]:9/", "blocked non-public address ::1"),
        ("http://169.254.169.254/latest/meta-data", "blocked non-public address 169.254.169.254"),
        ("http://10.0.0.1/", "blocked non-public address 10.0.0.1"),
    ],
)
def test_forbidden_targets_are_refused_without_connecting(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as refused:
        fetch(url, settings=FetchSettings(timeout=TIMEOUT))
    assert refused.value.reason == reason


def test_url_article_ids_are_a_slug_and_a_short_hash() -> None:
    assert url_article_id("https://www.zeitung.example/wirtschaft/windpark-kauf?seite=2") == (
        "zeitung-example-wirtschaft-windpark-kauf-seite-2_20a081d1"
    )


def test_url_lists_become_articles_and_rejects_and_a_rerun_is_offline(tmp_path: Path) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    corpus, cache = tmp_path / "corpus", tmp_path / "corpus" / "cache"
    corpus.mkdir()
    urls = ["/article", "/same-article", "/plain", "/missing", "/image"]
    (corpus / "pages.urls").write_text("".join(f"{base}{u}\n" for u in urls), encoding="utf-8")
    settings = IngestSettings(fetch_timeout=TIMEOUT, fetch_max_bytes=LIMIT, allow_private=True)

    first = list(iter_corpus(corpus, cache=None, settings=settings))
    httpd.shutdown()
    httpd.server_close()
    second = list(iter_corpus(corpus, cache=None, settings=settings))

    assert first == second
    article_id = url_article_id(f"{base}/article")
    assert [type(item) for item in first] == [Article, Reject, Article, Reject, Reject]
    article, duplicate, plain, missing, image = first
    assert (article.id, article.source, article.format, article.title, article.published, article.url) == (
        article_id, f"{base}/article", "url", "Windpark gekauft", "2025-03-14T09:30", f"{base}/article",
    )
    assert article.text == "Windpark gekauft\n\n" + ARTICLE_TEXT
    assert duplicate == Reject(f"{base}/same-article", f"duplicate of {article_id}")
    assert (plain.title, plain.text) == (
        "Kurzmeldung", "Kurzmeldung\n\nDie Muster AG kauft die Beispiel GmbH für 20 Millionen Euro, teilte das Unternehmen mit."
    )
    assert missing == Reject(f"{base}/missing", "HTTP 404 Not Found")
    assert image == Reject(f"{base}/image", "unsupported content type image/png")

    # content-addressed: the two identical pages share one body file, named by its SHA-256
    bodies = sorted(p.name for p in (cache / "bodies").iterdir())
    assert bodies == sorted({hashlib.sha256(ARTICLE).hexdigest(), hashlib.sha256(PLAIN.encode("utf-8")).hexdigest()})
    assert len(list((cache / "urls").iterdir())) == 5
    entry = json.loads((cache / "urls" / f"{hashlib.sha256(f'{base}/missing'.encode()).hexdigest()}.json").read_text())
    assert entry == {"error": "HTTP 404 Not Found", "url": f"{base}/missing"}


def test_cached_failures_are_retried_only_on_request(server: str, tmp_path: Path) -> None:
    url = f"{server}/error"
    with pytest.raises(FetchError):
        fetch_cached(url, cache=tmp_path, settings=LOOPBACK_OK)
    entry = next((tmp_path / "urls").iterdir())
    entry.write_text(json.dumps({"error": "HTTP 503 Service Unavailable", "url": url}), encoding="utf-8")
    with pytest.raises(FetchError) as cached:
        fetch_cached(url, cache=tmp_path, settings=LOOPBACK_OK)
    assert cached.value.reason == "HTTP 503 Service Unavailable"
    retry = FetchSettings(timeout=TIMEOUT, max_bytes=LIMIT, allow_private=True, retry_failed=True)
    with pytest.raises(FetchError) as fresh:
        fetch_cached(url, cache=tmp_path, settings=retry)
    assert fresh.value.reason == "HTTP 500 Internal Server Error"
