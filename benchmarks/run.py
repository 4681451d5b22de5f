"""Speed, memory and incremental cost of the whole pipeline on the 1,028 articles of ``data/news``.

One run measures, on this machine:

1. **end to end** — ``python -m pipeline run`` on a fresh corpus folder holding the news JSONL (the
   normal ingest path), with an empty result cache, once per ``--n-process`` value: wall seconds,
   CPU seconds (the run's process tree), articles/s, words/s and the peak memory of the process
   tree, sampled every 100 ms: RSS summed over the processes (pages that forked workers share with
   the parent count once per process) and PSS (each shared page split among its sharers: the memory
   the run really holds).
2. **bare NER** — the NER model alone (``spacy.load(models/ner)``, ``nlp.pipe``) over the same
   article texts in a fresh interpreter, one process, with batches of 8 and 32 texts and with the
   model's default (1,000 texts, which pads every batch to its longest text and is much slower):
   the fastest is the physical floor of our cost. Without a trained model in ``models/ner`` this is
   said in the output and the ratio is not meaningful.
3. **stages** — the per-stage commands (ingest, detect, extract, events, report), each in its own
   process as DVC runs them: wall and CPU seconds (interpreter start, imports and model loading
   included) and peak RSS; their outputs must equal the ``run`` outputs byte for byte.
4. **re-run** — one new article added to the corpus, then the run again with the warm result cache,
   twice: as a new ``run`` process (interpreter start, imports and model loading included; the
   floor of that, a bare ``import spacy`` and model load, is measured beside it) and as
   ``run --watch``, the long-lived process meant for growing archives (seconds from the corpus
   write to the new outputs, polling included). Both report the articles computed and whether every
   output equals the full run's except for the new article's rows.
5. **memory growth** — the corpus once and ten times over (each copy's ids and first words changed
   so that no copy is a duplicate), without a cache, as the three processes of the DVC pipeline
   (ingest, analyse, report): each stage's peak RSS, and the pipeline's (the largest of them).

Words are whitespace-separated tokens of the article texts. Prints a table and writes
``benchmarks/results.json``. Run from the repository root: ``python -m benchmarks.run``
(``--quick`` skips the memory-growth run; ``--models DIR`` benchmarks another models folder).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import yaml

REPO = Path(__file__).resolve().parent.parent
NEWS = REPO / "data" / "news" / "10kgnad_test.jsonl.gz"
RESULTS = REPO / "benchmarks" / "results.json"
OUTPUTS = ("languages.jsonl", "entities.jsonl", "events.jsonl", "events.csv", "articles.jsonl", "rejects.jsonl")
NEW_ARTICLES = [
    {
        "id": "benchmark-new-article-1",
        "text": (
            "Ein Münchner Softwarehaus übernimmt einen Berliner Anbieter von Buchhaltungsprogrammen. "
            "Der Kaufpreis liegt nach Angaben beider Firmen bei rund 40 Millionen Euro. "
            "Die Übernahme soll bis Ende März 2026 abgeschlossen sein."
        ),
    },
    {
        "id": "benchmark-new-article-2",
        "text": "Die Stadtwerke Kiel investieren 15 Millionen Euro in ein neues Wärmenetz. Der Bau beginnt im Herbst.",
    },
    {
        "id": "benchmark-new-article-3",
        "text": "Ein Hamburger Reeder verkauft zwei Frachtschiffe für zusammen 80 Millionen Dollar an eine Reederei in Oslo.",
    },
]
BARS = {"throughput_ratio": 0.75, "rerun_share": 0.05, "peak_rss_mb": 1536, "memory_growth": 1.3}
WATCH_INTERVAL = 0.05  # seconds between the watching run's looks at the corpus
FLOOR_SNIPPET = "import sys, spacy; spacy.load(sys.argv[1])"
NER_BATCH_SIZES = (8, 32, None)  # None: the model's own default (1000 texts, padded to the longest)
NER_SNIPPET = """
import json, sys, time, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8") if line.strip()]
nlp = spacy.load(sys.argv[1]) if sys.argv[1] else spacy.blank("de")
batch_size = int(sys.argv[3]) if sys.argv[3] else None
start, cpu = time.perf_counter(), time.process_time()
ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size))
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "entities": ents}))
"""


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    stdout: str


def measure(command: list[str], *, env: dict[str, str] | None = None) -> Measured:
    """Run ``command``; wall and CPU seconds of its process tree, and the tree's peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak_rss = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                memory = [p.memory_full_info() for p in (root, *root.children(recursive=True))]
                peak_rss = max(peak_rss, sum(m.rss for m in memory))
                peak_pss = max(peak_pss, sum(m.pss for m in memory))
            except psutil.Error:
                pass
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(seconds, cpu, peak_rss / 2**20, peak_pss / 2**20, stdout)


