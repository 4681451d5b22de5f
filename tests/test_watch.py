"""``run --watch``: a run again after each change to the corpus, with the same outputs as a fresh run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.analyse import AnalyseSettings, ResultSettings, result_settings
from pipeline.params import ConfigError
from pipeline.run import run_all
from pipeline.watch import corpus_state, watch

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PARAMS = ROOT / "params.yaml"
OUTPUT_FILES = ("articles.jsonl", "languages.jsonl", "entities.jsonl", "events.jsonl", "events.csv", "rejects.jsonl", "metrics.json")
NEW_ARTICLE = "Die Stadtwerke Kiel investieren 15 Millionen Euro in ein neues Wärmenetz. Der Bau beginnt im Herbst.\n"


def test_the_corpus_state_names_every_input_and_changes_with_each_edit(tmp_path):
    (tmp_path / "b.txt").write_text("zwei", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("eins", encoding="utf-8")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "page.html").write_text("<p>geholt</p>", encoding="utf-8")
    first = corpus_state(tmp_path, skip=tmp_path / "cache")
    assert [(name, size) for name, size, _ in first] == [("b.txt", 4), ("sub/a.txt", 4)]
    (tmp_path / "cache" / "other.html").write_text("<p>auch geholt</p>", encoding="utf-8")
    assert corpus_state(tmp_path, skip=tmp_path / "cache") == first
    (tmp_path / "b.txt").write_text("zwei!", encoding="utf-8")
    assert [(name, size) for name, size, _ in corpus_state(tmp_path, skip=tmp_path / "cache")] == [("b.txt", 5), ("sub/a.txt", 4)]


def quiet_settings() -> tuple[ResultSettings, AnalyseSettings]:
    # the in-process pipelines are only loaded for a local engine; "dask" keeps these unit tests model-free
    return result_settings(PARAMS), AnalyseSettings(engine="dask")


def test_watch_runs_again_only_after_a_change_and_goes_on_after_a_failed_run(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("eins", encoding="utf-8")
    calls = []

    def run() -> dict:
        calls.append(len(list(corpus.iterdir())))
        if len(calls) == 1:
            (corpus / "b.txt").write_text("zwei", encoding="utf-8")
            return {"run": 1}
        if len(calls) == 2:
            (corpus / "c.txt").write_text("drei", encoding="utf-8")
            raise OSError("disk full")
        return {"run": len(calls)}

    reported = []
    settings, analyse = quiet_settings()
    assert watch(corpus, cache=None, run=run, report=reported.append, settings=settings, analyse=analyse, interval=0.01, runs=3) == 0
    assert calls == [1, 2, 3]
    assert reported == [{"run": 1}, {"run": 3}]
    out, err = capsys.readouterr()
    assert err == "error: disk full\n"
    assert out == f"watch: waiting for changes in {corpus}\n" * 3


def test_watch_stops_with_the_error_when_even_the_first_run_fails(tmp_path):
    def run() -> dict:
        raise ConfigError(f"corpus folder not found: {tmp_path / 'nowhere'}")

    settings, analyse = quiet_settings()
    with pytest.raises(ConfigError):
        watch(tmp_path / "nowhere", cache=None, run=run, report=print, settings=settings, analyse=analyse, interval=0.01, runs=2)


def read_until(process: subprocess.Popen, prefix: str) -> list[str]:
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(prefix):
            return lines
    raise AssertionError(f"the watching run ended before {prefix!r}: {lines}")


def test_a_watching_run_picks_up_a_new_article_computes_only_it_and_writes_a_fresh_runs_bytes(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "watched"
    command = [sys.executable, "-m", "pipeline", "run", "--watch", "--interval", "0.05", "--corpus", str(corpus), "--out", str(out),
               "--results-cache", str(tmp_path / "results")]
    with open(tmp_path / "stderr", "w", encoding="utf-8") as errors, subprocess.Popen(
        command, cwd=ROOT, env=os.environ | {"OMP_NUM_THREADS": "1"}, stdout=subprocess.PIPE, stderr=errors, text=True
    ) as process:
        try:
            first = read_until(process, "watch:")
            (corpus / "kiel.txt").write_text(NEW_ARTICLE, encoding="utf-8")
            second = read_until(process, "watch:")
        finally:
            process.send_signal(signal.SIGTERM)
            returncode = process.wait(timeout=60)
    assert returncode == 0, (tmp_path / "stderr").read_text(encoding="utf-8")
    assert [line for line in first if line.startswith("analyse:")][0].startswith("analyse: 2 articles, 2 computed")
    assert [line for line in second if line.startswith("analyse:")][0].startswith("analyse: 3 articles, 1 computed")
    fresh = tmp_path / "fresh"
    run_all(corpus, fresh, params=PARAMS)
    for name in OUTPUT_FILES:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_sigterm_ends_the_watch_cleanly_and_the_previous_handler_comes_back(tmp_path):
    def run() -> dict:
        os.kill(os.getpid(), signal.SIGTERM)
        return {"run": 1}

    before = signal.getsignal(signal.SIGTERM)
    settings, analyse = quiet_settings()
    assert watch(tmp_path, cache=None, run=run, report=print, settings=settings, analyse=analyse, interval=0.01) == 0
    assert signal.getsignal(signal.SIGTERM) is before
