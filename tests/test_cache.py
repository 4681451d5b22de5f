"""The per-article result cache: re-runs compute only new or changed articles, with a full run's bytes."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.analyse import AnalyseSettings, result_fingerprint, result_settings, run_analyse
from pipeline.cache import CACHE_FILE, fingerprint
from pipeline.detect import LanguageSettings, run_detect
from pipeline.events import run_events
from pipeline.ingest import run_ingest
from pipeline.recognize import ExtractSettings, run_extract

ROOT = Path(__file__).resolve().parent.parent
PARAMS = ROOT / "params.yaml"
OUTPUTS = ("languages.jsonl", "entities.jsonl", "events.jsonl", "events.csv")
NEW_ARTICLE = "Die Stadtwerke kaufen für 12 Millionen Euro ein Windrad. Der Kauf wurde am 3. März 2025 abgeschlossen."
EDITED_ARTICLE = "Der Verein erhielt 5000 Euro. Die Spende kam im Mai 2024."


def ingest(corpus: Path, out: Path) -> Path:
    run_ingest(corpus, out / "articles.jsonl", out / "rejects.jsonl")
    return out / "articles.jsonl"


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


@pytest.fixture
def models(tmp_path) -> Path:
    """A private copy of the models folder, so a test may change the gazetteer."""
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(ROOT / "models" / "gazetteer.jsonl", folder / "gazetteer.jsonl")
    if (ROOT / "models" / "ner").is_dir():
        shutil.copytree(ROOT / "models" / "ner", folder / "ner")
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


def settings_for(models: Path):
    settings = result_settings(PARAMS)
    return replace(settings, extract=replace(settings.extract, models=str(models)))


def analyse(articles: Path, out: Path, *, models: Path, cache: Path | None):
    return run_analyse(articles, out, settings=settings_for(models), analyse=AnalyseSettings(cache=str(cache) if cache else None))


def test_outputs_equal_the_per_stage_commands(tmp_path, corpus):
    articles = ingest(corpus, tmp_path)
    counts = analyse(articles, tmp_path / "analysed", models=ROOT / "models", cache=None)
    staged = tmp_path / "staged"
    run_detect(articles, staged / "languages.jsonl", settings=LanguageSettings(**_params("detect")))
    run_extract(articles, staged / "languages.jsonl", staged / "entities.jsonl", settings=ExtractSettings(**_params("extract")))
    run_events(articles, staged / "entities.jsonl", staged / "events.jsonl", staged / "events.csv")
    assert outputs(tmp_path / "analysed") == outputs(staged)
    assert (counts.articles, counts.computed) == (2, 2)


def _params(stage: str) -> dict:
    from pipeline.params import stage_params

    return stage_params(PARAMS, stage)


def test_rerun_computes_only_new_and_changed_articles_and_gives_full_run_bytes(tmp_path, corpus, models):
    cache = tmp_path / "cache"
    first = analyse(ingest(corpus, tmp_path / "a"), tmp_path / "a", models=models, cache=cache)
    again = analyse(tmp_path / "a" / "articles.jsonl", tmp_path / "a", models=models, cache=cache)
    assert (first.computed, again.computed) == (2, 0)

    (corpus / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    grown = analyse(ingest(corpus, tmp_path / "b"), tmp_path / "b", models=models, cache=cache)
    full = analyse(tmp_path / "b" / "articles.jsonl", tmp_path / "full-b", models=models, cache=None)
    assert (grown.articles, grown.computed, full.computed) == (3, 1, 3)
    assert outputs(tmp_path / "b") == outputs(tmp_path / "full-b")

    (corpus / "new.txt").write_text(EDITED_ARTICLE, encoding="utf-8")
    edited = analyse(ingest(corpus, tmp_path / "c"), tmp_path / "c", models=models, cache=cache)
    full = analyse(tmp_path / "c" / "articles.jsonl", tmp_path / "full-c", models=models, cache=None)
    assert (edited.articles, edited.computed) == (3, 1)
    assert outputs(tmp_path / "c") == outputs(tmp_path / "full-c")
    new_rows = [json.loads(line) for line in (tmp_path / "c" / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(row["text"], row["label"]) for row in new_rows if row["article_id"] == "new"] == [
        ("5000 Euro", "MONEY"),
        ("Mai 2024", "DATE"),
    ]


def test_a_gazetteer_change_recomputes_every_article_and_drops_the_stale_results(tmp_path, corpus, models):
    cache = tmp_path / "cache"
    articles = ingest(corpus, tmp_path)
    analyse(articles, tmp_path / "before", models=models, cache=cache)
    entries = [json.loads(line) for line in (models / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines()]
    changed = [entry | {"label": "MISC"} if entry["pattern"] == "36Kr" else entry for entry in entries]
    (models / "gazetteer.jsonl").write_text("".join(json.dumps(e) + "\n" for e in changed), encoding="utf-8")

    after = analyse(articles, tmp_path / "after", models=models, cache=cache)
    full = analyse(articles, tmp_path / "full", models=models, cache=None)
    assert after.computed == 2
    assert outputs(tmp_path / "after") == outputs(tmp_path / "full")
    before_rows = set((tmp_path / "before" / "entities.jsonl").read_text(encoding="utf-8").splitlines())
    after_rows = set((tmp_path / "after" / "entities.jsonl").read_text(encoding="utf-8").splitlines())
    row = '{{"article_id": "000_88c4cff9ad4f1665", "end": {}, "label": "{}", "start": {}, "text": "36Kr", "value": {{"id": "36Kr"}}}}'
    spans = ((1237, 1241), (5167, 5171))
    assert before_rows - after_rows == {row.format(end, "ORG", start) for start, end in spans}
    assert after_rows - before_rows == {row.format(end, "MISC", start) for start, end in spans}
    with sqlite3.connect(cache / CACHE_FILE) as db:
        kept = db.execute("SELECT fingerprint, COUNT(*) FROM results GROUP BY fingerprint").fetchall()
    assert kept == [(result_fingerprint(settings_for(models)), 2)]


def test_fingerprint_follows_models_settings_and_nothing_else(tmp_path, models):
    base = fingerprint(models=models, settings=(LanguageSettings(), ExtractSettings()))
    assert fingerprint(models=models, settings=(LanguageSettings(), ExtractSettings())) == base
    assert fingerprint(models=models, settings=(LanguageSettings(seed=1), ExtractSettings())) != base
    assert fingerprint(models=models, settings=(LanguageSettings(), ExtractSettings(genitive=False))) != base
    moved = tmp_path / "elsewhere"
    shutil.copytree(models, moved)
    assert fingerprint(models=moved, settings=(LanguageSettings(), ExtractSettings())) == base
    with open(moved / "gazetteer.jsonl", "a", encoding="utf-8") as gazetteer:
        gazetteer.write('{"id": "Beispiel AG", "label": "ORG", "pattern": "Beispiel AG"}\n')
    assert fingerprint(models=moved, settings=(LanguageSettings(), ExtractSettings())) != base
