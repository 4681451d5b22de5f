"""Stage ``detect``: the language of each article, its probability, and whether it mixes languages.

langdetect is random unless seeded, so every call passes the seed. An article is judged per
paragraph as well as as a whole: a German article with an English interview paragraph is still
German, but is flagged ``mixed_language`` so nobody trusts German-only rules on all of it. A text
judged twice (an article that is one paragraph, a boilerplate paragraph) is judged once.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from langdetect.lang_detect_exception import LangDetectException

from pipeline.language_ngrams import detect_probabilities
from pipeline.model import Article, Language, iter_items, write_jsonl
from pipeline.params import stage_params

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
UNDETERMINED = "und"


@dataclass(frozen=True)
class LanguageSettings:
    seed: int = 0
    min_paragraph_chars: int = 80
    mixed_share: float = 0.2


@lru_cache(maxsize=256)
def _probabilities(text: str, seed: int) -> dict[str, float]:
    try:
        return {guess.lang: guess.prob for guess in detect_probabilities(text, seed=seed)}
    except LangDetectException:
        return {}


def language_shares(text: str, *, settings: LanguageSettings) -> dict[str, float]:
    """Share of the article's letters written in each language, judged paragraph by paragraph."""
    letters: dict[str, int] = {}
    for paragraph in PARAGRAPH_BREAK.split(text):
        paragraph = paragraph.strip()
        if len(paragraph) < settings.min_paragraph_chars:
            continue
        probabilities = _probabilities(paragraph, settings.seed)
        if probabilities:
            best = max(sorted(probabilities), key=probabilities.__getitem__)
            letters[best] = letters.get(best, 0) + len(paragraph)
    total = sum(letters.values())
    return {lang: round(count / total, 4) for lang, count in sorted(letters.items())} if total else {}


def detect_language(article: Article, *, settings: LanguageSettings) -> Language:
    probabilities = _probabilities(article.text, settings.seed)
    if not probabilities:
        return Language(article_id=article.id, language=UNDETERMINED, probability=0.0)
    language = max(sorted(probabilities), key=probabilities.__getitem__)
    shares = language_shares(article.text, settings=settings)
    mixed = sum(share for lang, share in shares.items() if lang != language) >= settings.mixed_share
    return Language(
        article_id=article.id,
        language=language,
        probability=round(probabilities[language], 4),
        shares=shares,
        mixed=mixed,
    )


def detect_all(articles: Iterable[Article], *, settings: LanguageSettings) -> Iterator[Language]:
    for article in articles:
        yield detect_language(article, settings=settings)


def run_detect(articles_path: Path, out_path: Path, *, settings: LanguageSettings) -> int:
    return write_jsonl(out_path, detect_all(iter_items(articles_path, Article), settings=settings), presorted=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline detect", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, required=True, help="articles.jsonl from ingest")
    parser.add_argument("--out", type=Path, required=True, help="languages.jsonl: one row per article")
    parser.add_argument("--params", type=Path, default=Path("params.yaml"))
    args = parser.parse_args(argv)
    settings = LanguageSettings(**stage_params(args.params, "detect"))
    count = run_detect(args.articles, args.out, settings=settings)
    print(f"detect: {count} articles")
    return 0
