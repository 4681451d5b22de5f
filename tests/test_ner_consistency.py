"""The NER consistency pass (rules of pipeline/data/ner_consistency.json) and the conventions benchmark."""

from __future__ import annotations

import gzip
import json

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from benchmarks.ner_conventions import form_disagreements, pattern_labels
from pipeline import prepare
from pipeline.prepare import (
    TaggedSentence,
    apply_consistency,
    consistency_rules,
    doc_from_sentence,
    load_consistency_config,
    load_label_maps,
)


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("de").vocab


@pytest.fixture(scope="module")
def rules():
    return consistency_rules(load_consistency_config())


def nosta_doc(vocab, text: str, tags: str, *, missing: frozenset[int] = frozenset()) -> Doc:
    sentence = TaggedSentence(text.split(" "), tags.split(" "), missing=missing)
    return doc_from_sentence(vocab, sentence, labels=load_label_maps()["nosta_d"])


def entities(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in doc.ents]


def test_leagues_become_outside_but_named_bodies_called_liga_stay(vocab, rules):
    doc = nosta_doc(
        vocab,
        "Er kam aus der 3. Liga in die Bundesliga zum FC Augsburg , nicht zur Arabischen Liga .",
        "O O O O B-ORG I-ORG O O B-ORG O B-ORG I-ORG O O O B-ORG I-ORG O",
    )
    assert apply_consistency(doc, rules=rules) == ["sports-leagues", "sports-leagues"]
    assert entities(doc) == [("FC Augsburg", "ORG"), ("Arabischen Liga", "ORG")]
    assert [token.ent_iob_ for token in doc[4:9]] == ["O", "O", "O", "O", "O"]


def test_compound_and_suffixed_league_names(vocab, rules):
    doc = nosta_doc(vocab, "Sie spielt in der Frauen-Bundesliga und er in der Oberliga West .",
                    "O O O O B-ORG O O O O B-ORG I-ORG O")
    assert apply_consistency(doc, rules=rules) == ["sports-leagues", "sports-leagues"]
    assert entities(doc) == []


def test_newspapers_tagged_as_works_become_org_but_titles_do_not(vocab, rules):
    doc = nosta_doc(
        vocab,
        "Laut Die Zeit vom 3. Mai lief Die Welt ist nicht genug im ZDF .",
        "O B-OTH I-OTH O O O O B-OTH I-OTH I-OTH I-OTH I-OTH O B-ORG O",
    )
    assert apply_consistency(doc, rules=rules) == ["newspapers-as-org"]
    assert entities(doc) == [("Die Zeit", "ORG"), ("Die Welt ist nicht genug", "MISC"), ("ZDF", "ORG")]


def test_cdu_before_a_csu_compound_joins_the_part_span(vocab, rules):
    doc = nosta_doc(vocab, "Die CDU / CSU-Fraktion und die CDU / CSU stimmen zu .",
                    "O B-ORG O B-ORGpart O O B-ORG I-ORG I-ORG O O O")
    assert apply_consistency(doc, rules=rules) == ["cdu-csu-compound"]
    assert entities(doc) == [("CDU / CSU", "ORG")]
    assert doc[1].ent_iob_ == "O"


def test_relabelling_keeps_unknown_tokens_unknown(vocab, rules):
    doc = nosta_doc(vocab, "Die Luftwaffe flog nach Köln .", "O B-ORG O O B-LOC O", missing=frozenset({4}))
    assert entities(doc) == [("Luftwaffe", "ORG")]  # the unknown token hides the LOC span
    assert apply_consistency(doc, rules=rules) == ["luftwaffe"]
    assert entities(doc) == []
    assert [token.ent_iob_ for token in doc] == ["O", "O", "O", "O", "", "O"]


def test_a_doc_without_matching_entities_is_left_as_it_was(vocab, rules):
    doc = nosta_doc(vocab, "Anna Müller liest den Spiegel .", "B-PER I-PER O O B-ORG O")
    before = doc.to_bytes()
    assert apply_consistency(doc, rules=rules) == []
    assert doc.to_bytes() == before


