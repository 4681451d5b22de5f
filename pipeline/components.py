"""spaCy components of the extraction pipeline, registered with ``@Language.factory``.

The money and date grammars work on the document's characters, not its tokens, because German
compounds ("170-Milliarden-Dollar-Startup") hide amounts inside single tokens; their mentions are
kept on ``doc._.money`` and ``doc._.dates`` with character offsets.
"""

from __future__ import annotations

import json

from pathlib import Path

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.dates import find_dates
from pipeline.model import read_jsonl
from pipeline.money import find_money

for _name in ("published", "money", "dates"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

NAMES_FILE = Path(__file__).parent / "data" / "names_de.json"
# names ending in a hissing sound take an apostrophe in the genitive ("Max'"), yet news also writes "MiniMaxs"
APOSTROPHE_GENITIVE_ENDINGS = ("s", "ß", "x", "z")


class MoneyRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        doc._.money = find_money(doc.text)
        return doc


class DateRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = find_dates(doc.text, doc._.published)
        return doc


@Language.factory("money_recognizer")
def create_money_recognizer(nlp: Language, name: str) -> MoneyRecognizer:
    return MoneyRecognizer()


@Language.factory("date_recognizer")
def create_date_recognizer(nlp: Language, name: str) -> DateRecognizer:
    return DateRecognizer()


def genitive_forms(name: str) -> list[str]:
    """German genitives of a name: "Metas"; "MiniMax'" and "MiniMaxs"; "Stars'" (never "Starss")."""
    if name.endswith(("s", "ß")):
        return [name + "'"]
    if name.endswith(APOSTROPHE_GENITIVE_ENDINGS):
        return [name + "'", name + "s"]
    return [name + "s"]


def gazetteer_patterns(path: Path, *, genitive: bool) -> list[dict]:
    """Patterns of the gazetteer file, plus the German genitives of each name."""
    patterns = []
    for entry in read_jsonl(path):
        name = entry["pattern"]
        canonical = entry.get("id", name)
        forms = [name, *genitive_forms(name)] if genitive else [name]
        patterns.extend({"label": entry["label"], "pattern": form, "id": canonical} for form in forms)
    return sorted(patterns, key=lambda p: (p["label"], p["pattern"]))


@Language.factory(
    "gazetteer",
    default_config={"patterns_path": None, "genitive": True},
)
def create_gazetteer(nlp: Language, name: str, *, patterns_path: str | None, genitive: bool) -> EntityRuler:
    """An entity ruler over the names our users track; its hits overwrite the statistical model's."""
    ruler = EntityRuler(nlp, name=name, overwrite_ents=True)
    if patterns_path:
        ruler.add_patterns(gazetteer_patterns(Path(patterns_path), genitive=genitive))
    return ruler


class NameConsistency:
    """Document-level name rules on top of the model and the gazetteer.

    A person named in full ("Mark Zuckerberg") is the same person when the article later says
    "Zuckerberg" or "Zuckerbergs", whatever the model guessed for that lone word; words that are never
    names ("KI", "CEO", "Deep Learning") lose the label the model gave them, and so do hyphenated
    compounds they head ("Deep Learning-Forschung"), which name a field or a thing, not a bearer of a
    name. Gazetteer hits are never overridden.
    """

    def __init__(self, *, not_names: frozenset[str], min_surname_chars: int) -> None:
        self.not_names = not_names
        self.min_surname_chars = min_surname_chars

    def __call__(self, doc: Doc) -> Doc:
        entities = [ent for ent in doc.ents if ent.ent_id_ or not self._is_generic(ent.text)]
        surnames = self._surnames(entities)
        fixed = {i for ent in entities if ent.ent_id_ or len(ent) > 1 and ent.label_ == "PER" for i in range(ent.start, ent.end)}
        mentions = []
        for token in doc:
            canonical = surnames.get(token.text) or surnames.get(token.text[:-1] if token.text.endswith("s") else "")
            if canonical and token.i not in fixed:
                mentions.append(Span(doc, token.i, token.i + 1, label="PER", span_id=canonical))
        taken = {i for span in mentions for i in range(span.start, span.end)}
        kept = [ent for ent in entities if not taken.intersection(range(ent.start, ent.end))]
        doc.ents = sorted(filter_spans(mentions + kept), key=lambda span: span.start)
        return doc

    def _is_generic(self, text: str) -> bool:
        return text in self.not_names or text.partition("-")[0] in self.not_names

    def _surnames(self, entities: list[Span]) -> dict[str, str]:
        surnames: dict[str, str] = {}
        for ent in entities:
            words = [token.text for token in ent]
            if ent.label_ != "PER" or len(words) < 2 or not all(w.isalpha() and w[0].isupper() for w in words):
                continue
            if len(words[-1]) >= self.min_surname_chars:
                surnames.setdefault(words[-1], ent.ent_id_ or ent.text)
        return surnames


@Language.factory("name_consistency", default_config={"names_path": None})
def create_name_consistency(nlp: Language, name: str, *, names_path: str | None) -> NameConsistency:
    rules = json.loads(Path(names_path or NAMES_FILE).read_text(encoding="utf-8"))
    return NameConsistency(not_names=frozenset(rules["not_names"]), min_surname_chars=rules["min_surname_chars"])
