"""The whole path, end to end: seed corpus in, the canonical events out, the same bytes every time."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import extract
from pipeline.model import read_jsonl
from pipeline.run import run_all

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PARAMS = ROOT / "params.yaml"
OUTPUT_FILES = (
    "articles.jsonl",
    "languages.jsonl",
    "entities.jsonl",
    "events.jsonl",
    "events.csv",
    "rejects.jsonl",
    "metrics.json",
    "events.parquet",
    "review.html",
    "plots/events_per_type.csv",
)
TULLOCH = "004_db171f4863068d5a"
MINIMAX = "000_88c4cff9ad4f1665"


@pytest.fixture(scope="module")
def seed_outputs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    run_all(CORPUS, out, params=PARAMS)
    return out


def without_id(event: dict) -> dict:
    return {key: value for key, value in event.items() if key != "id"}


def events_of(outputs: Path) -> list[dict]:
    return list(read_jsonl(outputs / "events.jsonl"))


def test_the_tulloch_offer(seed_outputs):
    [offer] = [e for e in events_of(seed_outputs) if e["type"] == "offer"]
    evidence = offer.pop("evidence")
    assert without_id(offer) == {
        "actor": "Mark Zuckerberg",
        "amount": None,
        "amount_max": 1.5e9,
        "amount_min": 1e9,
        "article_id": TULLOCH,
        "currency": "USD",
        "date": None,
        "duration": "P6Y",
        "status": "rejected",
        "target": "Andrew Tulloch",
        "type": "offer",
    }
    assert evidence["text"].startswith("Zuckerberg bot ein Paket im Wert von rund einer Milliarde Dollar an")
    text = next(a["text"] for a in read_jsonl(seed_outputs / "articles.jsonl") if a["id"] == TULLOCH)
    assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_the_windsurf_acquisition(seed_outputs):
    [deal] = [e for e in events_of(seed_outputs) if e["target"] == "Windsurf"]
    assert without_id({k: v for k, v in deal.items() if k != "evidence"}) == {
        "actor": "Google",
        "amount": 2.4e9,
        "amount_max": None,
        "amount_min": None,
        "article_id": MINIMAX,
        "currency": "USD",
        "date": "2025-07",
        "duration": None,
        "status": "completed",
        "target": "Windsurf",
        "type": "acquisition",
    }


def test_seed_money_and_dates(seed_outputs):
    rows = [
        (e["article_id"][:3], e["text"], e["label"], e["value"])
        for e in read_jsonl(seed_outputs / "entities.jsonl")
        if e["label"] in ("MONEY", "DURATION") or (e["label"] == "DATE" and "Jahres" in e["text"])
    ]
    usd = {"currency": "USD", "magnitude": None, "max": None, "min": None}
    assert rows == [
        ("000", "einer Million US-Dollar", "MONEY", {**usd, "amount": 1e6, "approximate": False}),
        ("000", "Juni dieses Jahres", "DATE", {"value": "2025-06"}),
        ("000", "Juli dieses Jahres", "DATE", {"value": "2025-07"}),
        ("000", "2,4 Milliarden US-Dollar", "MONEY", {**usd, "amount": 2.4e9, "approximate": False}),
        (
            "004",
            "Milliardenangebot",
            "MONEY",
            {"amount": None, "approximate": True, "currency": None, "magnitude": 1e9, "max": 1e12, "min": 1e9},
        ),
        ("004", "rund einer Milliarde Dollar", "MONEY", {**usd, "amount": 1e9, "approximate": True}),
        ("004", "bis zu 1,5 Milliarden Dollar", "MONEY", {**usd, "amount": None, "approximate": False, "max": 1.5e9}),
        ("004", "über sechs Jahre", "DURATION", {"value": "P6Y"}),
        (
            "004",
            "Hunderten von Millionen Dollar",
            "MONEY",
            {"amount": None, "approximate": True, "currency": "USD", "magnitude": 1e8, "max": 1e9, "min": 1e8},
        ),
        ("004", "2 Milliarden Dollar", "MONEY", {**usd, "amount": 2e9, "approximate": False}),
        ("004", "170-Milliarden-Dollar", "MONEY", {**usd, "amount": 1.7e11, "approximate": False}),
    ]


def test_metrics_count_what_the_tables_hold(seed_outputs):
    metrics = json.loads((seed_outputs / "metrics.json").read_text(encoding="utf-8"))
    entities = list(read_jsonl(seed_outputs / "entities.jsonl"))
    assert metrics["inputs"] == metrics["articles"] == 2
    assert metrics["rejects"] == 0
    assert metrics["languages"] == {"de": 2}
    assert metrics["entities"]["total"] == len(entities)
    assert metrics["entities"]["MONEY"] == sum(1 for e in entities if e["label"] == "MONEY")
    assert metrics["events"]["total"] == len(events_of(seed_outputs))


def test_python_api_gives_the_batch_records(seed_outputs):
    sentence = "Im Juli dieses Jahres hat Google 2,4 Milliarden US-Dollar ausgegeben, um das Startup Windsurf zu übernehmen."
    record = extract(sentence, published="2025-09-08T21:42")
    [event] = record["events"]
    assert (event["actor"], event["target"], event["amount"], event["date"], event["type"]) == (
        "Google",
        "Windsurf",
        2.4e9,
        "2025-07",
        "acquisition",
    )
    assert [(e["text"], e["label"]) for e in record["entities"] if e["label"] in ("MONEY", "DATE")] == [
        ("Juli dieses Jahres", "DATE"),
        ("2,4 Milliarden US-Dollar", "MONEY"),
    ]


def run_cli(*args: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_jsonl_mode_answers_each_line_and_reports_bad_ones():
    requests = "\n".join(
        [
            json.dumps({"id": "a", "text": "SAP übernimmt Celonis für 20 Millionen Euro.", "published": "2025-01-02"}),
            "not json",
            json.dumps({"id": "c"}),
        ]
    )
    done = run_cli("extract", "--jsonl", stdin=requests + "\n")
    assert done.returncode == 0, done.stderr
    first, second, third = [json.loads(line) for line in done.stdout.splitlines()]
    assert first["id"] == "a"
    assert [(e["text"], e["value"]["amount"]) for e in first["entities"] if e["label"] == "MONEY"] == [
        ("20 Millionen Euro", 2e7)
    ]
    assert [(e["actor"], e["target"], e["type"], e["currency"]) for e in first["events"]] == [
        ("SAP", "Celonis", "acquisition", "EUR")
    ]
    assert second == {"error": "bad request: Expecting value: line 1 column 1 (char 0)", "id": None, "line": 2}
    assert third == {"error": "bad request: 'text'", "id": None, "line": 3}


def test_outputs_are_byte_identical_across_hash_seeds_locales_and_time_zones(tmp_path):
    contents = []
    for index, env in enumerate(
        [
            {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
            {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland", "LC_ALL": "C"},
        ]
    ):
        out = tmp_path / f"run{index}"
        done = run_cli("run", "--corpus", str(CORPUS), "--out", str(out), env=env)
        assert done.returncode == 0, done.stderr
        contents.append({name: (out / name).read_bytes() for name in OUTPUT_FILES})
    assert contents[0] == contents[1]


def test_a_killed_run_leaves_the_previous_outputs_intact_and_the_next_run_completes(tmp_path, seed_outputs):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index in range(40):
        for seed in sorted(CORPUS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            (corpus / f"{seed.stem}_{index:02d}.txt").write_text(f"{text}\n\nFassung {index}.", encoding="utf-8")
    out = tmp_path / "outputs"
    shutil.copytree(seed_outputs, out)
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # kill it once ingest has replaced its outputs, while later stages are still working
    deadline = time.monotonic() + 300
    while (out / "articles.jsonl").read_bytes() == before["articles.jsonl"] and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for name in OUTPUT_FILES:
        data = (out / name).read_bytes()
        if name == "metrics.json":
            json.loads(data)
        elif name.endswith(".jsonl"):
            [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert (out / "metrics.json").read_bytes() == before["metrics.json"]
    done = run_cli("run", "--corpus", str(corpus), "--out", str(out))
    assert done.returncode == 0, done.stderr
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert (metrics["articles"], metrics["rejects"]) == (80, 0)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(OUTPUT_FILES)


def test_user_errors_exit_non_zero_with_one_line_and_no_traceback(tmp_path):
    missing = run_cli("run", "--corpus", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert (missing.returncode, missing.stderr) == (2, f"error: corpus folder not found: {tmp_path / 'nowhere'}\n")
    broken_models = tmp_path / "models"
    (broken_models / "ner").mkdir(parents=True)
    shutil.copy(ROOT / "models" / "gazetteer.jsonl", broken_models)
    params = tmp_path / "params.yaml"
    params.write_text(f"extract:\n  models: {broken_models}\n", encoding="utf-8")
    unreadable = run_cli("extract", "--text", "Ein Satz.", "--params", str(params))
    assert unreadable.returncode == 2
    assert unreadable.stderr.startswith(f"error: cannot load the NER model in {broken_models / 'ner'}: ")
    assert len(unreadable.stderr.splitlines()) == 1
    assert "Traceback" not in unreadable.stderr
