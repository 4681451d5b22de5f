"""Stage ``extract``: people, organisations, places, money amounts, dates and durations per article.

German articles go through the trained NER model (``models/ner``) with the gazetteer on top and the
money and date grammars; other languages get a blank pipeline of their language with the gazetteer
only, because our grammars and model are German and would invent mentions elsewhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language as SpacyLanguage
from spacy.tokens import Doc

import pipeline.components  # noqa: F401  (registers the component factories)
from pipeline.detect import LanguageSettings, detect_language
from pipeline.model import Article, Entity, Language, Mention, iter_items, sort_key, to_record, write_jsonl
from pipeline.params import ConfigError, stage_params

NER_LABELS = ("PER", "ORG", "LOC", "MISC")
GRAMMAR_LANGUAGE = "de"


@dataclass(frozen=True)
class ExtractSettings:
    models: str = "models"
    batch_size: int = 32
    # The NER model pads a batch to its longest text, so a batch's memory and time grow with
    # (texts × longest text): one long article among 31 others costs hundreds of MB and wasted
    # work. A batch is closed before it would exceed this many padded characters; a longer
    # article goes alone. 30,000 was 9% faster than 100,000 on the news benchmark.
    batch_padded_chars: int = 30_000
    genitive: bool = True


def build_nlp(language: str, *, settings: ExtractSettings) -> SpacyLanguage:
    models = Path(settings.models)
    gazetteer = models / "gazetteer.jsonl"
    if not gazetteer.is_file():
        raise ConfigError(f"gazetteer not found: {gazetteer}")
    if language == GRAMMAR_LANGUAGE:
        ner_dir = models / "ner"
        try:
            nlp = spacy.load(ner_dir) if ner_dir.is_dir() else spacy.blank(language)
        except (OSError, ValueError) as error:
            raise ConfigError(f"cannot load the NER model in {ner_dir}: {error}") from error
    else:
        try:
            nlp = spacy.blank(language)
        except ImportError:
            nlp = spacy.blank("xx")
    nlp.add_pipe("gazetteer", config={"patterns_path": str(gazetteer), "genitive": settings.genitive})
    nlp.add_pipe("name_consistency")
    if language == GRAMMAR_LANGUAGE:
        nlp.add_pipe("money_recognizer")
        nlp.add_pipe("date_recognizer")
    return nlp


def doc_entities(article_id: str, doc: Doc) -> list[Entity]:
    names = [
        Mention(ent.start_char, ent.end_char, ent.text, ent.label_, {"id": ent.ent_id_} if ent.ent_id_ else None)
        for ent in doc.ents
        if ent.label_ in NER_LABELS
    ]
    mentions = names + (doc._.money or []) + (doc._.dates or [])
    entities = [Entity(article_id=article_id, **asdict(mention)) for mention in mentions]
    return sorted(entities, key=lambda e: sort_key(to_record(e)))


class Extractor:
    """Holds one spaCy pipeline per language, each loaded once and reused for every article."""

    def __init__(self, *, settings: ExtractSettings) -> None:
        self.settings = settings
        self._pipelines: dict[str, SpacyLanguage] = {}

    def nlp(self, language: str) -> SpacyLanguage:
        if language not in self._pipelines:
            self._pipelines[language] = build_nlp(language, settings=self.settings)
        return self._pipelines[language]

    def _make_doc(self, article: Article, language: str) -> Doc:
        doc = self.nlp(language).make_doc(article.text)
        doc._.published = article.published
        return doc

    def entities(self, pairs: Iterable[tuple[Article, Language]]) -> Iterator[tuple[Article, list[Entity]]]:
        """Entities per article, in input order, batching consecutive articles of one language."""
        batch: list[tuple[Article, str]] = []
        longest = 0
        for article, language in pairs:
            code = language.language if language.language == GRAMMAR_LANGUAGE else _blank_code(language)
            padded = (len(batch) + 1) * max(longest, len(article.text))
            if batch and (batch[-1][1] != code or padded > self.settings.batch_padded_chars):
                yield from self._flush(batch)
                batch, longest = [], 0
            batch.append((article, code))
            longest = max(longest, len(article.text))
            if len(batch) >= self.settings.batch_size:
                yield from self._flush(batch)
                batch, longest = [], 0
        yield from self._flush(batch)

    def _flush(self, batch: list[tuple[Article, str]]) -> Iterator[tuple[Article, list[Entity]]]:
        if not batch:
            return
        nlp = self.nlp(batch[0][1])
        docs = nlp.pipe(self._make_doc(article, code) for article, code in batch)
        for (article, _), doc in zip(batch, docs):
            yield article, doc_entities(article.id, doc)


def _blank_code(language: Language) -> str:
    """A spaCy language code for a detected language ('zh-cn' → 'zh'; undetermined → 'xx')."""
    code = language.language.split("-")[0]
    return code if code.isalpha() and code != "und" else "xx"


def extract_record(
    extractor: Extractor, *, text: str, record_id: str, published: str | None, language: LanguageSettings
) -> dict:
    """Entities and events of one text, as the batch stages would produce them."""
    from pipeline.events import find_events

    article = Article(id=record_id, source="input", text=text, format="text", published=published)
    verdict = detect_language(article, settings=language)
    [(_, entities)] = list(extractor.entities([(article, verdict)]))
    events = find_events(article, entities)
    return {
        "id": record_id,
        "language": verdict.language,
        "entities": [to_record(e) for e in entities],
        "events": [to_record(e) for e in events],
    }


def run_extract(articles_path: Path, languages_path: Path, out_path: Path, *, settings: ExtractSettings) -> int:
    verdicts = {v.article_id: v for v in iter_items(languages_path, Language)}
    extractor = Extractor(settings=settings)
    pairs = ((article, verdicts[article.id]) for article in iter_items(articles_path, Article))
    rows = (entity for _, entities in extractor.entities(pairs) for entity in entities)
    return write_jsonl(out_path, rows, presorted=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline extract", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, help="articles.jsonl from ingest")
    parser.add_argument("--languages", type=Path, help="languages.jsonl from detect")
    parser.add_argument("--out", type=Path, help="entities.jsonl to write")
    parser.add_argument("--jsonl", action="store_true", help='read {"id","text","published"?} lines on stdin')
    parser.add_argument("--text", help="extract from one text given on the command line")
    parser.add_argument("--published", help="publication date of --text (ISO 8601)")
    parser.add_argument("--params", type=Path, default=Path("params.yaml"))
    args = parser.parse_args(argv)
    settings = ExtractSettings(**stage_params(args.params, "extract"))
    language = LanguageSettings(**stage_params(args.params, "detect"))
    extractor = Extractor(settings=settings)
    if args.text is not None:
        record = extract_record(extractor, text=args.text, record_id="text", published=args.published, language=language)
        print(json.dumps(record, ensure_ascii=False, sort_keys=True, indent=2))
        return 0
    if args.jsonl:
        return _extract_stream(extractor, language)
    if not (args.articles and args.languages and args.out):
        parser.error("give --articles, --languages and --out, or --jsonl, or --text")
    count = run_extract(args.articles, args.languages, args.out, settings=settings)
    print(f"extract: {count} entities")
    return 0


def _extract_stream(extractor: Extractor, language: LanguageSettings) -> int:
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            text = request["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as error:
            reply = {"id": None, "line": number, "error": f"bad request: {error}"}
        else:
            reply = extract_record(
                extractor,
                text=text,
                record_id=str(request.get("id", number)),
                published=request.get("published"),
                language=language,
            )
        sys.stdout.write(json.dumps(reply, ensure_ascii=False, sort_keys=True) + "\n")
        sys.stdout.flush()
    return 0
