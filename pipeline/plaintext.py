"""Plain-text articles as saved from news pages: strip page chrome, pick up title, byline and source URL.

The patterns (chrome lines, byline and source-line formats) are data in ``data/ingest_de.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.rejection import InputRejected

RULES_FILE = Path(__file__).parent / "data" / "ingest_de.json"


@dataclass(frozen=True)
class PageText:
    """An article's text and the metadata found around it; ``published`` is still the raw string."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class PlainTextRules:
    chrome_lines: frozenset[str]
    chrome_patterns: tuple[re.Pattern[str], ...]
    byline_patterns: tuple[re.Pattern[str], ...]
    byline_search_lines: int
    source_patterns: tuple[re.Pattern[str], ...]
    title_max_chars: int


@lru_cache(maxsize=1)
def load_rules() -> PlainTextRules:
    raw: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return PlainTextRules(
        chrome_lines=frozenset(raw["chrome_lines"]),
        chrome_patterns=tuple(re.compile(p, re.IGNORECASE) for p in raw["chrome_line_patterns"]),
        byline_patterns=tuple(re.compile(p) for p in raw["byline_patterns"]),
        byline_search_lines=raw["byline_search_lines"],
        source_patterns=tuple(re.compile(p) for p in raw["source_line_patterns"]),
        title_max_chars=raw["title_max_chars"],
    )


def parse_plain_text(text: str, *, rules: PlainTextRules | None = None) -> PageText:
    """Split decoded plain text into body and metadata; raise InputRejected when no body is left."""
    rules = rules or load_rules()
    if not text.strip():
        raise InputRejected("whitespace only")
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = ["" if _is_chrome(line.strip(), rules) else line for line in lines]
    url = _take_source_line(lines, rules)
    author, published = _take_byline(lines, rules)
    title = _take_title(lines, rules)
    body = _join_paragraphs(lines)
    if not body:
        raise InputRejected("no text after removing page chrome")
    return PageText(text=body, title=title, author=author, published=published, url=url)


def _is_chrome(line: str, rules: PlainTextRules) -> bool:
    return line in rules.chrome_lines or any(p.match(line) for p in rules.chrome_patterns)


def _take_source_line(lines: list[str], rules: PlainTextRules) -> str | None:
    """A source URL counts only as the last non-blank line; the line is removed from the text."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        for pattern in rules.source_patterns:
            if match := pattern.match(line):
                lines[index] = ""
                return match.group("url")
        return None
    return None


def _take_byline(lines: list[str], rules: PlainTextRules) -> tuple[str | None, str | None]:
    """Look for an author/date line among the first few non-blank lines and remove it."""
    seen = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        for pattern in rules.byline_patterns:
            if match := pattern.match(stripped):
                lines[index] = ""
                groups = match.groupdict()
                author = (groups.get("author") or "").strip() or None
                return author, groups.get("date")
        seen += 1
        if seen >= rules.byline_search_lines:
            break
    return None, None


def _take_title(lines: list[str], rules: PlainTextRules) -> str | None:
    """The first line is the title when it stands alone as a short paragraph and more text follows.

    The title stays in the text: headlines carry facts ("Milliardenangebot von Meta-CEO …") that
    extraction must see, with offsets into the same text as the body's.
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    candidate = lines[first].strip()
    stands_alone = first + 1 >= len(lines) or not lines[first + 1].strip()
    more_follows = any(line.strip() for line in lines[first + 1:])
    if stands_alone and more_follows and len(candidate) <= rules.title_max_chars:
        return candidate
    return None


def _join_paragraphs(lines: list[str]) -> str:
    """Keep line breaks inside paragraphs; collapse runs of blank lines into one paragraph break."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p).strip()
