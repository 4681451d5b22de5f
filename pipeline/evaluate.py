"""Stage ``evaluate``: score the NER model on GermEval 2014 test (exact spans, per label and micro P/R/F1).

Gold labels follow ``prepare``: PER/ORG/LOC as they are, OTH as MISC, ``*deriv``/``*part`` as O.
``micro`` is over PER, ORG and LOC (the usual GermEval comparison); ``micro_all`` adds MISC.
The model tags GermEval's own tokens, so tokenisation does not affect the score.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.model import write_atomic
from pipeline.prepare import LABELS, doc_from_sentence, load_label_maps, read_germeval

CORE_LABELS = ("PER", "ORG", "LOC")


def prf(*, true_positives: int, predicted: int, gold: int) -> dict[str, float | int]:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "p": round(100 * precision, 2),
        "r": round(100 * recall, 2),
        "f1": round(100 * f1, 2),
        "tp": true_positives,
        "predicted": predicted,
        "gold": gold,
    }


def score_spans(gold_docs: list[Doc], predicted_docs: list[Doc]) -> dict[str, dict[str, float | int]]:
    """Exact-span scores per label, ``micro`` over PER/ORG/LOC and ``micro_all`` over all labels."""
    true_positives: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for gold_doc, predicted_doc in zip(gold_docs, predicted_docs, strict=True):
        gold_spans = {(ent.start, ent.end, ent.label_) for ent in gold_doc.ents}
        predicted_spans = {(ent.start, ent.end, ent.label_) for ent in predicted_doc.ents}
        for _, _, label in gold_spans:
            gold[label] += 1
        for span in predicted_spans:
            predicted[span[2]] += 1
            true_positives[span[2]] += span in gold_spans
    scores = {
        label: prf(true_positives=true_positives[label], predicted=predicted[label], gold=gold[label]) for label in LABELS
    }
    for name, labels in (("micro", CORE_LABELS), ("micro_all", LABELS)):
        scores[name] = prf(
            true_positives=sum(true_positives[label] for label in labels),
            predicted=sum(predicted[label] for label in labels),
            gold=sum(gold[label] for label in labels),
        )
    return scores


def predict(nlp: Language, gold_docs: list[Doc], *, batch_size: int = 256) -> list[Doc]:
    """The model's entities on copies of the gold documents' tokens."""
    unlabelled = [Doc(nlp.vocab, words=[token.text for token in doc], spaces=[bool(token.whitespace_) for token in doc]) for doc in gold_docs]
    return list(nlp.pipe(unlabelled, batch_size=batch_size))


def germeval_gold(nlp: Language, path: Path) -> list[Doc]:
    nosta = load_label_maps()["nosta_d"]
    return [doc_from_sentence(nlp.vocab, sentence, labels=nosta) for sentence in read_germeval(path)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--test", type=Path, required=True, help="GermEval 2014 NER-de-test.tsv.gz")
    parser.add_argument("--out", type=Path, required=True, help="metrics JSON to write")
    args = parser.parse_args(argv)
    nlp = spacy.load(args.model)
    gold = germeval_gold(nlp, args.test)
    scores = score_spans(gold, predict(nlp, gold))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, json.dumps(scores, indent=2, sort_keys=True) + "\n")
    print(json.dumps({label: scores[label]["f1"] for label in (*LABELS, "micro", "micro_all")}))
    return 0
