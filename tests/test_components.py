import json

import spacy
from spacy.tokens import Span

import pipeline.components  # noqa: F401  (registers the factories)
from pipeline.components import gazetteer_patterns, genitive_forms


def write_gazetteer(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def test_genitive_forms():
    assert genitive_forms("Meta") == ["Metas"]
    assert genitive_forms("MiniMax") == ["MiniMax'", "MiniMaxs"]
    assert genitive_forms("Mars") == ["Mars'"]


def test_gazetteer_patterns_carry_canonical_ids_and_genitives(tmp_path):
    path = write_gazetteer(
        tmp_path / "g.jsonl",
        [{"label": "ORG", "pattern": "SSI", "id": "Safe Superintelligence"}, {"label": "PER", "pattern": "Ada Lovelace"}],
    )
    assert gazetteer_patterns(path, genitive=True) == [
        {"id": "Safe Superintelligence", "label": "ORG", "pattern": "SSI"},
        {"id": "Safe Superintelligence", "label": "ORG", "pattern": "SSIs"},
        {"id": "Ada Lovelace", "label": "PER", "pattern": "Ada Lovelace"},
        {"id": "Ada Lovelace", "label": "PER", "pattern": "Ada Lovelaces"},
    ]
    assert gazetteer_patterns(path, genitive=False) == [
        {"id": "Safe Superintelligence", "label": "ORG", "pattern": "SSI"},
        {"id": "Ada Lovelace", "label": "PER", "pattern": "Ada Lovelace"},
    ]


class FakeModel:
    """Stands in for the statistical NER: tags the given token ranges."""

    def __init__(self, spans):
        self.spans = spans

    def __call__(self, doc):
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in self.spans]
        return doc


def pipeline_with(tmp_path, model_spans):
    nlp = spacy.blank("de")
    gazetteer = write_gazetteer(
        tmp_path / "g.jsonl",
        [
            {"label": "ORG", "pattern": "Meta", "id": "Meta"},
            {"label": "ORG", "pattern": "Thinking Machines", "id": "Thinking Machines Lab"},
        ],
    )
    model = FakeModel(model_spans)
    nlp.add_pipe("gazetteer", config={"patterns_path": str(gazetteer), "genitive": True})
    nlp.add_pipe("name_consistency")
    return lambda text: nlp(model(nlp.make_doc(text)))


def entities(doc):
    return [(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents]


def test_a_surname_after_the_full_name_is_the_same_person(tmp_path):
    text = "Andrew Tulloch arbeitet bei Thinking Machines. Tulloch lehnte ab. Tullochs Kollegen blieben. KI wächst."
    run = pipeline_with(tmp_path, [(0, 2, "PER"), (7, 8, "LOC"), (11, 12, "ORG"), (15, 16, "ORG")])
    assert entities(run(text)) == [
        ("Andrew Tulloch", "PER", ""),
        ("Thinking Machines", "ORG", "Thinking Machines Lab"),
        ("Tulloch", "PER", "Andrew Tulloch"),
        ("Tullochs", "PER", "Andrew Tulloch"),
    ]


def test_gazetteer_hits_win_over_the_model_and_are_never_renamed(tmp_path):
    text = "Mark Meta sprach mit Meta über Metas Pläne."
    run = pipeline_with(tmp_path, [(0, 2, "PER"), (4, 5, "LOC")])
    assert entities(run(text)) == [
        ("Meta", "ORG", "Meta"),
        ("Meta", "ORG", "Meta"),
        ("Metas", "ORG", "Meta"),
    ]


def test_generic_terms_and_the_compounds_they_head_are_not_names(tmp_path):
    text = "Mira Murati stärkt die Deep Learning-Forschung und Deep Learning in der KI-Forschung von Meta."
    run = pipeline_with(tmp_path, [(0, 2, "PER"), (4, 6, "ORG"), (7, 9, "LOC"), (11, 12, "ORG")])
    assert entities(run(text)) == [("Mira Murati", "PER", ""), ("Meta", "ORG", "Meta")]
