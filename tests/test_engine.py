"""Engines: local worker processes and Dask workers give the in-process outputs byte for byte."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.analyse import (
    AnalyseSettings,
    add_engine_arguments,
    analyse_articles,
    analyse_settings,
    engine_overrides,
    result_settings,
    run_analyse,
)
from pipeline.ingest import run_ingest
from pipeline.model import Article
from pipeline.params import ConfigError

ROOT = Path(__file__).resolve().parent.parent
PARAMS = ROOT / "params.yaml"
OUTPUTS = ("languages.jsonl", "entities.jsonl", "events.jsonl", "events.csv")
EXTRA_ARTICLES = {
    "kauf.txt": "Die Stadtwerke kaufen für 12 Millionen Euro ein Windrad. Der Kauf wurde am 3. März 2025 abgeschlossen.",
    "spende.txt": "Der Verein erhielt 5000 Euro. Die Spende kam im Mai 2024.",
    "english.txt": "The council approved the new budget on Monday after a long debate about schools and roads.",
}


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("engine")
    corpus = folder / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    for name, text in EXTRA_ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    run_ingest(corpus, folder / "articles.jsonl", folder / "rejects.jsonl")
    return folder / "articles.jsonl"


@pytest.fixture(scope="module")
def in_process(articles, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("in-process")
    counts = run_analyse(articles, out, settings=result_settings(PARAMS), analyse=AnalyseSettings(cache=None))
    assert (counts.articles, counts.computed) == (5, 5)
    return outputs(out)


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def analysed(articles: Path, out: Path, **engine) -> dict[str, bytes]:
    settings = AnalyseSettings(cache=None, chunk_size=1, **engine)
    counts = run_analyse(articles, out, settings=result_settings(PARAMS), analyse=settings)
    assert (counts.articles, counts.computed) == (5, 5)
    return outputs(out)


def test_local_worker_processes_give_the_in_process_bytes(articles, in_process, tmp_path):
    assert analysed(articles, tmp_path, n_process=2) == in_process


def test_dask_local_cluster_gives_the_in_process_bytes(articles, in_process, tmp_path):
    pytest.importorskip("distributed")
    assert analysed(articles, tmp_path, engine="dask", n_process=2) == in_process


def test_dask_engine_on_a_running_scheduler_gives_the_in_process_bytes(articles, in_process, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = analysed(articles, tmp_path, engine="dask", scheduler=cluster.scheduler_address)
    assert result == in_process


def test_a_worker_with_other_code_or_models_refuses():
    article = Article(id="a", source="a.txt", text="Der Verein erhielt 5000 Euro.", format="txt")
    with pytest.raises(RuntimeError, match="differ from the run's"):
        analyse_articles([article], result_settings(PARAMS), "0" * 64)


def test_command_line_engine_options_override_params(tmp_path):
    import argparse

    parser = argparse.ArgumentParser()
    add_engine_arguments(parser)
    params = tmp_path / "params.yaml"
    params.write_text("analyse:\n  n_process: 2\n  cache: .cache/results\n", encoding="utf-8")
    args = parser.parse_args(["--scheduler", "tcp://10.0.0.5:8786", "--no-results-cache"])
    assert analyse_settings(params, **engine_overrides(args)) == AnalyseSettings(
        cache="", engine="dask", n_process=2, scheduler="tcp://10.0.0.5:8786", chunk_size=32
    )
    assert analyse_settings(params, **engine_overrides(parser.parse_args([]))) == AnalyseSettings(cache=".cache/results", n_process=2)
    params.write_text("analyse:\n  engine: spark\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown engine 'spark'"):
        analyse_settings(params)


def test_a_fully_cached_run_contacts_no_cluster_and_an_unreachable_one_is_a_config_error(articles, in_process, tmp_path):
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    cache = str(tmp_path / "cache")
    run_analyse(articles, tmp_path / "first", settings=result_settings(PARAMS), analyse=AnalyseSettings(cache=cache))
    nowhere = AnalyseSettings(cache=cache, engine="dask", scheduler="tcp://127.0.0.1:9")
    counts = run_analyse(articles, tmp_path / "cached", settings=result_settings(PARAMS), analyse=nowhere)
    assert (counts.computed, outputs(tmp_path / "cached")) == (0, in_process)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        with pytest.raises(ConfigError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
            run_analyse(articles, tmp_path / "uncached", settings=result_settings(PARAMS), analyse=replace(nowhere, cache=None))
