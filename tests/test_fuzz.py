"""Fuzzing: the money, date and event stages never raise on arbitrary text and keep offsets inside it.

Marked ``slow`` (10,000 examples each); ``make test`` runs them, ``pytest -m "not slow"`` skips them.
"""

from __future__ import annotations

from dataclasses import asdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dates import find_dates
from pipeline.events import find_events
from pipeline.model import Article, Entity
from pipeline.money import find_money

EXAMPLES = 10_000
NEWS_WORDS = [
    "Meta", "Zuckerberg", "bot", "an", "kauft", "übernimmt", "Übernahme", "lehnte", "ab", "rund", "bis", "zu",
    "über", "mehr", "als", "zwischen", "und", "1,5", "2.400", "12 500", "eine", "einer", "halbe", "Milliarde",
    "Milliarden", "Mio.", "Mrd.", "Tsd.", "Dollar", "US-Dollar", "Euro", "€", "$", "EUR", "CHF", "Pfund",
    "im", "Juni", "dieses", "Jahres", "vor", "drei", "Monaten", "Anfang", "2025", "08.09.2025", "am", "3.",
    "März", "gestern", "sechs", "Jahre", "für", "Investition", "Bewertung", "Startup", ".", ",", "–", "\n\n",
    "170-Milliarden-Dollar-Startup", "Milliardenangebot", "Hunderte", "von", "Millionen", "%", "Seite", "Tel.",
]
texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(NEWS_WORDS), st.text(max_size=4)), max_size=40).map(" ".join),
)
publication_dates = st.sampled_from([None, "2025-09-08T21:42", "2024-02-29", "2025"])
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_inside(text: str, start: int, end: int, span: str) -> None:
    assert 0 <= start <= end <= len(text)
    assert text[start:end] == span


@pytest.mark.slow
@FUZZ
@given(texts)
def test_money_never_raises_and_offsets_stay_inside(text):
    for mention in find_money(text):
        assert_inside(text, mention.start, mention.end, mention.text)


@pytest.mark.slow
@FUZZ
@given(texts, publication_dates)
def test_dates_never_raise_and_offsets_stay_inside(text, published):
    for mention in find_dates(text, published):
        assert_inside(text, mention.start, mention.end, mention.text)


@st.composite
def articles_with_entities(draw):
    text = draw(texts)
    published = draw(publication_dates)
    mentions = find_money(text) + find_dates(text, published)
    entities = [Entity(article_id="fuzz", **asdict(m)) for m in mentions]
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=len(text)))
        label = draw(st.sampled_from(["PER", "ORG", "LOC", "MISC"]))
        entities.append(Entity(article_id="fuzz", start=start, end=end, text=text[start:end], label=label))
    entities.sort(key=lambda e: (e.start, e.end, e.label))
    return Article(id="fuzz", source="fuzz", text=text, format="txt", published=published), entities


@pytest.mark.slow
@FUZZ
@given(articles_with_entities())
def test_events_never_raise_and_evidence_stays_inside(case):
    article, entities = case
    for event in find_events(article, entities):
        assert_inside(article.text, event.evidence.start, event.evidence.end, event.evidence.text)
