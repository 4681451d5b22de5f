"""Command ``run``: every stage in one go on any folder, with the same code the DVC stages call.

Language, entities and events come from the ``analyse`` stage: one pass per article, cached per
article, on the engine chosen in params.yaml or on the command line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.analyse import AnalyseSettings, add_engine_arguments, analyse_settings, engine_overrides, result_settings, run_analyse
from pipeline.ingest import IngestSettings, run_ingest
from pipeline.params import ConfigError, stage_params
from pipeline.report import run_report
from pipeline.watch import watch


def run_all(
    corpus: Path, out: Path, *, params: Path, cache: Path | None = None, analyse: AnalyseSettings | None = None
) -> dict:
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
    run_analyse(
        out / "articles.jsonl",
        out,
        settings=result_settings(params),
        analyse=analyse if analyse is not None else analyse_settings(params),
    )
    return run_report(out, out / "metrics.json")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline run", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder with the input files")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="folder for the outputs")
    parser.add_argument("--cache", type=Path, help="fetched-page cache (default: <corpus>/cache)")
    parser.add_argument("--params", type=Path, default=Path("params.yaml"))
    parser.add_argument("--watch", action="store_true", help="stay up and run again whenever the corpus changes (Ctrl-C stops)")
    parser.add_argument("--interval", type=float, default=1.0, help="with --watch: seconds between looks at the corpus")
    add_engine_arguments(parser)
    args = parser.parse_args(argv)
    analyse = analyse_settings(args.params, **engine_overrides(args))

    def run() -> dict:
        return run_all(args.corpus, args.out, params=args.params, cache=args.cache, analyse=analyse)

    def report(metrics: dict) -> None:
        print(
            f"run: {metrics['articles']} articles, {metrics['rejects']} rejects, "
            f"{metrics['entities']['total']} entities, {metrics['events']['total']} events -> {args.out}",
            flush=True,
        )

    if args.watch:
        settings = result_settings(args.params)
        return watch(args.corpus, cache=args.cache, run=run, report=report, settings=settings, analyse=analyse, interval=args.interval)
    report(run())
    return 0