def test_forms_are_exact_text_not_patterns(vocab):
    rules = consistency_rules({"rules": [{"name": "tv", "forms": ["Sat.1"], "from": ["ORG"], "to": "MISC", "reason": "test"}]})
    doc = nosta_doc(vocab, "Sat.1 und Satx1 senden .", "B-ORG O B-ORG O O")
    assert apply_consistency(doc, rules=rules) == ["tv"]
    assert entities(doc) == [("Sat.1", "MISC"), ("Satx1", "ORG")]


def test_every_rule_names_its_reason_and_a_known_target():
    config = load_consistency_config()
    for rule in consistency_rules(config):
        assert rule.reason and rule.target in (None, *prepare.LABELS)
        assert rule.source_labels <= set(prepare.LABELS)


def write_gzip(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text)


def germeval_block(words: list[str], tags: list[str]) -> str:
    return "".join(f"{index}\t{word}\t{tag}\tO\n" for index, (word, tag) in enumerate(zip(words, tags), 1)) + "\n"


def test_prepare_consistency_changes_annotated_de_but_never_germeval_dev(tmp_path):
    data = tmp_path / "data"
    record = {"source": "raw-de/sentences.txt.gz", "index": 1, "round": 1,
              "tokens": ["Er", "spielt", "in", "der", "Bundesliga", "für", "Mainz", "."],
              "tags": ["O", "O", "O", "O", "B-ORG", "O", "B-ORG", "O"]}
    write_gzip(data / "annotated-de" / "annotated.jsonl.gz", json.dumps(record) + "\n")
    league = (["Die", "Bundesliga", "startet", "."], ["O", "B-ORG", "O", "O"])
    write_gzip(data / "germeval2014" / "NER-de-dev.tsv.gz", germeval_block(*league) * 3)
    common = ["--data", str(data), "--annotated-rounds", "1", "--no-smartdata-labels", "--no-ler", "--germeval-dev-repeat", "1"]
    assert prepare.main([*common, "--out", str(tmp_path / "plain")]) == 0
    assert prepare.main([*common, "--out", str(tmp_path / "consistent"), "--consistency"]) == 0

    counts = json.loads((tmp_path / "consistent" / "counts.json").read_text(encoding="utf-8"))
    assert counts == {
        "annotated-de": 1,
        "consistency:sports-leagues:annotated-de": 1,
        "consistency:luftwaffe:annotated-de": 0,
        "consistency:newspapers-as-org:annotated-de": 0,
        "consistency:cdu-csu-compound:annotated-de": 0,
        "germeval-dev-train": 2,
        "germeval-dev-held-out": 1,
    }
    assert (tmp_path / "plain" / "dev.spacy").read_bytes() == (tmp_path / "consistent" / "dev.spacy").read_bytes()
    nlp = spacy.blank("de")
    train = list(DocBin().from_disk(tmp_path / "consistent" / "train.spacy").get_docs(nlp.vocab))
    assert [entities(doc) for doc in train] == [[("Mainz", "ORG")], [("Bundesliga", "ORG")], [("Bundesliga", "ORG")]]


def test_benchmark_counts_occurrences_and_disagreements():
    germeval = [
        TaggedSentence(["Die", "Bundesliga", "startet", "."], ["O", "O", "O", "O"]),
        TaggedSentence(["Der", "Spiegel", "berichtet", "."], ["O", "B-ORG", "O", "O"]),
    ]
    annotated = [
        TaggedSentence(["In", "der", "3.", "Liga", "und", "der", "Bundesliga", "."], ["O", "O", "B-ORG", "I-ORG", "O", "O", "B-ORG", "O"]),
        TaggedSentence(["Der", "Spiegel", "hängt", "im", "Spiegel", "Verlag", "."], ["O", "B-OTH", "O", "O", "B-ORG", "I-ORG", "O"]),
    ]
    league = next(rule for rule in consistency_rules(load_consistency_config()) if rule.name == "sports-leagues")
    assert pattern_labels(annotated, league.matches) == {"ORG": 2}
    assert pattern_labels(germeval, league.matches) == {"O": 1}
    assert form_disagreements(annotated, germeval) == [
        {"form": "Bundesliga", "disagreeing": 1, "germeval": {"O": 1}, "annotated": {"ORG": 1}},
        {"form": "Spiegel", "disagreeing": 1, "germeval": {"ORG": 1}, "annotated": {"OTH": 1, "in-ORG": 1}},
    ]
