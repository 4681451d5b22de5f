"""How annotated-de labels surface forms compared with GermEval 2014's own gold, to find convention gaps.

Compares annotated-de (NoSta-D tags, chosen rounds) with the *training part* of GermEval 2014 dev, i.e.
without the held-out every ``--dev-every``-th sentence that the prepare stage keeps for model selection
(GermEval test is never read). Both are read from the shared data at run time.

An *occurrence* of a form is a run of tokens whose words, joined by single spaces, match it. Its label is
the NoSta-D type when one entity spans exactly those tokens, ``O`` when all its tokens are outside,
``in-<type>`` when it lies inside a longer entity, else ``mixed``.

1. **rules and watched classes** — for every rule and ``watch`` entry of ``pipeline/data/ner_consistency.json``:
   the label counts of its occurrences in both corpora (the counts the rules' reasons cite).
2. **surface forms** — every entity text of either corpus (up to five tokens) that occurs in both, where
   annotated-de gives a label other than GermEval's most frequent one (``in-`` labels are not counted as
   disagreement): printed by the number of disagreeing annotated-de occurrences.

Run from the repository root: ``python -m benchmarks.ner_conventions [--rounds 1,2,3] [--top 60] [--json]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.prepare import (
    TaggedSentence,
    bio_spans,
    consistency_rules,
    load_consistency_config,
    read_annotated,
    read_germeval,
    split_germeval_dev,
)

REPO = Path(__file__).resolve().parent.parent
# the `data` link made by `make data`, else the shared folder beside the repository
DATA = next((p for p in (REPO / "data", REPO.parent / "shared" / "data") if p.is_dir()), REPO / "data")
MAX_FORM_TOKENS = 5


def occurrence_label(tags: list[str], spans: dict[tuple[int, int], str], owner: list[tuple[int, int, str] | None],
                     start: int, end: int) -> str:
    """NoSta-D type of the entity exactly on ``[start, end)``, ``O``, ``in-<type>`` or ``mixed``."""
    if (start, end) in spans:
        return spans[(start, end)]
    if all(tag == "O" for tag in tags[start:end]):
        return "O"
    if owner[start] is not None and owner[start] == owner[end - 1]:
        return f"in-{owner[start][2]}"
    return "mixed"


def sentence_index(sentence: TaggedSentence) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, str] | None]]:
    """Entities by token range, and for each token the entity holding it."""
    spans = {(start, end): kind for start, end, kind in bio_spans(sentence.tags)}
    owner: list[tuple[int, int, str] | None] = [None] * len(sentence.words)
    for (start, end), kind in spans.items():
        for index in range(start, end):
            owner[index] = (start, end, kind)
    return spans, owner


def pattern_labels(sentences: list[TaggedSentence], matches) -> Counter[str]:
    """Labels of the occurrences of a pattern: at each token the longest matching run wins, scanning left to right."""
    labels: Counter[str] = Counter()
    for sentence in sentences:
        spans, owner = sentence_index(sentence)
        start = 0
        while start < len(sentence.words):
            end = next((end for end in range(min(len(sentence.words), start + MAX_FORM_TOKENS), start, -1)
                        if matches(sentence.words, start, end)), None)
            if end is None:
                start += 1
                continue
            labels[occurrence_label(sentence.tags, spans, owner, start, end)] += 1
            start = end
    return labels


def entity_forms(sentences: list[TaggedSentence]) -> set[tuple[str, ...]]:
    return {tuple(s.words[start:end]) for s in sentences for start, end, _ in bio_spans(s.tags) if end - start <= MAX_FORM_TOKENS}


def form_labels(sentences: list[TaggedSentence], forms: set[tuple[str, ...]]) -> dict[tuple[str, ...], Counter[str]]:
    """Labels of every occurrence of each form (all token runs, overlapping ones included)."""
    labels: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        spans, owner = sentence_index(sentence)
        for start in range(len(sentence.words)):
            for end in range(start + 1, min(len(sentence.words), start + MAX_FORM_TOKENS) + 1):
                form = tuple(sentence.words[start:end])
                if form in forms:
                    labels[form][occurrence_label(sentence.tags, spans, owner, start, end)] += 1
    return labels


def form_disagreements(annotated: list[TaggedSentence], germeval: list[TaggedSentence]) -> list[dict]:
    """Forms annotated-de labels otherwise than GermEval's majority, most disagreeing occurrences first."""
    forms = entity_forms(annotated) | entity_forms(germeval)
    in_germeval = form_labels(germeval, forms)
    in_annotated = form_labels(annotated, set(in_germeval))
    rows = []
    for form, germeval_labels in in_germeval.items():
        annotated_labels = in_annotated.get(form)
        if not annotated_labels:
            continue
        majority = sorted(germeval_labels.items(), key=lambda item: (-item[1], item[0]))[0][0]
        if majority.startswith("in-"):
            continue
        disagreeing = sum(count for label, count in annotated_labels.items() if label != majority and not label.startswith("in-"))
        if disagreeing:
            rows.append({"form": " ".join(form), "disagreeing": disagreeing, "germeval": dict(sorted(germeval_labels.items())),
                         "annotated": dict(sorted(annotated_labels.items()))})
    return sorted(rows, key=lambda row: (-row["disagreeing"], row["form"]))


