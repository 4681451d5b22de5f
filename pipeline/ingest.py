"""Ingest stage: every input under the corpus folder becomes an article or a reject with a reason.

Inputs are files (``.txt``, ``.html``/``.htm``, ``.json``), the non-blank lines of ``.jsonl`` files and the
URLs listed in ``.urls`` files, so ``articles + rejects == inputs`` always holds. ``iter_corpus`` streams the
results in a deterministic order (depth-first, names sorted) so that no stage holds the corpus in memory.
Hidden files (names starting with a dot) and the fetch cache are not inputs.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from pipeline.dates import parse_published
from pipeline.decoding import decode_bytes
from pipeline.fetch import FetchError, FetchSettings, check_url, fetch_cached
from pipeline.htmlpage import HtmlSettings, parse_html
from pipeline.jsonrecords import Record, iter_json, iter_jsonl
from pipeline.model import Article, Reject, sorted_jsonl_writer
from pipeline.params import ConfigError, stage_params
from pipeline.progress import stage_progress
from pipeline.plaintext import PageText, parse_plain_text
from pipeline.rejection import InputRejected

FORMATS = {
    ".txt": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".urls": "urls",
}
URL_SLUG_CHARS = 60


@dataclass(frozen=True, kw_only=True)
class IngestSettings:
    """The ``ingest`` section of params.yaml; every key is also a command-line option."""

    max_bytes: int = field(default=20_000_000, metadata={"help": "larger files (and JSONL lines) are rejected"})
    min_html_chars: int = field(default=100, metadata={"help": "HTML with less article text is rejected"})
    fetch_timeout: float = field(default=10.0, metadata={"help": "seconds to connect, and to receive a response"})
    fetch_max_bytes: int = field(default=5_000_000, metadata={"help": "larger responses are rejected"})
    fetch_max_redirects: int = field(default=5, metadata={"help": "longer redirect chains are rejected"})
    allow_private: bool = field(default=False, metadata={"help": "allow fetching loopback/private addresses"})
    retry_failed_fetches: bool = field(default=False, metadata={"help": "refetch URLs whose failure is cached"})

    def fetch(self) -> FetchSettings:
        return FetchSettings(
            timeout=self.fetch_timeout,
            max_bytes=self.fetch_max_bytes,
            max_redirects=self.fetch_max_redirects,
            allow_private=self.allow_private,
            retry_failed=self.retry_failed_fetches,
        )

    def html(self) -> HtmlSettings:
        return HtmlSettings(min_text_chars=self.min_html_chars)


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    source: str
    article_id: str


def fetched_pages_folder(corpus: Path, cache: Path | None) -> Path:
    """Where fetched pages are kept: ``cache``, by default the corpus's own ``cache`` folder (never read as input)."""
    return Path(cache) if cache is not None else Path(corpus) / "cache"


def iter_corpus(
    corpus: Path, *, cache: Path | None = None, settings: IngestSettings = IngestSettings()
) -> Iterator[Article | Reject]:
    """One article or reject per input; the same text under a second name becomes a duplicate reject."""
    corpus = Path(corpus)
    cache = fetched_pages_folder(corpus, cache)
    first_id_of_text: dict[str, str] = {}
    source_of_id: dict[str, str] = {}
    for entry in walk_corpus(corpus, skip=cache):
        items = [entry] if isinstance(entry, Reject) else read_file(entry, cache=cache, settings=settings)
        for item in items:
            if isinstance(item, Article):
                if item.sha256 in first_id_of_text:
                    item = Reject(item.source, f"duplicate of {first_id_of_text[item.sha256]}")
                elif item.id in source_of_id:
                    item = Reject(item.source, f"duplicate id {item.id} (already used by {source_of_id[item.id]})")
                else:
                    first_id_of_text[item.sha256] = item.id
                    source_of_id[item.id] = item.source
            yield item


