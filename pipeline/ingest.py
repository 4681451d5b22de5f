"""Ingest stage: every input under the corpus folder becomes an article or a reject with a reason.

Inputs are files (``.txt``, ``.html``/``.htm``, ``.json``), lines of ``.jsonl`` files and URLs listed in
``.urls`` files; ``articles + rejects == inputs`` always holds. ``iter_corpus`` streams the results in a
deterministic order (depth-first, names sorted) so later stages need not hold the corpus in memory.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pipeline.decoding import decode_bytes
from pipeline.model import Article, Reject, write_jsonl
from pipeline.params import ConfigError, stage_params
from pipeline.plaintext import PageText, parse_plain_text
from pipeline.rejection import InputRejected

DEFAULT_MAX_BYTES = 20_000_000
FORMATS = {".txt": "txt"}


@dataclass(frozen=True, kw_only=True)
class IngestSettings:
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    source: str
    article_id: str


def iter_corpus(
    corpus: Path, *, cache: Path | None = None, settings: IngestSettings = IngestSettings()
) -> Iterator[Article | Reject]:
    """Yield one article or reject per input; the same text under a second name becomes a duplicate reject."""
    corpus = Path(corpus)
    cache = Path(cache) if cache is not None else corpus / "cache"
    first_id_of_text: dict[str, str] = {}
    source_of_id: dict[str, str] = {}
    for entry in walk_corpus(corpus, skip=cache):
        items = [entry] if isinstance(entry, Reject) else read_file(entry, settings=settings)
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
    skip_real = os.path.realpath(skip)
    yield from _walk(corpus, corpus, skip_real, (os.path.realpath(corpus),))


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
            is_dir = path.is_dir()
            is_file = path.is_file()
        except OSError as error:
            yield Reject(source, _os_error_reason(error))
            continue
        if is_dir:
            if real in ancestors:
                yield Reject(source, "symlink loop")
            else:
                yield from _walk(path, corpus, skip_real, (*ancestors, real))
        elif is_file:
            yield CorpusFile(path=path, source=source, article_id=str(Path(source).with_suffix("").as_posix()))
        elif path.is_symlink():
            yield Reject(source, _broken_link_reason(path))
        else:
            yield Reject(source, "not a regular file")


def _relative(path: Path, corpus: Path) -> str:
    return path.relative_to(corpus).as_posix()


def _broken_link_reason(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as error:
        return _os_error_reason(error)
    return "broken symlink"


def _os_error_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno == errno.ENOENT:
        return "broken symlink"
    return f"unreadable: {error.strerror}"


def read_file(entry: CorpusFile, *, settings: IngestSettings) -> Iterator[Article | Reject]:
    suffix = entry.path.suffix.lower()
    file_format = FORMATS.get(suffix)
    if file_format is None:
        yield Reject(entry.source, f"unknown extension {suffix}" if suffix else "no file extension")
        return
    try:
        data = _read_bytes(entry.path, max_bytes=settings.max_bytes)
        page = parse_plain_text(decode_bytes(data))
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


def _article(article_id: str, source: str, file_format: str, page: PageText) -> Article:
    return Article(
        id=article_id,
        source=source,
        text=page.text,
        format=file_format,
        title=page.title,
        author=page.author,
        published=normalise_published(page.published),
        url=page.url,
    )


def normalise_published(raw: str | None) -> str | None:
    # TEMPORARY until pipeline.dates.parse_published lands
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.strip()).isoformat(timespec="minutes")
    except ValueError:
        return None


def build_parser(defaults: dict) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline ingest", description=__doc__.splitlines()[0])
    parser.set_defaults(**defaults)
    parser.add_argument("--corpus", type=Path, required=True, help="folder with the input files")
    parser.add_argument("--articles", type=Path, required=True, help="output: articles JSON Lines")
    parser.add_argument("--rejects", type=Path, required=True, help="output: rejects JSON Lines")
    parser.add_argument("--cache", type=Path, help="fetched-page cache (default: <corpus>/cache)")
    parser.add_argument("--params", type=Path, default=Path("params.yaml"), help="parameters file (section ingest)")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="larger input files are rejected")
    return parser


def main(argv: list[str]) -> int:
    try:
        params_path = build_parser({}).parse_known_args(argv)[0].params
        args = build_parser(stage_params(params_path, "ingest")).parse_args(argv)
        if not args.corpus.is_dir():
            raise ConfigError(f"corpus folder not found: {args.corpus}")
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    settings = IngestSettings(max_bytes=args.max_bytes)
    articles: list[Article] = []
    rejects: list[Reject] = []
    for item in iter_corpus(args.corpus, cache=args.cache, settings=settings):
        (articles if isinstance(item, Article) else rejects).append(item)
    write_jsonl(args.articles, articles)
    write_jsonl(args.rejects, rejects)
    print(f"ingest: {len(articles)} articles, {len(rejects)} rejects from {args.corpus}")
    return 0
