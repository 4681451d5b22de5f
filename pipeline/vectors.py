"""Stage ``vectors``: train floret subword vectors on raw German sentences and save them as a spaCy pipeline.

The vectors feed the NER model's tok2vec as static features. floret hashes words and their character
n-grams into one small table, so unseen compounds ("KI-Startup") still get a vector.
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
from pathlib import Path

import spacy
from spacy.training.initialize import convert_vectors


def tokenize_corpus(*, source: Path, target: Path, batch_size: int = 10_000) -> int:
    """Write ``source`` (gzip, one sentence a line) as space-joined spaCy tokens; return the token count."""
    tokenizer = spacy.blank("de").tokenizer
    tokens = 0
    with gzip.open(source, "rt", encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for doc in tokenizer.pipe((line.rstrip("\n") for line in lines), batch_size=batch_size):
            words = [token.text for token in doc if not token.is_space]
            tokens += len(words)
            out.write(" ".join(words) + "\n")
    return tokens


def train_floret(
    *,
    text: Path,
    target: Path,
    dim: int,
    bucket: int,
    minn: int,
    maxn: int,
    hash_count: int,
    epoch: int,
    min_count: int,
    threads: int,
) -> None:
    """Train skipgram floret vectors on ``text`` and write them in floret's text format to ``target``."""
    import floret

    model = floret.train_unsupervised(
        str(text),
        model="skipgram",
        mode="floret",
        dim=dim,
        bucket=bucket,
        minn=minn,
        maxn=maxn,
        hashCount=hash_count,
        epoch=epoch,
        minCount=min_count,
        thread=threads,
        verbose=1,
    )
    model.save_floret_vectors(str(target))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline vectors", description=__doc__)
    parser.add_argument("--raw", type=Path, required=True, help="gzip text, one sentence a line")
    parser.add_argument("--out", type=Path, required=True, help="spaCy pipeline directory holding the vectors")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--bucket", type=int, default=50_000)
    parser.add_argument("--minn", type=int, default=4)
    parser.add_argument("--maxn", type=int, default=5)
    parser.add_argument("--hash-count", type=int, default=2)
    parser.add_argument("--epoch", type=int, default=5)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as work:
        text = Path(work) / "tokens.txt"
        tokens = tokenize_corpus(source=args.raw, target=text)
        print(f"tokenised {tokens:,} tokens")
        table = Path(work) / "vectors.floret"
        train_floret(
            text=text,
            target=table,
            dim=args.dim,
            bucket=args.bucket,
            minn=args.minn,
            maxn=args.maxn,
            hash_count=args.hash_count,
            epoch=args.epoch,
            min_count=args.min_count,
            threads=args.threads,
        )
        nlp = spacy.blank("de")
        convert_vectors(nlp, table, truncate=0, prune=-1, mode="floret")
        args.out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(args.out)
    print(f"wrote {args.out} ({nlp.vocab.vectors.shape[0]} x {nlp.vocab.vectors.shape[1]} floret table)")
    return 0
