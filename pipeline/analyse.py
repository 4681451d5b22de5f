"""Stage ``analyse``: language, entities and money events of every article in one pass, cached per article.

The same per-article code as the ``detect``, ``extract`` and ``events`` stages, with the same output
bytes, but driven for speed and growing archives:

1. Articles stream from articles.jsonl in chunks. A chunk's articles whose result is in the result
   cache (``pipeline.cache``) are skipped; the rest go to an engine, which analyses them in this
   process, in local worker processes, or on a Dask cluster (``pipeline.distributed``). Each
   worker loads the spaCy pipelines once and keeps them for every chunk it gets. Only a bounded
   number of chunks is in flight, so memory does not grow with the corpus.
2. Every output is then written from the cache, streaming in article order: the cache holds each
   article's output lines as they are written, so a re-run reads and writes, and decodes nothing.

Without a cache folder a temporary one is used for the run, so the outputs take the same path.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from itertools import islice
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol, Sequence, TypeVar

from pipeline.cache import CachedResult, ResultCache, fingerprint
from pipeline.detect import LanguageSettings, detect_language
from pipeline.events import events_table, find_events
from pipeline.model import Article, Event, atomic_writer, dumps, from_record, sort_key, to_record, write_atomic
from pipeline.params import ConfigError, stage_params
from pipeline.progress import StageProgress, stage_progress
from pipeline.recognize import ExtractSettings, Extractor

ENGINES = ("local", "dask")
Item = TypeVar("Item")


@dataclass(frozen=True, kw_only=True)
class AnalyseSettings:
    """The ``analyse`` section of params.yaml: how results are computed, never what they are."""

    cache: str | None = ".cache/pipeline"
    engine: str = "local"
    n_process: int = 1
    scheduler: str | None = None
    chunk_size: int = 32

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r} (choose {' or '.join(ENGINES)})")
        if self.n_process < 1 or self.chunk_size < 1:
            raise ConfigError("n_process and chunk_size must be at least 1")


@dataclass(frozen=True)
class ResultSettings:
    """Everything that decides an article's result besides the article, the code and the models."""

    language: LanguageSettings
    extract: ExtractSettings


class Analyzer:
    """The per-article pipeline: detect, extract, events. One per process, reused for every chunk."""

    def __init__(self, settings: ResultSettings) -> None:
        self.settings = settings
        self.extractor = Extractor(settings=settings.extract)
        self._lock = threading.Lock()  # spaCy pipelines are not shared between threads

    def analyse(self, articles: Sequence[Article]) -> list[CachedResult]:
        with self._lock:
            verdicts = [detect_language(article, settings=self.settings.language) for article in articles]
            results = []
            for (article, entities), verdict in zip(self.extractor.entities(zip(articles, verdicts)), verdicts):
                events = sorted((to_record(e) for e in find_events(article, entities)), key=sort_key)
                results.append(CachedResult(_lines([to_record(verdict)]), _lines(map(to_record, entities)), _lines(events)))
            return results


def _lines(records: Iterable[dict[str, Any]]) -> str:
    return "".join(dumps(record) + "\n" for record in records)


def result_fingerprint(settings: ResultSettings) -> str:
    # the models folder's content is in the fingerprint, its path is not: a moved folder keeps its results
    return fingerprint(models=Path(settings.extract.models), settings=(settings.language, replace(settings.extract, models="")))


@lru_cache(maxsize=2)
def _analyzer(settings: ResultSettings, expected: str) -> Analyzer:
    # A worker whose code, models or libraries differ from the client's would cache wrong results
    found = result_fingerprint(settings)
    if found != expected:
        raise RuntimeError(f"this process's code, models or libraries differ from the run's ({found[:12]} != {expected[:12]})")
    return Analyzer(settings)


# Analysed once by ``warm_up``: a first article pays for what loads lazily (date and number parsers,
# language profiles, the pipelines' first batch), so it should not be a user's.
WARM_UP_ARTICLE = Article(
    id="warm-up",
    source="warm-up",
    format="text",
    published="2025-09-08",
    text="Die Beispiel AG bot der Muster GmbH im Juni dieses Jahres rund eine Milliarde Euro über sechs Jahre an. "
    "Sie lehnte das Angebot ab.",
)