ENV = os.environ | {"OMP_NUM_THREADS": "1"}


def pipeline_run(corpus: Path, out: Path, params: Path, *, n_process: int, cache: Path | None) -> Measured:
    command = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", str(out), "--params", str(params)]
    command += ["--n-process", str(n_process), "--engine", "local"]
    command += ["--results-cache", str(cache)] if cache else ["--no-results-cache"]
    return measure(command, env=ENV)


def stage_commands(corpus: Path, out: Path, params: Path, *, n_process: int) -> dict[str, list[str]]:
    """The split the DVC pipeline runs, one process per stage: ingest, analyse, report."""
    python = [sys.executable]
    return {
        "ingest": python + ["-m", "pipeline", "ingest", "--corpus", str(corpus), "--articles", str(out / "articles.jsonl"),
                            "--rejects", str(out / "rejects.jsonl"), "--params", str(params)],
        "analyse": python + ["-m", "pipeline", "analyse", "--articles", str(out / "articles.jsonl"), "--out", str(out),
                             "--params", str(params), "--n-process", str(n_process), "--engine", "local", "--no-results-cache"],
        "report": python + ["-m", "pipeline", "report", "--outputs", str(out), "--metrics", str(out / "metrics.json")],
    }


def per_stage_commands(out: Path, params: Path) -> dict[str, list[str]]:
    """The per-stage commands that split analyse into detect, extract and events."""
    python = [sys.executable, "-m", "pipeline"]
    articles, languages, entities = (str(out / name) for name in ("articles.jsonl", "languages.jsonl", "entities.jsonl"))
    return {
        "detect": python + ["detect", "--articles", articles, "--out", languages, "--params", str(params)],
        "extract": python + ["extract", "--articles", articles, "--languages", languages, "--out", entities, "--params", str(params)],
        "events": python + ["events", "--articles", articles, "--entities", entities, "--events", str(out / "events.jsonl"),
                            "--csv", str(out / "events.csv")],
    }


