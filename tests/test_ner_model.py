"""Exact-span scoring of NER output."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from pipeline.evaluate import score_spans


def doc_with(words: list[str], spans: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("de").vocab, words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in spans]
    return doc


def test_scores_count_only_exact_spans_with_the_right_label():
    words = ["Anna", "Müller", "von", "Siemens", "in", "Bad", "Tölz", "las", "Faust"]
    gold = doc_with(words, [(0, 2, "PER"), (3, 4, "ORG"), (5, 7, "LOC"), (8, 9, "MISC")])
    predicted = doc_with(words, [(0, 2, "PER"), (3, 4, "LOC"), (6, 7, "LOC"), (8, 9, "MISC")])
    scores = score_spans([gold], [predicted])
    assert scores["PER"] == {"p": 100.0, "r": 100.0, "f1": 100.0, "tp": 1, "predicted": 1, "gold": 1}
    assert scores["ORG"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "predicted": 0, "gold": 1}
    assert scores["LOC"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "predicted": 2, "gold": 1}
    assert scores["micro"] == {"p": 33.33, "r": 33.33, "f1": 33.33, "tp": 1, "predicted": 3, "gold": 3}
    assert scores["micro_all"] == {"p": 50.0, "r": 50.0, "f1": 50.0, "tp": 2, "predicted": 4, "gold": 4}