def warm_up(settings: ResultSettings, analyse: AnalyseSettings) -> None:
    """Load this process's pipelines and analyse one article now, when later runs would analyse here."""
    if analyse.engine == "local":
        _analyzer(settings, result_fingerprint(settings)).analyse([WARM_UP_ARTICLE])


def analyse_articles(articles: Sequence[Article], settings: ResultSettings, expected: str) -> list[CachedResult]:
    """The results of a chunk of articles, with this process's pipelines (loaded on first use).

    ``expected`` is the run's fingerprint: pipelines are reloaded when it changes, and a process
    that would compute with other code or models refuses.
    """
    return _analyzer(settings, expected).analyse(articles)


class Engine(Protocol):
    window: int  # chunks that may be in flight besides the one just submitted

    def submit(self, articles: Sequence[Article]) -> Any: ...  # anything with .result()

    def close(self) -> None: ...


class InProcessEngine:
    window = 0

    def __init__(self, settings: ResultSettings, *, fingerprint: str) -> None:
        self.settings = settings
        self.fingerprint = fingerprint

    def submit(self, articles: Sequence[Article]) -> Future:
        done: Future = Future()
        done.set_result(analyse_articles(articles, self.settings, self.fingerprint))
        return done

    def close(self) -> None:
        pass


class ProcessEngine:
    """Local worker processes, forked where that is safe (no other thread in this process that could
    hold a lock at fork time), so they start without re-importing; spawned otherwise."""

    def __init__(self, settings: ResultSettings, *, fingerprint: str, n_process: int) -> None:
        self.settings = settings
        self.fingerprint = fingerprint
        self.window = 2 * n_process
        method = "fork" if "fork" in get_all_start_methods() and threading.active_count() == 1 else "spawn"
        self._pool = ProcessPoolExecutor(max_workers=n_process, mp_context=get_context(method))

    def submit(self, articles: Sequence[Article]) -> Future:
        return self._pool.submit(analyse_articles, list(articles), self.settings, self.fingerprint)

    def close(self) -> None:
        self._pool.shutdown()


