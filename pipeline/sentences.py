"""Sentences and tokens with character offsets, from spaCy's blank German tokenizer and sentencizer.

Lines are split first, so a headline or a paragraph without final punctuation never runs into the
next one. The pipeline is built once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import spacy

LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Token:
    text: str
    lower: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@lru_cache(maxsize=1)
def _german() -> spacy.language.Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str, *, keep_together: Iterable[tuple[int, int]] = ()) -> list[Sentence]:
    """Split ``text`` into sentences; no boundary falls inside a span of ``keep_together``."""
    lines = [(m.start(), m.group()) for m in LINE.finditer(text) if m.group().strip()]
    spans = sorted(keep_together)
    pieces: list[tuple[int, int, list[Token]]] = []
    for paragraph, ((offset, line), doc) in enumerate(zip(lines, _german().pipe(line for _, line in lines))):
        for sent in doc.sents:
            tokens = [
                Token(t.text, t.text.lower(), offset + t.idx, offset + t.idx + len(t.text))
                for t in sent
                if not t.is_space
            ]
            if not tokens:
                continue
            start, end = tokens[0].start, tokens[-1].end
            if pieces and pieces[-1][0] == paragraph and _inside_span(start, spans):
                prev_paragraph, prev_start, prev_tokens = pieces[-1]
                pieces[-1] = (prev_paragraph, prev_start, prev_tokens + tokens)
                continue
            pieces.append((paragraph, start, tokens))
    return [
        Sentence(i, paragraph, start, tokens[-1].end, text[start : tokens[-1].end], tuple(tokens))
        for i, (paragraph, start, tokens) in enumerate(pieces)
    ]


def _inside_span(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < offset < end for start, end in spans)
