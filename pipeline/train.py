"""Stage ``train``: train the German NER pipeline (tok2vec + ner) from the committed spaCy config.

spaCy keeps the checkpoint that scores best on the held-out dev file; that checkpoint is saved to
``--out`` under the project's name and version, with built-in components only, so it loads with
``spacy.load`` and no project code.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train

MODEL_NAME = "news_ner"
MODEL_VERSION = "1.0.0"


def train_model(
    *,
    config: Path,
    train: Path,
    dev: Path,
    vectors: Path | None,
    out: Path,
    seed: int,
    max_steps: int | None,
    checkpoints: Path | None,
) -> None:
    overrides: dict[str, object] = {
        "paths.train": str(train),
        "paths.dev": str(dev),
        "paths.vectors": str(vectors) if vectors is not None else None,
        "system.seed": seed,
    }
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    with tempfile.TemporaryDirectory() as scratch:
        work = checkpoints if checkpoints is not None else Path(scratch)
        spacy_train(config, work, overrides=overrides)
        nlp = spacy.load(work / "model-best")
        nlp.meta["name"] = MODEL_NAME
        nlp.meta["version"] = MODEL_VERSION
        nlp.meta["description"] = "German PER/ORG/LOC/MISC named entities (NoSta-D outer level, OTH as MISC)"
        if out.exists():
            shutil.rmtree(out)
        nlp.to_disk(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline train", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--train", type=Path, required=True, help="training DocBin")
    parser.add_argument("--dev", type=Path, required=True, help="held-out DocBin for checkpoint selection")
    parser.add_argument("--vectors", type=Path, default=None, help="spaCy pipeline holding static vectors")
    parser.add_argument("--out", type=Path, required=True, help="model directory to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-steps", type=int, default=None, help="override the config's training.max_steps")
    parser.add_argument("--checkpoints", type=Path, default=None, help="keep spaCy's model-best/model-last here")
    args = parser.parse_args(argv)
    train_model(
        config=args.config,
        train=args.train,
        dev=args.dev,
        vectors=args.vectors,
        out=args.out,
        seed=args.seed,
        max_steps=args.max_steps,
        checkpoints=args.checkpoints,
    )
    return 0
