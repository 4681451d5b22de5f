"""Reads a review page (as written, or as a browser's DOM after its scripts ran) into plain structures.

Visible text is collected without the entity label chips, with ``<br>`` read back as a line break, so
that an article's text on the page can be compared with the article's text character for character.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "input", "meta", "img", "hr", "link", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class ArticleDom:
    article_id: str
    node: Node
    text: Node | None = None
    marks: list[Node] = field(default_factory=list)
    events: list[Node] = field(default_factory=list)


class ReviewDom(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[Node] = []
        self.by_id: dict[str, Node] = {}
        self.articles: dict[str, ArticleDom] = {}
        self.tags: dict[str, list[Node]] = {}
        self._article: ArticleDom | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        if self.stack:
            self.stack[-1].children.append(node)
        self.tags.setdefault(tag, []).append(node)
        if "id" in node.attrs:
            self.by_id[node.attrs["id"]] = node
        if tag == "br":
            self._text("\n")
        if tag in VOID:
            return
        self.stack.append(node)
        if tag == "article" and "doc" in node.classes:
            self._article = ArticleDom(node.attrs["data-article-id"], node)
            self.articles[self._article.article_id] = self._article
        elif self._article is not None:
            if tag == "div" and "text" in node.classes:
                self._article.text = node
            elif tag == "mark":
                self._article.marks.append(node)
            elif tag == "tbody" and "event" in node.classes:
                self._article.events.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break
        if tag == "article":
            self._article = None

    def handle_data(self, data: str) -> None:
        self._text(data)

    def _text(self, data: str) -> None:
        labels = [i for i, node in enumerate(self.stack) if "entity-label" in node.classes]
        first = labels[-1] if labels else 0
        for node in self.stack[first:]:
            node.parts.append(data)


def mark_tuple(mark: Node) -> tuple[int, int, str, str]:
    """(start, end, label, highlighted text) of one highlight."""
    return int(mark.attrs["data-start"]), int(mark.attrs["data-end"]), mark.attrs["data-label"], mark.text


def descendants(node: Node, tag: str) -> list[Node]:
    found = []
    for child in node.children:
        if child.tag == tag:
            found.append(child)
        found.extend(descendants(child, tag))
    return found


def event_cells(event: Node) -> list[str]:
    """The texts of an event's field cells (first row), then its evidence cell."""
    return [td.text for td in descendants(event, "td")]


def evidence_href(event: Node) -> str:
    [link] = [a for a in descendants(event, "a") if "evidence-link" in a.classes]
    return link.attrs["href"]
