"""spaCy components of the extraction pipeline, registered with ``@Language.factory``.

The money and date grammars work on the document's characters, not its tokens, because German
compounds ("170-Milliarden-Dollar-Startup") hide amounts inside single tokens; their mentions are
kept on ``doc._.money`` and ``doc._.dates`` with character offsets.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from pipeline.dates import find_dates
from pipeline.model import read_jsonl
from pipeline.money import find_money

for _name in ("published", "money", "dates"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

GENITIVE_UNMARKED_ENDINGS = ("s", "ß", "x", "z")


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


def gazetteer_patterns(path: Path, *, genitive: bool) -> list[dict]:
    """Patterns of the gazetteer file, plus the German genitive ("Metas", "MiniMaxs") of each name."""
    patterns = []
    for entry in read_jsonl(path):
        name = entry["pattern"]
        canonical = entry.get("id", name)
        patterns.append({"label": entry["label"], "pattern": name, "id": canonical})
        if genitive and not name.endswith(GENITIVE_UNMARKED_ENDINGS):
            patterns.append({"label": entry["label"], "pattern": name + "s", "id": canonical})
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