def measured_stages(commands: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    stages = {}
    for name, command in commands.items():
        measured = measure(command, env=ENV)
        stages[name] = {
            "seconds": round(measured.seconds, 2), "cpu_seconds": round(measured.cpu_seconds, 2),
            "peak_rss_mb": round(measured.peak_rss_mb), "peak_pss_mb": round(measured.peak_pss_mb),
        }
    return stages


def computed_count(stdout: str) -> int:
    """Articles the analyse stage computed (not taken from the cache), from its summary line."""
    line = next(line for line in stdout.splitlines() if line.startswith("analyse:"))
    return int(line.split(" computed")[0].rsplit(", ", 1)[1])


def texts_and_words(articles: Path) -> tuple[int, int]:
    texts = [json.loads(line)["text"] for line in open(articles, encoding="utf-8") if line.strip()]
    return len(texts), sum(len(text.split()) for text in texts)


def rates(seconds: float, articles: int, words: int) -> dict[str, float]:
    return {"articles_per_s": round(articles / seconds, 2), "words_per_s": round(words / seconds)}


def write_corpus(folder: Path, records: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "news.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


def repeated(records: list[dict[str, Any]], times: int) -> list[dict[str, Any]]:
    """``times`` copies of the records, each copy's ids and texts made distinct (no duplicate rejects)."""
    return [
        {**record, "id": f"{record['id']}-copy{copy}", "text": f"Ausgabe {copy + 1}. {record['text']}"}
        for copy in range(times)
        for record in records
    ]


def bench_params(params: Path, models: Path, folder: Path) -> Path:
    """params.yaml with ``extract.models`` pointing at ``models``."""
    values = yaml.safe_load(params.read_text(encoding="utf-8")) or {}
    values.setdefault("extract", {})["models"] = str(models)
    path = folder / "params.yaml"
    path.write_text(yaml.safe_dump(values, sort_keys=True), encoding="utf-8")
    return path


def same_files(first: Path, second: Path, names: tuple[str, ...]) -> bool:
    return all((first / name).read_bytes() == (second / name).read_bytes() for name in names)


def without_article(path: Path, article_id: str) -> bytes:
    """The file's lines minus those of one article (JSON Lines by article_id/id, CSV by column)."""
    keep = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if path.suffix == ".jsonl":
            record = json.loads(line)
            if record.get("article_id", record.get("id")) == article_id:
                continue
        elif f",{article_id}," in line:
            continue
        keep.append(line)
    return "".join(keep).encode("utf-8")


def wait_for(process: subprocess.Popen, prefix: str) -> str:
    """The process's output up to and including the first line that starts with ``prefix``."""
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(prefix):
            return "".join(lines)
    raise RuntimeError(f"the watching run ended before printing {prefix!r}:\n{''.join(lines)}")


def watched_rerun(corpus: Path, records: list[dict[str, Any]], work: Path, params: Path, *, n_process: int, cache: Path) -> dict[str, Any]:
    """``run --watch`` started on the corpus the full run saw, then one article added: seconds from the
    corpus write until the run over the new corpus has written every output."""
    write_corpus(corpus, records)
    out = work / "out-watch"
    command = [sys.executable, "-m", "pipeline", "run", "--watch", "--interval", str(WATCH_INTERVAL), "--corpus", str(corpus),
               "--out", str(out), "--params", str(params), "--n-process", str(n_process), "--engine", "local", "--results-cache", str(cache)]
    with open(work / "watch.stderr", "w", encoding="utf-8") as errors, subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=errors, text=True, encoding="utf-8", env=ENV
    ) as process:
        wait_for(process, "watch:")
        write_corpus(corpus, records + NEW_ARTICLES[:1])
        start = time.perf_counter()
        output = wait_for(process, "run:")
        seconds = time.perf_counter() - start
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    return {"seconds": seconds, "computed": computed_count(output), "out": out}


def process_floor(models: Path) -> float:
    """Seconds for a new interpreter to import spaCy and load the NER model: no CLI run can cost less."""
    return measure([sys.executable, "-c", FLOOR_SNIPPET, str(models / "ner")], env=ENV).seconds


def table(results: dict[str, Any]) -> str:
    rows = [("measure", "value")]
    for name, run in results["end_to_end"].items():
        rows.append((f"end to end, {name}", f"{run['seconds']:.1f} s wall, {run['cpu_seconds']:.1f} s CPU, "
                     f"{run['articles_per_s']:.1f} articles/s, {run['words_per_s']} words/s, "
                     f"peak RSS {run['peak_rss_mb']:.0f} MB (PSS {run['peak_pss_mb']:.0f} MB)"))
    ner = results["bare_ner"]
    rows.append((f"bare NER ({ner['model']}, batch {ner['batch_size']})", f"{ner['seconds']:.1f} s wall, {ner['cpu_seconds']:.1f} s CPU, "
                 f"{ner['articles_per_s']:.1f} articles/s, {ner['words_per_s']} words/s"))
    for name, run in ner["by_batch_size"].items():
        rows.append((f"  bare NER, batch {name}", f"{run['seconds']:.1f} s, peak RSS {run['peak_rss_mb']} MB"))
    for name, ratio in results["throughput_ratio"].items():
        rows.append((f"throughput ratio, {name}", f"{ratio:.2f} (bar >= {BARS['throughput_ratio']})"))
    for name, stage in results["stages"].items():
        rows.append((f"stage {name} (own process)", f"{stage['seconds']:.2f} s wall, {stage['cpu_seconds']:.2f} s CPU, "
                     f"peak RSS {stage['peak_rss_mb']:.0f} MB"))
    rows.append(("per-stage outputs == run outputs", str(results["stages_equal_run"])))
    fresh, watching = results["rerun_one_article"]["new_process"], results["rerun_one_article"]["watching"]
    rows.append(("re-run, 1 article added, run --watch", f"{watching['seconds']:.2f} s wall ({watching['share_of_full_run']:.1%} of the full run, "
                 f"bar <= {BARS['rerun_share']:.0%}), {watching['computed']} computed, outputs identical: {watching['outputs_identical']}"))
    rows.append(("re-run, 1 article added, new process", f"{fresh['seconds']:.2f} s wall ({fresh['share_of_full_run']:.1%} of the full run), "
                 f"{fresh['computed']} computed, outputs identical: {fresh['outputs_identical']}"))
    if fresh["floor_seconds"] is not None:
        rows.append(("  of which no process can avoid", f"{fresh['floor_seconds']:.2f} s ({fresh['floor_share_of_full_run']:.1%}): "
                     "interpreter start, import spacy, load the NER model"))
    memory = results.get("memory_growth")
    if memory:
        for name, stage in memory["stages"].items():
            rows.append((f"peak RSS x{memory['times']}, {name}", f"{stage['peak_rss_mb']} MB vs {stage['single_peak_rss_mb']} MB "
                         f"= {stage['ratio']:.2f}x"))
        rows.append((f"peak RSS x{memory['times']}, pipeline", f"{memory['peak_rss_mb']} MB vs {memory['single_peak_rss_mb']} MB "
                     f"= {memory['ratio']:.2f}x (bar <= {BARS['memory_growth']}x)"))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def memory_growth(records: list[dict[str, Any]], work: Path, params: Path, *, times: int, n_process: int) -> dict[str, Any]:
    """Peak RSS of each stage process (ingest, analyse, report) on the corpus and on ``times`` copies."""
    peaks = {}
    for scale in (1, times):
        corpus = write_corpus(work / f"corpus-x{scale}", repeated(records, scale))
        stages = measured_stages(stage_commands(corpus, work / f"out-x{scale}", params, n_process=n_process))
        peaks[scale] = {name: stage["peak_rss_mb"] for name, stage in stages.items()}
        shutil.rmtree(corpus)
    stages = {
        name: {"peak_rss_mb": peaks[times][name], "single_peak_rss_mb": peaks[1][name],
               "ratio": round(peaks[times][name] / peaks[1][name], 3)}
        for name in peaks[1]
    }
    single, big = max(peaks[1].values()), max(peaks[times].values())
    return {"times": times, "articles": times * len(records), "n_process": n_process, "stages": stages,
            "peak_rss_mb": big, "single_peak_rss_mb": single, "ratio": round(big / single, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=Path, default=NEWS, help="the news JSONL (gzip)")
    parser.add_argument("--models", type=Path, default=REPO / "models", help="models folder (gazetteer.jsonl, ner/)")
    parser.add_argument("--params", type=Path, default=REPO / "params.yaml")
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2], help="local worker processes to measure")
    parser.add_argument("--times", type=int, default=10, help="corpus repetitions for the memory-growth run")
    parser.add_argument("--quick", action="store_true", help="skip the memory-growth run")
    parser.add_argument("--limit", type=int, help="only the first LIMIT articles (a quick check of this script)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    with gzip.open(args.news, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()][: args.limit]
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as scratch:
        work = Path(scratch)
        # a copy, so that a model replaced while the benchmark runs cannot mix two models' results
        models = work / "models"
        shutil.copytree(args.models, models, ignore=shutil.ignore_patterns(".*"))
        has_ner = (models / "ner").is_dir()
        params = bench_params(args.params.resolve(), models, work)
        corpus = write_corpus(work / "corpus", records)

        end_to_end, full_out = {}, {}
        for n_process in args.n_process:
            out = work / f"out-n{n_process}"
            measured = pipeline_run(corpus, out, params, n_process=n_process, cache=work / f"cache-n{n_process}")
            articles, words = texts_and_words(out / "articles.jsonl")
            end_to_end[f"n_process={n_process}"] = {
                "seconds": round(measured.seconds, 2), "cpu_seconds": round(measured.cpu_seconds, 2),
                "peak_rss_mb": round(measured.peak_rss_mb), "peak_pss_mb": round(measured.peak_pss_mb),
                **rates(measured.seconds, articles, words),
            }
            full_out[n_process] = out
        best = min(end_to_end, key=lambda name: end_to_end[name]["seconds"])
        best_n = int(best.split("=")[1])
        reference = full_out[best_n]
        outputs_agree = all(same_files(reference, out, OUTPUTS) for out in full_out.values())

        ner_runs = {}
        for batch_size in NER_BATCH_SIZES:
            command = [sys.executable, "-c", NER_SNIPPET, str(models / "ner") if has_ner else "", str(reference / "articles.jsonl"),
                       str(batch_size or "")]
            measured = measure(command, env=ENV)
            ner_runs[str(batch_size or "model default")] = json.loads(measured.stdout) | {"peak_rss_mb": round(measured.peak_rss_mb)}
        fastest = min(ner_runs, key=lambda name: ner_runs[name]["seconds"])
        ner = ner_runs[fastest]
        bare_ner = {
            "model": "models/ner" if has_ner else "ABSENT: no models/ner, blank German tokenizer only; the ratio means nothing",
            "batch_size": fastest, "seconds": round(ner["seconds"], 2), "cpu_seconds": round(ner["cpu_seconds"], 2),
            "entities": ner["entities"], "peak_rss_mb": ner["peak_rss_mb"], **rates(ner["seconds"], articles, words),
            "by_batch_size": {name: {"seconds": round(run["seconds"], 2), "peak_rss_mb": run["peak_rss_mb"]} for name, run in ner_runs.items()},
        }
        ratios = {name: round(run["articles_per_s"] / bare_ner["articles_per_s"], 3) for name, run in end_to_end.items()}

        stages_out = work / "out-stages"
        commands = stage_commands(corpus, stages_out, params, n_process=best_n)
        stages = measured_stages({"ingest": commands["ingest"], **per_stage_commands(stages_out, params), "report": commands["report"]})
        stages_equal = same_files(reference, stages_out, OUTPUTS)

        full_seconds = end_to_end[best]["seconds"]
        shutil.copytree(work / f"cache-n{best_n}", work / "cache-watch")
        write_corpus(corpus, records + NEW_ARTICLES[:1])
        grown = work / f"out-n{best_n}"
        before = {name: (reference / name).read_bytes() for name in OUTPUTS}
        rerun = pipeline_run(corpus, grown, params, n_process=best_n, cache=work / f"cache-n{best_n}")
        identical = all(without_article(grown / name, NEW_ARTICLES[0]["id"]) == before[name] for name in OUTPUTS)
        watched = watched_rerun(corpus, records, work, params, n_process=best_n, cache=work / "cache-watch")
        floor = process_floor(models) if has_ner else None
        rerun_result = {
            "engine": best,
            "new_process": {
                "seconds": round(rerun.seconds, 2), "computed": computed_count(rerun.stdout),
                "share_of_full_run": round(rerun.seconds / full_seconds, 4), "outputs_identical": identical,
                "floor_seconds": round(floor, 2) if floor is not None else None,
                "floor_share_of_full_run": round(floor / full_seconds, 4) if floor is not None else None,
            },
            "watching": {
                "seconds": round(watched["seconds"], 2), "computed": watched["computed"],
                "share_of_full_run": round(watched["seconds"] / full_seconds, 4),
                "outputs_identical": same_files(grown, watched["out"], OUTPUTS),
            },
        }

        results: dict[str, Any] = {
            "machine": {
                "cpus": os.cpu_count(), "python": platform.python_version(),
                "load_average_before": [round(x, 2) for x in load],
            },
            "corpus": {"source": "data/news/10kgnad_test.jsonl.gz", "articles": articles, "words": words},
            "end_to_end": end_to_end,
            "end_to_end_outputs_equal_across_n_process": outputs_agree,
            "bare_ner": bare_ner,
            "throughput_ratio": ratios,
            "stages": stages,
            "stages_equal_run": stages_equal,
            "rerun_one_article": rerun_result,
        }
        if not args.quick:
            results["memory_growth"] = memory_growth(records, work, params, times=args.times, n_process=best_n)
        results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["bars"] = {
        "throughput_ratio": max(ratios.values()) >= BARS["throughput_ratio"],
        "rerun_share": rerun_result["watching"]["share_of_full_run"] <= BARS["rerun_share"],
        "peak_rss": end_to_end[best]["peak_rss_mb"] <= BARS["peak_rss_mb"],
        "memory_growth": results["memory_growth"]["ratio"] <= BARS["memory_growth"] if "memory_growth" in results else None,
        "outputs_identical": outputs_agree and stages_equal and all(
            run["outputs_identical"] and run["computed"] == 1 for run in (rerun_result["new_process"], rerun_result["watching"])
        ),
    }
    print(table(results))
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
