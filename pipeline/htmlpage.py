"""HTML pages: main text without boilerplate via trafilatura, metadata, and a publication date taken only
from the page's own metadata.

News pages put the lead paragraph in the article header, which trafilatura often leaves out; the lead is
also the page's meta description, so a description that is visible on the page but missing from the
extracted text is put back in front of it.

trafilatura's date search (htmldate) falls back to any date-like string in the page, e.g. the year of a
"© 2025" footer, and reports it as the publication date; a wrong date is worse than none, so the date is
read here from meta tags, JSON-LD and ``<time>`` elements only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from pipeline.decoding import looks_binary
from pipeline.plaintext import RULES_FILE, PageText
from pipeline.rejection import InputRejected

# libxml2 stops building the tree at this depth and drops what lies deeper
LIBXML_MAX_DEPTH = 255
VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"


@dataclass(frozen=True, kw_only=True)
class HtmlSettings:
    min_text_chars: int = 100


@dataclass(frozen=True)
class HtmlRules:
    published_meta: frozenset[str]
    published_jsonld_keys: tuple[str, ...]
    lead_meta: tuple[str, ...]
    lead_min_chars: int


@lru_cache(maxsize=1)
def load_html_rules() -> HtmlRules:
    raw = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return HtmlRules(
        published_meta=frozenset(name.lower() for name in raw["html_published_meta"]),
        published_jsonld_keys=tuple(raw["html_published_jsonld_keys"]),
        lead_meta=tuple(name.lower() for name in raw["html_lead_meta"]),
        lead_min_chars=raw["html_lead_min_chars"],
    )


def parse_html(data: bytes | str, *, url: str | None = None, settings: HtmlSettings = HtmlSettings()) -> PageText:
    """Extract an article from an HTML page (bytes, so trafilatura can honour the page's charset)."""
    if isinstance(data, bytes) and looks_binary(data):
        raise InputRejected("binary data")
    tree = load_html(data)
    if tree is None:
        raise InputRejected("unparseable HTML")
    if _depth(tree) >= LIBXML_MAX_DEPTH:
        raise InputRejected(f"HTML nested too deeply (more than {LIBXML_MAX_DEPTH} levels)")
    rules = load_html_rules()
    published = published_date(tree, rules=rules)
    leads = _visible_descriptions(tree, rules)
    # trafilatura edits the tree it is given, so everything else is read first; reader comments are not
    # part of the article
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    text = (document.text or "").strip() if document is not None else ""
    if len(text) < settings.min_text_chars:
        raise InputRejected("no article text in HTML")
    title = document.title or None
    body = _with_lead(text, leads)
    return PageText(
        text=_with_title(body, title),
        title=title,
        author=document.author or None,
        published=published,
        url=document.url or url,
    )


def _with_title(body: str, title: str | None) -> str:
    """The headline as the text's first paragraph, as in a plain-text article: it carries facts too."""
    if not title or body.startswith(title):
        return body
    return f"{title}\n\n{body}"


def published_date(tree: HtmlElement, *, rules: HtmlRules) -> str | None:
    """The publication date as written in meta tags, JSON-LD or ``<time>`` elements, unparsed."""
    primary, *fallbacks = rules.published_jsonld_keys
    return (
        _meta_date(tree, rules)
        or _jsonld_date(tree, primary)
        or _element_date(tree)
        or next(filter(None, (_jsonld_date(tree, key) for key in fallbacks)), None)
    )


def _meta_date(tree: HtmlElement, rules: HtmlRules) -> str | None:
    return next(_meta_contents(tree, rules.published_meta), None)


def _meta_contents(tree: HtmlElement, names: frozenset[str] | tuple[str, ...]) -> Iterator[str]:
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key in names and content:
            yield content


def _visible_descriptions(tree: HtmlElement, rules: HtmlRules) -> list[str]:
    """Meta descriptions long enough to be a lead that also appear in the page's visible text."""
    candidates = [" ".join(c.split()) for c in _meta_contents(tree, rules.lead_meta)]
    candidates = [c for c in dict.fromkeys(candidates) if len(c) >= rules.lead_min_chars]
    if not candidates:
        return []
    body = tree.find("body")
    if body is None:
        return []
    visible = " ".join(" ".join(body.xpath(VISIBLE_TEXT)).split())
    return [c for c in candidates if c in visible]


def _with_lead(text: str, leads: list[str]) -> str:
    flat = " ".join(text.split())
    missing = [lead for lead in leads if lead not in flat]
    return f"{missing[0]}\n\n{text}" if missing else text


def _jsonld_date(tree: HtmlElement, key: str) -> str | None:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        for value in _values_of(data, key):
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _values_of(data: Any, key: str) -> Iterator[Any]:
    """Every value stored under ``key`` in nested JSON, in document order."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if key in node:
                yield node[key]
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _element_date(tree: HtmlElement) -> str | None:
    """Microdata ``itemprop="datePublished"`` on any element, then ``<time>`` elements, article first."""
    for query in ('//*[@itemprop="datePublished"]', "//time[@pubdate]", "//article//time", "//time"):
        for element in tree.xpath(query):
            if value := (element.get("datetime") or element.get("content") or "").strip():
                return value
    return None


def _depth(tree: HtmlElement) -> int:
    depth_of = {tree: 0}
    deepest = 0
    for element in tree.iter():
        parent = element.getparent()
        depth = depth_of[parent] + 1 if parent is not None else 0
        depth_of[element] = depth
        deepest = max(deepest, depth)
    return deepest