def walk_corpus(corpus: Path, *, skip: Path) -> Iterator[CorpusFile | Reject]:
    """Files under ``corpus``, depth-first with names sorted; hidden files and ``skip`` are left out.

    Symbolic links are followed, but a link back into a folder being walked is a reject, not a loop.
    """
    yield from _walk(Path(corpus), Path(corpus), os.path.realpath(skip), (os.path.realpath(corpus),))


def _walk(folder: Path, corpus: Path, skip_real: str, ancestors: tuple[str, ...]) -> Iterator[CorpusFile | Reject]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        yield Reject(_relative(folder, corpus), f"unreadable folder: {error.strerror}")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        source = _relative(path, corpus)
        real = os.path.realpath(path)
        if real == skip_real:
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            yield Reject(source, "broken symlink" if error.errno == errno.ENOENT else _os_error_reason(error))
            continue
        if stat.S_ISDIR(mode) and real in ancestors:
            yield Reject(source, "symlink loop")
        elif stat.S_ISDIR(mode):
            yield from _walk(path, corpus, skip_real, (*ancestors, real))
        elif stat.S_ISREG(mode):
            yield CorpusFile(path=path, source=source, article_id=Path(source).with_suffix("").as_posix())
        else:
            yield Reject(source, f"not a regular file (mode {mode:o})")


def _relative(path: Path, corpus: Path) -> str:
    return path.relative_to(corpus).as_posix()


def _os_error_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    return f"unreadable: {error.strerror}"


def read_file(entry: CorpusFile, *, cache: Path, settings: IngestSettings) -> Iterator[Article | Reject]:
    """The articles and rejects of one corpus file; a reader failure becomes a reject, never a crash."""
    suffix = entry.path.suffix.lower()
    file_format = FORMATS.get(suffix)
    if file_format is None:
        yield Reject(entry.source, f"unknown extension {suffix}" if suffix else "no file extension")
        return
    try:
        if file_format == "jsonl":
            yield from _read_jsonl(entry, settings=settings)
        elif file_format == "urls":
            yield from _read_urls(entry, cache=cache, settings=settings)
        elif file_format == "json":
            data = _read_bytes(entry.path, max_bytes=settings.max_bytes)
            for record in iter_json(data, html=settings.html()):
                yield _record_item(entry, record, file_format)
        else:
            data = _read_bytes(entry.path, max_bytes=settings.max_bytes)
            page = parse_html(data, settings=settings.html()) if file_format == "html" else parse_plain_text(decode_bytes(data))
            yield _article(entry.article_id, entry.source, file_format, page)
    except InputRejected as rejected:
        yield Reject(entry.source, rejected.reason)
    except OSError as error:
        yield Reject(entry.source, _os_error_reason(error))
    except Exception as error:  # a reader bug must not end the run: the input is reported instead
        yield Reject(entry.source, f"internal error: {type(error).__name__}: {error}")


def _read_bytes(path: Path, *, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputRejected(f"too large: {size} bytes (limit {max_bytes})")
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputRejected(f"too large: more than {max_bytes} bytes")
    if not data:
        raise InputRejected("empty file")
    return data


def _read_jsonl(entry: CorpusFile, *, settings: IngestSettings) -> Iterator[Article | Reject]:
    records = 0
    with open(entry.path, "rb") as handle:
        for record in iter_jsonl(handle, max_line_bytes=settings.max_bytes, html=settings.html()):
            records += 1
            yield _record_item(entry, record, "jsonl")
    if not records:
        raise InputRejected("empty file" if entry.path.stat().st_size == 0 else "no records (only blank lines)")


def _record_item(entry: CorpusFile, record: Record, file_format: str) -> Article | Reject:
    source = entry.source if record.number is None else f"{entry.source}:{record.number}"
    if record.page is None:
        return Reject(source, record.reason or "unreadable record")
    numbered_id = entry.article_id if record.number is None else f"{entry.article_id}:{record.number}"
    return _article(record.record_id or numbered_id, source, file_format, record.page)


def _read_urls(entry: CorpusFile, *, cache: Path, settings: IngestSettings) -> Iterator[Article | Reject]:
    text = decode_bytes(_read_bytes(entry.path, max_bytes=settings.max_bytes))
    urls = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not urls:
        raise InputRejected("no URLs in file")
    for url in urls:
        yield fetch_article(url, cache=cache, settings=settings)


def fetch_article(url: str, *, cache: Path, settings: IngestSettings) -> Article | Reject:
    """The article at ``url``, fetched through the cache, or a reject with the HTTP status or error."""
    try:
        fetched = fetch_cached(check_url(url), cache=cache, settings=settings.fetch())
        if fetched.content_type == "text/plain":
            page = parse_plain_text(decode_bytes(fetched.body))
        else:
            page = parse_html(fetched.body, url=fetched.final_url, settings=settings.html())
    except (FetchError, InputRejected) as failure:
        return Reject(url, failure.reason)
    except Exception as error:  # a fetch or reader bug must not end the run
        return Reject(url, f"internal error: {type(error).__name__}: {error}")
    return _article(url_article_id(url), url, "url", replace(page, url=page.url or fetched.final_url))


def url_article_id(url: str) -> str:
    """A readable slug of the URL's host and path plus a short hash of the whole URL."""
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"^https?://(www\.)?", "", url.lower())).strip("-")
    return f"{slug[:URL_SLUG_CHARS].rstrip('-')}_{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"


