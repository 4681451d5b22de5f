"""Command ``run``: every stage in one go on any folder, with the same code the DVC stages call."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.detect import LanguageSettings, run_detect
from pipeline.events import run_events
from pipeline.ingest import IngestSettings, run_ingest
from pipeline.params import ConfigError, stage_params
from pipeline.recognize import ExtractSettings, run_extract
from pipeline.report import run_report


def run_all(corpus: Path, out: Path, *, params: Path, cache: Path | None = None) -> dict:
    if not Path(corpus).is_dir():
        raise ConfigError(f"corpus folder not found: {corpus}")
    out = Path(out)
    run_ingest(
        corpus,
        out / "articles.jsonl",
        out / "rejects.jsonl",
        cache=cache,
        settings=IngestSettings(**stage_params(params, "ingest")),
    )
    run_detect(out / "articles.jsonl", out / "languages.jsonl", settings=LanguageSettings(**stage_params(params, "detect")))
    run_extract(
        out / "articles.jsonl",
        out / "languages.jsonl",
        out / "entities.jsonl",
        settings=ExtractSettings(**stage_params(params, "extract")),
    )
    run_events(out / "articles.jsonl", out / "entities.jsonl", out / "events.jsonl", out / "events.csv")
    return run_report(out, out / "metrics.json")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline run", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder with the input files")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="folder for the outputs")
    parser.add_argument("--cache", type=Path, help="fetched-page cache (default: <corpus>/cache)")
    parser.add_argument("--params", type=Path, default=Path("params.yaml"))
    args = parser.parse_args(argv)
    metrics = run_all(args.corpus, args.out, params=args.params, cache=args.cache)
    print(
        f"run: {metrics['articles']} articles, {metrics['rejects']} rejects, "
        f"{metrics['entities']['total']} entities, {metrics['events']['total']} events -> {args.out}"
    )
    return 0
