"""Subject or object? The event role rules against a dependency parser, on UD German GSD test.

The event rules decide who is the actor of a verb from word order and case cues (see
``pipeline.coref.grammar_hints``): the first name in the clause without a preposition and without a
dative or accusative article is the subject, the other names are objects ("Ihm bot Zuckerberg ...
an"). This script measures that decision on gold syntax and compares it with a spaCy dependency
parser trained on the other German UD data we have (GSD dev + PUD; the GSD train split is missing),
and with a baseline that takes the first name of each verb as its subject (word order only).

Cases: every proper noun or third-person pronoun of UD German GSD **test** that is the nominal
subject (nsubj, nsubj:pass) or object (obj, iobj) of a verb. The rules see, per verb, the gold set of
its name and pronoun arguments (as the event stage sees the entities of a clause) and label the first
unmarked one subject; the parser labels each argument by the relation it predicts. A case is right
when subject/object agrees with the gold relation.

Run from the repository root: ``python -m benchmarks.events_roles_ud [--model DIR]``. Without a model
folder, the parser is trained first into ``benchmarks/work/ud-parser`` (a few minutes on a CPU).
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from pipeline.coref import grammar_hints, load_data
from pipeline.sentences import Sentence, Token

REPO = Path(__file__).resolve().parent.parent
DATA = next((p for p in (REPO / "data", REPO.parent / "shared" / "data") if p.is_dir()), REPO / "data")
UD = DATA / "ud"
WORK = REPO / "benchmarks" / "work" / "ud-parser"
SUBJECT = {"nsubj", "nsubj:pass"}
OBJECT = {"obj", "iobj"}


@dataclass(frozen=True)
class Row:
    form: str
    upos: str
    head: int
    deprel: str
    space_after: bool


def read_conllu(path: Path) -> list[list[Row]]:
    sentences, rows = [], []
    for line in gzip.open(path, "rt", encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if rows:
                sentences.append(rows)
            rows = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if not cols[0].isdigit():
            continue  # multi-word token ranges and empty nodes
        rows.append(Row(cols[1], cols[3], int(cols[6]), cols[7], "SpaceAfter=No" not in cols[9]))
    if rows:
        sentences.append(rows)
    return sentences


def as_sentence(rows: list[Row]) -> Sentence:
    tokens, offset = [], 0
    for row in rows:
        tokens.append(Token(row.form, row.form.lower(), offset, offset + len(row.form)))
        offset += len(row.form) + (1 if row.space_after else 0)
    text = "".join(r.form + (" " if r.space_after else "") for r in rows).rstrip()
    return Sentence(0, 0, 0, len(text), text, tuple(tokens))


def arguments(rows: list[Row], pronouns: dict) -> list[int]:
    """0-based indices of the name and third-person pronoun subjects and objects."""
    return [
        i for i, r in enumerate(rows)
        if r.deprel.split(":")[0] in ("nsubj", "obj", "iobj") and r.deprel in SUBJECT | OBJECT
        and (r.upos == "PROPN" or (r.upos == "PRON" and r.form.lower() in pronouns and r.form != "Sie"))
    ]


def rule_labels(rows: list[Row], args: list[int], grammar: dict) -> dict[int, str]:
    sentence = as_sentence(rows)
    spans = [(sentence.tokens[i].start, sentence.tokens[i].end) for i in args]
    labels: dict[int, str] = {}
    by_verb: dict[int, list[int]] = {}
    for i in args:
        by_verb.setdefault(rows[i].head, []).append(i)
    for members in by_verb.values():
        subject_found = False
        for i in sorted(members):
            token = sentence.tokens[i]
            hints = grammar_hints(sentence, token.start, token.end, grammar, spans)
            pronoun = grammar["pronouns"].get(token.lower)
            case = pronoun["case"] if pronoun else hints["case"]
            unmarked = hints["prep"] is None and case in (None, "nom") and not hints["possessive"]
            if unmarked and not subject_found:
                labels[i], subject_found = "subject", True
            else:
                labels[i] = "object"
    return labels


def order_labels(rows: list[Row], args: list[int]) -> dict[int, str]:
    """Baseline without case cues: the first name or pronoun of each verb is its subject."""
    firsts = {}
    for i in sorted(args):
        firsts.setdefault(rows[i].head, i)
    return {i: "subject" if firsts[rows[i].head] == i else "object" for i in args}


def parser_labels(nlp: spacy.Language, rows: list[Row], args: list[int]) -> dict[int, str]:
    doc = nlp(Doc(nlp.vocab, words=[r.form for r in rows], spaces=[r.space_after for r in rows]))
    return {i: "subject" if doc[i].dep_ in SUBJECT else "object" if doc[i].dep_ in OBJECT else "other" for i in args}


def train_parser(out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        train = Path(tmp) / "train"
        train.mkdir()
        for path in (UD / "UD_German-GSD" / "de_gsd-ud-dev.conllu.gz", UD / "UD_German-PUD" / "de_pud-ud-test.conllu.gz"):
            docs = []
            vocab = spacy.blank("de").vocab
            for rows in read_conllu(path):
                heads = [r.head - 1 if r.head else i for i, r in enumerate(rows)]
                docs.append(Doc(vocab, words=[r.form for r in rows], spaces=[r.space_after for r in rows],
                                heads=heads, deps=[r.deprel if r.head else "ROOT" for r in rows]))
            DocBin(docs=docs).to_disk(train / f"{path.name}.spacy")
        config = Path(tmp) / "parser.cfg"
        subprocess.run([sys.executable, "-m", "spacy", "init", "config", "-l", "de", "-p", "parser", "-o", "efficiency",
                        str(config), "--force"], check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "spacy", "train", str(config), "--output", str(out),
                        "--paths.train", str(train), "--paths.dev", str(train),
                        "--training.max_steps", "3000", "--training.patience", "0", "--training.eval_frequency", "1000"],
                       check=True, capture_output=True)
    return out / "model-last"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a trained spaCy parser (default: train one)")
    args = parser.parse_args(argv)
    model = args.model or (WORK / "model-last" if (WORK / "model-last").is_dir() else train_parser(WORK))
    nlp = spacy.load(model)
    grammar = load_data("events_grammar.json")
    pronouns = grammar["pronouns"]
    systems = ("rules", "word order only", "parser")
    tally = {key: [0, 0] for name in systems for key in (name, f"{name}, 2+ arguments")}
    for rows in read_conllu(UD / "UD_German-GSD" / "de_gsd-ud-test.conllu.gz"):
        found = arguments(rows, pronouns)
        if not found:
            continue
        gold = {i: "subject" if rows[i].deprel in SUBJECT else "object" for i in found}
        shared_verb = {i for i in found if sum(rows[j].head == rows[i].head for j in found) > 1}
        predictions = (rule_labels(rows, found, grammar), order_labels(rows, found), parser_labels(nlp, rows, found))
        for name, labels in zip(systems, predictions):
            for i in found:
                for key in (name, f"{name}, 2+ arguments") if i in shared_verb else (name,):
                    tally[key][0] += labels[i] == gold[i]
                    tally[key][1] += 1
    for key, (right, total) in tally.items():
        print(f"{key:<31} {right}/{total} = {right / total:.3f}" if total else f"{key:<31} no cases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