def _article(article_id: str, source: str, file_format: str, page: PageText) -> Article:
    return Article(
        id=article_id,
        source=source,
        text=unicodedata.normalize("NFC", page.text),
        format=file_format,
        title=page.title,
        author=page.author,
        published=parse_published(page.published) if page.published else None,
        url=page.url,
    )


def run_ingest(
    corpus: Path, articles_path: Path, rejects_path: Path, *, cache: Path | None = None,
    settings: IngestSettings = IngestSettings(),
) -> tuple[int, int]:
    """Write articles.jsonl and rejects.jsonl (each sorted, written atomically); return their row counts.

    Rows are streamed to scratch files as they come, so memory does not grow with the articles' text.
    """
    if not Path(corpus).is_dir():
        raise ConfigError(f"corpus folder not found: {corpus}")
    with stage_progress("ingest", total=None, unit="inputs") as progress:
        with sorted_jsonl_writer(articles_path) as articles, sorted_jsonl_writer(rejects_path) as rejects:
            for item in progress.track(iter_corpus(corpus, cache=cache, settings=settings)):
                (articles if isinstance(item, Article) else rejects).add(item)
        progress.counts.update(articles=articles.count, rejects=rejects.count)
    return progress.counts["articles"], progress.counts["rejects"]


def build_parser(defaults: dict) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder with the input files")
    parser.add_argument("--articles", type=Path, required=True, help="output: articles JSON Lines")
    parser.add_argument("--rejects", type=Path, required=True, help="output: rejects JSON Lines")
    parser.add_argument("--cache", type=Path, help="fetched-page cache (default: <corpus>/cache)")
    parser.add_argument("--params", type=Path, default=Path("params.yaml"), help="parameters file (section ingest)")
    for setting in fields(IngestSettings):
        option = "--" + setting.name.replace("_", "-")
        default = defaults.get(setting.name, setting.default)
        if setting.type == "bool":
            parser.add_argument(option, action=argparse.BooleanOptionalAction, default=default, help=setting.metadata["help"])
        else:
            kind = float if setting.type == "float" else int
            parser.add_argument(option, type=kind, default=default, help=setting.metadata["help"] + " (default: %(default)s)")
    return parser


def main(argv: list[str]) -> int:
    try:
        params_path = build_parser({}).parse_known_args(argv)[0].params
        defaults = stage_params(params_path, "ingest")
        unknown = sorted(set(defaults) - {f.name for f in fields(IngestSettings)})
        if unknown:
            raise ConfigError(f"{params_path}: unknown ingest parameters: {', '.join(unknown)}")
        args = build_parser(defaults).parse_args(argv)
        settings = IngestSettings(**{f.name: getattr(args, f.name) for f in fields(IngestSettings)})
        run_ingest(args.corpus, args.articles, args.rejects, cache=args.cache, settings=settings)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