def text_matcher(pattern: re.Pattern[str]):
    """A ``matches(words, start, end)`` test of the words joined by single spaces, like ``ConsistencyRule.matches``."""
    return lambda words, start, end: pattern.fullmatch(" ".join(words[start:end])) is not None


def class_table(annotated: list[TaggedSentence], germeval: list[TaggedSentence], config: dict) -> list[dict]:
    """Label counts of each rule's and watched class's occurrences in both corpora."""
    classes = [(f"rule {rule.name}", rule.matches) for rule in consistency_rules(config)]
    classes += [(f"watch {name}", text_matcher(re.compile(pattern))) for name, pattern in config["watch"].items()]
    return [
        {"class": name, "germeval": dict(pattern_labels(germeval, matches).most_common()),
         "annotated": dict(pattern_labels(annotated, matches).most_common())}
        for name, matches in classes
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA / "ner")
    parser.add_argument("--rounds", default="1,2,3", help="annotated-de rounds, comma-separated")
    parser.add_argument("--dev-every", type=int, default=3, help="the prepare stage's held-out share of GermEval dev")
    parser.add_argument("--top", type=int, default=60, help="surface forms to print")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = parser.parse_args(argv)

    annotated = read_annotated(args.data / "annotated-de" / "annotated.jsonl.gz",
                               rounds=frozenset(int(value) for value in args.rounds.split(",")))
    germeval_training, _ = split_germeval_dev(read_germeval(args.data / "germeval2014" / "NER-de-dev.tsv.gz"), every=args.dev_every)
    classes = class_table(annotated, germeval_training, load_consistency_config())
    forms = form_disagreements(annotated, germeval_training)[: args.top]
    if args.json:
        print(json.dumps({"sentences": {"annotated-de": len(annotated), "germeval-dev-training": len(germeval_training)},
                          "classes": classes, "forms": forms}, ensure_ascii=False, indent=1))
        return 0
    print(f"annotated-de rounds {args.rounds}: {len(annotated)} sentences; GermEval dev training part: {len(germeval_training)} sentences")
    print("\n# rules and watched classes: label counts (GermEval dev training part | annotated-de)")
    for row in classes:
        print(f"{row['class']:<40} {row['germeval']} | {row['annotated']}")
    print("\n# surface forms annotated-de labels otherwise than GermEval's majority (disagreeing occurrences)")
    for row in forms:
        print(f"{row['disagreeing']:>5}  {row['form']:<40} {row['germeval']} | {row['annotated']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
