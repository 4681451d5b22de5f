"""Conversion of the NER corpora to spaCy docs: exact spans, label mapping, missing tokens."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from pipeline import prepare
from pipeline.prepare import (
    TaggedSentence,
    bio_spans,
    doc_from_sentence,
    ler_docs,
    load_label_maps,
    read_annotated,
    read_germeval,
    read_json_stream,
    read_ler,
    smartdata_doc,
    split_germeval_dev,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ner"
SHARED_NER = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ner"


def gzipped(source: Path, folder: Path, name: str) -> Path:
    target = folder / name
    with source.open("rb") as plain, gzip.open(target, "wb") as packed:
        shutil.copyfileobj(plain, packed)
    return target


def entities(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in doc.ents]


def missing_tokens(doc: Doc) -> list[str]:
    return [token.text for token in doc if token.ent_iob_ == ""]


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("de").vocab


@pytest.fixture(scope="module")
def maps():
    return load_label_maps()


def test_bio_spans_reads_bio_and_iob1_starts():
    tags = ["I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "I-ORG", "O"]
    assert bio_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC"), (6, 7, "ORG")]


def test_germeval_outer_tags_map_oth_to_misc_and_drop_deriv_and_part(tmp_path, vocab, maps):
    sentences = read_germeval(gzipped(FIXTURES / "germeval.tsv", tmp_path, "g.tsv.gz"))
    docs = [doc_from_sentence(vocab, sentence, labels=maps["nosta_d"]) for sentence in sentences]
    assert [len(doc) for doc in docs] == [12, 9]
    assert entities(docs[0]) == [("Siemens", "ORG"), ("Anna Müller", "PER"), ("Bad Tölz", "LOC")]
    assert entities(docs[1]) == [("Sommer in Rom", "MISC")]
    assert docs[0][1].ent_iob_ == "O" and docs[1][7].text == "EU-Parlament" and docs[1][7].ent_iob_ == "O"
    assert missing_tokens(docs[0]) == [] and missing_tokens(docs[1]) == []


def test_annotated_rounds_and_spaces_from_offsets(tmp_path, vocab, maps):
    path = gzipped(FIXTURES / "annotated.jsonl", tmp_path, "a.jsonl.gz")
    sentences = read_annotated(path, rounds=frozenset({1, 2}))
    assert len(sentences) == 2
    first = doc_from_sentence(vocab, sentences[0], labels=maps["nosta_d"])
    assert first.text == "Die CDU/CSU-Fraktion und Olaf Scholz (SPD) loben die EU."
    assert entities(first) == [("Olaf Scholz", "PER"), ("SPD", "ORG"), ("EU", "ORG")]
    second = doc_from_sentence(vocab, sentences[1], labels=maps["nosta_d"])
    assert second.text == "Der Roman Die Blechtrommel spielt in Danzig ."
    assert entities(second) == [("Die Blechtrommel", "MISC"), ("Danzig", "LOC")]
    assert [s.words for s in read_annotated(path, rounds=frozenset({3}))] == [["Bosch", "wächst", "."]]


def test_ler_removes_duplicates_and_marks_laws_and_long_court_names_missing(tmp_path, vocab, maps):
    sentences = read_ler([gzipped(FIXTURES / "ler.conll", tmp_path, "bag.conll.gz")], max_tokens=150)
    assert len(sentences) == 3
    assert all(not word.endswith("\r") for sentence in sentences for word in sentence.words)
    docs = ler_docs(vocab, sentences, ler_map=maps["ler"])
    assert len(docs) == 2  # the sentence without any entity is left out
    assert entities(docs[0]) == [("Bundesgerichtshof", "ORG"), ("Karlsruhe", "LOC")]
    assert missing_tokens(docs[0]) == ["§", "5", "BGB"]
    assert entities(docs[1]) == [("Meier", "PER")]
    assert missing_tokens(docs[1]) == ["Landgericht", "Köln"]
    assert len(read_ler([tmp_path / "bag.conll.gz"], max_tokens=7)) == 2


def test_smartdata_char_spans_inside_tokens_and_across_lines_are_missing(tmp_path, maps):
    path = gzipped(FIXTURES / "smartdata.json", tmp_path, "s.json.gz")
    documents = list(read_json_stream(path))
    assert [document["id"] for document in documents] == ["fixture-1", "fixture-2"]
    nlp = spacy.blank("de")
    doc = smartdata_doc(nlp, documents[0], smartdata_map=maps["smartdata"], common=frozenset({"Gruppe"}))
    # "Joe" alone is nested in "Joe Kaeser": the longer mention wins.
    assert entities(doc) == [("Joe Kaeser", "PER"), ("München", "LOC"), ("Fiat", "ORG"), ("Ulm", "LOC")]
    # "Siemens" ends inside "Siemens-Chef"; the company mention crosses a line break; A3 is a route.
    assert missing_tokens(doc) == ["Siemens-Chef", "den", "\n", "Konzern", "Chrysler", "A3"]
    # a derived adjective and a common noun standing for a company stay O
    assert doc[9].text == "italienische" and doc[9].ent_iob_ == "O"
    assert doc[10].text == "Gruppe" and doc[10].ent_iob_ == "O"
    second = smartdata_doc(nlp, documents[1], smartdata_map=maps["smartdata"], common=frozenset())
    assert entities(second) == [("Anna Schmidt", "PER"), ("Bosch", "ORG")]


def test_germeval_dev_split_holds_out_every_nth_sentence():
    sentences = [TaggedSentence([str(index)], ["O"]) for index in range(7)]
    training, held_out = split_germeval_dev(sentences, every=3)
    assert [s.words[0] for s in held_out] == ["0", "3", "6"]
    assert [s.words[0] for s in training] == ["1", "2", "4", "5"]


@pytest.mark.skipif(not SHARED_NER.is_dir(), reason="shared NER corpora not present")
def test_prepare_on_shared_corpora_writes_the_documented_mix(tmp_path):
    assert prepare.main(["--data", str(SHARED_NER), "--out", str(tmp_path)]) == 0
    nlp = spacy.blank("de")
    dev = list(DocBin().from_disk(tmp_path / "dev.spacy").get_docs(nlp.vocab))
    train = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(nlp.vocab))
    assert len(dev) == 734  # every third of GermEval dev's 2,200 sentences
    assert len(train) == 24_000 + 2_436 + 7_818 + 3 * 1_466
    labels = {ent.label_ for doc in train for ent in doc.ents}
    assert labels == {"PER", "ORG", "LOC", "MISC"}
