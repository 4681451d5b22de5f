"""The word-memoised detector gives langdetect's own probabilities, to the last bit."""

from __future__ import annotations

import pytest
from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.language_ngrams import detect_probabilities

TEXTS = [
    "Der Konzern hat im vergangenen Jahr deutlich mehr Gewinn gemacht, teilte das Unternehmen mit.",
    "The company reported a much higher profit than expected last year.",
    "La société a annoncé une hausse de ses bénéfices au premier trimestre.",
    "Die EU-Kommission und die NATO — „Zitat“ — siehe https://example.org/a?b=1 oder info@example.org.",
    "ÄRGER ÜBER DIE BAHN: Verspätungen   im   Fernverkehr nehmen zu. ABC DEF ghi.",
    "  Führende Leerzeichen und Zeilen\n\nmit Absätzen, Ziffern 123 und Symbolen %&$ ",
    "Москва и Берлин договорились о новых переговорах в следующем месяце.",
    "日本語のテキストとカタカナ、そして中文字符。",
    "Kurz: OK, gut.",
    "Zahl",
]


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("text", TEXTS)
def test_same_probabilities_as_langdetect(text, seed):
    DetectorFactory.seed = seed
    expected = [(guess.lang, guess.prob) for guess in detect_langs(text)]
    assert [(guess.lang, guess.prob) for guess in detect_probabilities(text, seed=seed)] == expected


def test_text_without_features_raises_like_langdetect():
    with pytest.raises(LangDetectException):
        detect_probabilities("12345 !!!", seed=0)
