"""Speed of the shipped NER model: load time and words per second on one CPU core.

Load time is measured in a fresh interpreter (``spacy.load`` after ``import spacy``), best of
``--loads`` runs. Throughput is ``nlp.pipe`` over the seed corpus's paragraphs, repeated to at least
``--words`` words, best of ``--runs`` passes, with BLAS and OpenMP held to one thread.

Run from the repository root: ``python -m benchmarks.ner_speed``.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LOAD_SNIPPET = "import time, spacy, sys; t = time.perf_counter(); spacy.load(sys.argv[1]); print(time.perf_counter() - t)"


def load_seconds(model: Path, *, runs: int) -> float:
    timings = [
        float(subprocess.run([sys.executable, "-c", LOAD_SNIPPET, str(model)], capture_output=True, text=True, check=True).stdout)
        for _ in range(runs)
    ]
    return min(timings)


def paragraphs(corpus: Path, *, min_words: int) -> list[str]:
    """The corpus's non-empty paragraphs, repeated in order until they hold ``min_words`` words."""
    texts = [block.strip() for path in sorted(corpus.glob("*.txt")) for block in path.read_text(encoding="utf-8").split("\n\n")]
    texts = [text for text in texts if text]
    words = sum(len(text.split()) for text in texts)
    return texts * -(-min_words // words)


def words_per_second(nlp: spacy.language.Language, texts: list[str], *, runs: int) -> tuple[int, float]:
    """(token count, best tokens per second) of ``nlp.pipe`` over ``texts``."""
    best, tokens = 0.0, 0
    for _ in range(runs):
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
        best = max(best, tokens / (time.perf_counter() - start))
    return tokens, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO / "models" / "ner")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args(argv)

    load = load_seconds(args.model, runs=args.loads)
    nlp = spacy.load(args.model)
    texts = paragraphs(args.corpus, min_words=args.words)
    tokens, speed = words_per_second(nlp, texts, runs=args.runs)
    size = sum(path.stat().st_size for path in args.model.rglob("*") if path.is_file())
    print(json.dumps({
        "model_mb": round(size / 2**20, 1),
        "load_seconds": round(load, 2),
        "tokens": tokens,
        "words_per_second_one_core": round(speed),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
