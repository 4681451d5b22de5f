"""The shipped NER model and the exact-span scoring used to evaluate it."""

from __future__ import annotations

from pathlib import Path

import pytest
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


MODEL = Path(__file__).resolve().parents[1] / "models" / "ner"

# Self-written sentences about people and companies of the seed articles, with the entities the
# shipped model must find (exact text and label, in order).
EXPECTED = {
    "Mark Zuckerberg bot Andrew Tulloch ein Paket im Wert von 1,5 Milliarden US-Dollar an.": [
        ("Mark Zuckerberg", "PER"),
        ("Andrew Tulloch", "PER"),
    ],
    "Mira Murati hat OpenAI verlassen.": [
        ("Mira Murati", "PER"),
        ("OpenAI", "ORG"),
    ],
    "Google und OpenAI suchen in den USA nach Forschern.": [
        ("Google", "ORG"),
        ("OpenAI", "ORG"),
        ("USA", "LOC"),
    ],
    "Die Firma Anthropic wurde von ehemaligen Mitarbeitern von OpenAI gegründet.": [
        ("Anthropic", "ORG"),
        ("OpenAI", "ORG"),
    ],
    "Angela Merkel traf in Berlin den Vorstand der Deutschen Bank.": [
        ("Angela Merkel", "PER"),
        ("Berlin", "LOC"),
        ("Deutschen Bank", "ORG"),
    ],
}


@pytest.fixture(scope="module")
def shipped():
    return spacy.load(MODEL)


def test_shipped_model_has_only_builtin_tok2vec_and_ner(shipped):
    assert shipped.pipe_names == ["tok2vec", "ner"]
    assert sorted(shipped.get_pipe("ner").labels) == ["LOC", "MISC", "ORG", "PER"]


@pytest.mark.parametrize("sentence", sorted(EXPECTED))
def test_shipped_model_tags_sentences_exactly(shipped, sentence):
    assert [(ent.text, ent.label_) for ent in shipped(sentence).ents] == EXPECTED[sentence]