def make_engine(settings: ResultSettings, *, fingerprint: str, analyse: AnalyseSettings, missing: int) -> Engine:
    """The configured engine. Locally, more than one chunk to compute goes to worker processes even
    with ``n_process`` 1: the models' memory is returned when they exit, before the report stage
    runs, and this process reads and writes while they compute. One chunk or less stays in this
    process, where starting a worker would cost more than the chunk. With nothing to compute, no
    cluster is contacted."""
    if analyse.engine == "dask" and missing:
        from pipeline.distributed import DaskEngine

        return DaskEngine(settings, fingerprint=fingerprint, scheduler=analyse.scheduler, n_workers=analyse.n_process)
    if missing > analyse.chunk_size:
        return ProcessEngine(settings, fingerprint=fingerprint, n_process=analyse.n_process)
    return InProcessEngine(settings, fingerprint=fingerprint)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _keyed_lines(articles_path: Path, cache: ResultCache) -> Iterator[tuple[str, str]]:
    with open(articles_path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield cache.key(line), line


def fill_cache(articles_path: Path, cache: ResultCache, engine: Engine, *, chunk_size: int, progress: StageProgress) -> int:
    """Compute and store the result of every article not yet in the cache; return how many."""
    pending: deque[tuple[list[str], Any]] = deque()
    computed = 0

    def store_oldest() -> int:
        keys, future = pending.popleft()
        cache.put_many(zip(keys, future.result()))
        progress.advance(len(keys))
        return len(keys)

    for chunk in _chunks(_keyed_lines(articles_path, cache), chunk_size):
        missing = [(key, line) for key, line in chunk if not cache.has(key)]
        progress.advance(len(chunk) - len(missing))
        if missing:
            articles = [from_record(Article, json.loads(line)) for _, line in missing]
            pending.append(([key for key, _ in missing], engine.submit(articles)))
        while len(pending) > engine.window:
            computed += store_oldest()
    while pending:
        computed += store_oldest()
    return computed


@dataclass(frozen=True)
class AnalyseCounts:
    articles: int
    computed: int
    entities: int
    events: int


def write_outputs(articles_path: Path, cache: ResultCache, out: Path) -> AnalyseCounts:
    """languages.jsonl, entities.jsonl, events.jsonl and events.csv, from the cache in article order."""
    articles = entities = 0
    events: list[Event] = []
    with ExitStack() as files:
        languages_file, entities_file, events_file = (
            files.enter_context(atomic_writer(out / name)) for name in ("languages.jsonl", "entities.jsonl", "events.jsonl")
        )
        for key, line in _keyed_lines(articles_path, cache):
            result = cache.get(key)
            if result is None:
                raise RuntimeError(f"no cached result for the article on line {articles + 1} of {articles_path}")
            articles += 1
            entities += result.entities.count("\n")
            events += [from_record(Event, json.loads(row)) for row in result.events.splitlines()]
            languages_file.write(result.language.encode("utf-8"))
            entities_file.write(result.entities.encode("utf-8"))
            events_file.write(result.events.encode("utf-8"))
    write_atomic(out / "events.csv", events_table(events).to_csv(index=False, lineterminator="\n"))
    return AnalyseCounts(articles=articles, computed=0, entities=entities, events=len(events))


def run_analyse(
    articles_path: Path, out: Path, *, settings: ResultSettings, analyse: AnalyseSettings = AnalyseSettings()
) -> AnalyseCounts:
    """Write languages.jsonl, entities.jsonl, events.jsonl and events.csv into ``out``."""
    with tempfile.TemporaryDirectory(prefix="analyse-") as scratch:
        folder = Path(analyse.cache) if analyse.cache else Path(scratch)
        cache = ResultCache(folder, fingerprint=result_fingerprint(settings))
        try:
            total = missing = 0
            for key, _ in _keyed_lines(articles_path, cache):
                total += 1
                missing += not cache.has(key)
            engine = make_engine(settings, fingerprint=cache.fingerprint, analyse=analyse, missing=missing)
            try:
                with stage_progress("analyse", total=total) as progress:
                    computed = fill_cache(articles_path, cache, engine, chunk_size=analyse.chunk_size, progress=progress)
                    progress.counts["computed"] = computed
            finally:
                engine.close()
            counts = write_outputs(articles_path, cache, Path(out))
        finally:
            cache.close()
    return replace(counts, computed=computed)


def analyse_settings(params: Path, **overrides: Any) -> AnalyseSettings:
    values = stage_params(params, "analyse")
    unknown = sorted(set(values) - {f.name for f in fields(AnalyseSettings)})
    if unknown:
        raise ConfigError(f"{params}: unknown analyse parameters: {', '.join(unknown)}")
    return AnalyseSettings(**(values | {k: v for k, v in overrides.items() if v is not None}))


def result_settings(params: Path) -> ResultSettings:
    return ResultSettings(
        language=LanguageSettings(**stage_params(params, "detect")),
        extract=ExtractSettings(**stage_params(params, "extract")),
    )


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, help="where articles are analysed (default: params.yaml analyse.engine)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786 (implies --engine dask)")
    parser.add_argument("--n-process", type=int, help="local worker processes, or Dask workers of a local cluster")
    parser.add_argument("--results-cache", help="per-article result cache folder (default: params.yaml analyse.cache)")
    parser.add_argument("--no-results-cache", action="store_true", help="compute every article, keep nothing")


def engine_overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "engine": "dask" if args.scheduler else args.engine,
        "scheduler": args.scheduler,
        "n_process": args.n_process,
        "cache": "" if args.no_results_cache else args.results_cache,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline analyse", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, required=True, help="articles.jsonl from ingest")
    parser.add_argument("--out", type=Path, required=True, help="folder for languages/entities/events outputs")
    parser.add_argument("--params", type=Path, default=Path("params.yaml"))
    add_engine_arguments(parser)
    args = parser.parse_args(argv)
    counts = run_analyse(
        args.articles, args.out, settings=result_settings(args.params), analyse=analyse_settings(args.params, **engine_overrides(args))
    )
    print(f"analyse: {counts.articles} articles ({counts.computed} computed), {counts.entities} entities, {counts.events} events")
    return 0
