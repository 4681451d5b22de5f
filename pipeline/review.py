"""Command ``review``: one self-contained HTML page to review a run's entities and events.

Per article, the text with every entity highlighted by displaCy and, beside it, the article's events,
each linking to its evidence sentence in the text; a corpus summary on top and a filter by event type,
status and currency. With ``--diff OLD`` (an outputs folder or a git revision) the page shows what
changed since OLD: added in green, removed in red, changed in amber with the old values.
The page loads nothing from the network, and the same outputs give the same bytes. Its corpus summary
is the report stage's ``metrics.json``, so the page is written after the report. Without ``--diff`` it
is written article by article as the outputs are read, so that its memory does not grow with the run.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from spacy.displacy.render import EntityRenderer

from pipeline.diff import (
    DiffError,
    FieldChange,
    OutputDiff,
    RowsDiff,
    Snapshot,
    amount_text,
    by_article,
    compare,
    describe_field,
    folder_snapshot,
    open_snapshot,
    plural,
    summary_line,
)
from pipeline.model import atomic_writer, write_atomic
from pipeline.streaming import EVENT_FILTERS, ArticleLine, OutputsIndex, articles_with_rows, index_outputs

LABEL_COLORS = {
    "PER": "#aa9cfc",
    "ORG": "#7aecec",
    "LOC": "#feca74",
    "MISC": "#f0d0ff",
    "MONEY": "#ffeb80",
    "DATE": "#bfe1d9",
    "DURATION": "#9cc9cc",
}
OTHER_LABEL_COLOR = "#dddddd"
STATUS_COLORS = {"added": "#abf2bc", "removed": "#ffc1c0", "changed": "#ffd8a8"}
STATUS_SIGNS = {"added": "+", "removed": "−", "changed": "~", "same": ""}
EVIDENCE_PREVIEW = 110
NO_EVENTS_ROW = '<tbody class="none"><tr><td colspan="6">no events</td></tr></tbody>'

# displaCy fills {label}, {text} and {bg}; the rest comes from each span's "params"
ENTITY_TEMPLATE = (
    '<mark class="entity {status}" data-label="{label}" data-start="{start}" data-end="{end}" '
    'style="background: {bg}"{tooltip}>{text}<span class="entity-label">{label}</span></mark>'
)


@dataclass(frozen=True)
class Marked:
    """A row of the page (entity or event) with its review status and, when changed, what changed."""

    row: dict[str, Any]
    status: str = "same"
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class ArticleView:
    article: dict[str, Any]
    language: dict[str, Any]
    status: str
    entities: list[Marked]
    events: list[Marked]
    fields: tuple[FieldChange, ...] = ()
    text_changed: bool = False


@dataclass(frozen=True)
class Cluster:
    """Overlapping entities drawn as one highlight, since displaCy's ``ent`` style cannot nest."""

    start: int
    end: int
    members: list[Marked] = field(default_factory=list)


# ---- what to show -----------------------------------------------------------------------------------


def article_views(current: Snapshot, old: Snapshot | None, diff: OutputDiff | None) -> list[ArticleView]:
    """Every article of the current run (and, when diffing, the removed ones) with row statuses."""
    grouped = {
        id(snapshot): {stem: by_article(snapshot.rows[stem]) for stem in ("languages", "entities", "events")}
        for snapshot in (current, old)
        if snapshot is not None
    }
    changes = {a.article_id: a for a in diff.articles} if diff else {}
    views = []
    for snapshot, article in _all_articles(current, old):
        article_id = article["id"]
        change = changes.get(article_id)
        rows = grouped[id(snapshot)]
        language = (rows["languages"].get(article_id) or [{}])[0]
        entities = rows["entities"].get(article_id, [])
        events = rows["events"].get(article_id, [])
        if change is None:
            views.append(unchanged_view(article, language, entities, events))
        elif change.status in ("added", "removed"):
            views.append(
                ArticleView(
                    article,
                    language,
                    change.status,
                    [Marked(r, change.status) for r in entities],
                    [Marked(r, change.status) for r in events],
                )
            )
        else:
            text_changed = any(f.field == "text" for f in change.fields)
            views.append(
                ArticleView(
                    article,
                    language,
                    "changed",
                    _marked(entities, change.entities, keep_removed=not text_changed),
                    _marked(events, change.events, keep_removed=True),
                    change.fields,
                    text_changed,
                )
            )
    return views


def unchanged_view(article: dict[str, Any], language: dict[str, Any], entities: list[dict], events: list[dict]) -> ArticleView:
    return ArticleView(article, language, "same", [Marked(r) for r in entities], [Marked(r) for r in events])


def _all_articles(current: Snapshot, old: Snapshot | None) -> list[tuple[Snapshot, dict[str, Any]]]:
    present = {row["id"] for row in current.rows["articles"]}
    pairs = [(current, row) for row in current.rows["articles"]]
    if old is not None:
        pairs += [(old, row) for row in old.rows["articles"] if row["id"] not in present]
    return sorted(pairs, key=lambda pair: pair[1]["id"])


def _marked(rows: list[dict], diff: RowsDiff, *, keep_removed: bool) -> list[Marked]:
    added = {_identity(r) for r in diff.added}
    changed = {_identity(c.new): c.fields for c in diff.changed}
    marked = []
    for row in rows:
        key = _identity(row)
        status = "added" if key in added else "changed" if key in changed else "same"
        marked.append(Marked(row, status, changed.get(key, ())))
    if keep_removed:
        marked += [Marked(row, "removed") for row in diff.removed]
    return sorted(marked, key=lambda m: _row_start(m.row))


def _identity(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def _row_start(row: dict[str, Any]) -> tuple[int, int]:
    if "evidence" in row:
        return row["evidence"]["start"], row["evidence"]["end"]
    return row["start"], row["end"]


# ---- the article text ---------------------------------------------------------------------------------


def clusters(entities: list[Marked]) -> list[Cluster]:
    """Entities grouped so that overlapping ones share one highlight; in text order."""
    grouped: list[Cluster] = []
    for marked in sorted(entities, key=lambda m: (m.row["start"], -m.row["end"])):
        start, end = marked.row["start"], marked.row["end"]
        if grouped and start < grouped[-1].end:
            last = grouped[-1]
            grouped[-1] = Cluster(last.start, max(last.end, end), [*last.members, marked])
        else:
            grouped.append(Cluster(start, end, [marked]))
    return grouped


def evidence_anchor(key: str, start: int, groups: list[Cluster]) -> str:
    """The id of the place an evidence starting at ``start`` begins (moved out of any highlight)."""
    return f"{key}-ev{_cut(start, groups)}"


def _cut(position: int, groups: list[Cluster]) -> int:
    for group in groups:
        if group.start < position < group.end:
            return group.start
    return position


def render_text(text: str, *, key: str, entities: list[Marked], evidence: list[tuple[int, int]]) -> str:
    """The article text as displaCy markup, cut at the evidence sentences so each can be linked to."""
    groups = clusters(entities)
    moved = {(_cut(s, groups), _cut(e, groups)) for s, e in evidence if 0 <= s < e <= len(text)}
    spans = sorted((s, e) for s, e in moved if s < e)
    cuts = sorted({0, len(text), *(p for span in spans for p in span)})
    parts = []
    for first, last in zip(cuts, cuts[1:]):
        inside = [g for g in groups if first <= g.start and g.end <= last]
        markup = _displacy(text[first:last], inside, offset=first)
        covering = any(s <= first and last <= e for s, e in spans)
        if not covering:
            parts.append(markup)
            continue
        anchor = f' id="{key}-ev{first}"' if any(s == first for s, _ in spans) else ""
        parts.append(f'<div class="evidence"{anchor} data-start="{first}" data-end="{last}">{markup}</div>')
    return "".join(parts)


def _displacy(text: str, groups: list[Cluster], *, offset: int) -> str:
    spans = [
        {
            "start": group.start - offset,
            "end": group.end - offset,
            "label": " ".join(STATUS_SIGNS[m.status] + m.row["label"] for m in group.members),
            "params": _mark_params(group),
        }
        for group in groups
    ]
    return _entity_renderer().render([{"text": text, "ents": spans, "title": None}]).strip()


@lru_cache(maxsize=1)
def _entity_renderer() -> EntityRenderer:
    # the renderer behind displacy.render(style="ent", manual=True), made once: displacy.render makes
    # a new one per call, and each looks up the registered label colours (a scan of installed packages)
    return EntityRenderer({"template": ENTITY_TEMPLATE})


def _mark_params(group: Cluster) -> dict[str, Any]:
    statuses = {m.status for m in group.members}
    status = statuses.pop() if len(statuses) == 1 else "changed"
    first = group.members[0].row
    if status == "same":
        bg = LABEL_COLORS.get(first["label"], OTHER_LABEL_COLOR)
    else:
        bg = STATUS_COLORS[status]
    notes = [f"{m.row['label']}: {describe_field(c)}" for m in group.members for c in m.changes]
    notes += [f"{m.row['label']} value: {json.dumps(m.row['value'], ensure_ascii=False, sort_keys=True)}" for m in group.members if m.row.get("value")]
    tooltip = f' title="{html.escape(chr(10).join(notes))}"' if notes else ""
    return {"status": status, "bg": bg, "start": group.start, "end": group.end, "tooltip": tooltip}


# ---- the page ------------------------------------------------------------------------------------------


def render_page(current: Snapshot, *, old: Snapshot | None = None, metrics: dict[str, Any]) -> str:
    """The page of runs read whole: the current one and, to show what changed, the ``old`` one."""
    diff = compare(old, current) if old is not None else None
    views = article_views(current, old, diff)
    events = [m.row for view in views for m in view.events]
    summary = _summary(
        metrics,
        _marked_rejects(current.rows["rejects"], diff),
        total_rejects=len(current.rows["rejects"]),
        contents=[(view.status, _contents_line(view)) for view in views],
    )
    filters = _filters({name: [e.get(name) for e in events] for name in EVENT_FILTERS}, diffing=diff is not None)
    articles = (_article(view, number) for number, view in enumerate(views, start=1))
    return "".join(_page(_header(old, diff), summary, filters, articles))


def streamed_page(outputs: Path, *, metrics: dict[str, Any], index: OutputsIndex) -> Iterator[str]:
    """The page of the run in ``outputs`` in pieces, each article rendered as its rows are read."""
    summary = _summary(
        metrics,
        _marked_rejects(index.rejects, None),
        total_rejects=len(index.rejects),
        contents=[("same", line) for line in index.articles],
    )
    filters = _filters(index.shown_events, diffing=False)
    articles = (
        _article(unchanged_view(rows.article, rows.language, rows.entities, rows.events), number)
        for number, rows in enumerate(articles_with_rows(outputs), start=1)
    )
    return _page(_header(None, None), summary, filters, articles)


def _page(header: str, summary: str, filters: str, articles: Iterable[str]) -> Iterator[str]:
    """``PAGE`` in pieces: its body's parts a line each, the articles one by one as they come."""
    before, after = PAGE.split("{body}")
    yield before.format(css=CSS)
    yield "\n".join([header, summary, filters])
    for article in articles:
        yield "\n" + article
    yield after.format(js=JS)


def _header(old: Snapshot | None, diff: OutputDiff | None) -> str:
    lines = [
        "<header>",
        "<h1>Extraction review</h1>",
        # the page names no folder of its own, so that the same outputs give the same page wherever they lie
        (
            f"<p class=\"run\">changes since <code>{_e(old.name)}</code>: <strong>{_e(summary_line(diff))}</strong></p>"
            if old is not None and diff is not None
            else ""
        ),
        "</header>",
    ]
    return "\n".join(lines)


def _contents_line(view: ArticleView) -> ArticleLine:
    return ArticleLine(view.article["id"], view.article.get("title"), len(view.entities), len(view.events))


def _marked_rejects(rejects: list[dict[str, Any]], diff: OutputDiff | None) -> list[Marked]:
    if diff is None:
        return [Marked(r) for r in rejects]
    added = {_identity(r) for r in diff.rejects.added}
    marked = [Marked(r, "added" if _identity(r) in added else "same") for r in rejects]
    return marked + [Marked(r, "removed") for r in diff.rejects.removed]


def _summary(
    metrics: dict[str, Any], rejects: list[Marked], *, total_rejects: int, contents: list[tuple[str, ArticleLine]]
) -> str:
    """Counts, rejects and the articles' table of contents; ``total_rejects``, the current run's."""
    labels = {k: v for k, v in metrics["entities"].items() if k != "total"}
    rows = [
        _count_table("Corpus", {"inputs": metrics["inputs"], "articles": metrics["articles"], "rejects": metrics["rejects"], "mixed language": metrics["mixed_language"]}),
        _count_table("Languages", metrics["languages"]),
        _count_table("Entities per label", labels, swatches=True),
        _count_table("Events per type", metrics["events"]["by_type"]),
        _count_table("Events per status", metrics["events"]["by_status"]),
    ]
    reject_items = "".join(
        f'<li class="{m.status}"><code>{_e(m.row["source"])}</code>: {_e(m.row["reason"])}</li>'
        for m in sorted(rejects, key=lambda m: m.row["source"])
    )
    items = "".join(
        f'<li class="{status}">{_badge(status)}<a href="#a{number}">{_e(line.title or line.article_id)}</a> '
        f'<span class="muted">{_e(line.article_id)} · {plural(line.entities, "entity", "entities")} · '
        f'{plural(line.events, "event", "events")}</span></li>'
        for number, (status, line) in enumerate(contents, start=1)
    )
    return (
        '<section id="summary"><h2>Summary</h2><div class="counts">'
        + "".join(rows)
        + f'</div><details class="rejects"{" open" if reject_items else ""}><summary>Rejects ({total_rejects})</summary>'
        + f'<ul>{reject_items or "<li>none</li>"}</ul></details>'
        + f'<details class="contents" open><summary>Articles ({len(contents)})</summary><ol>{items}</ol></details></section>'
    )


def _count_table(title: str, counts: dict[str, int], *, swatches: bool = False) -> str:
    cells = []
    for name, count in counts.items():
        swatch = f'<span class="swatch" style="background: {LABEL_COLORS.get(name, OTHER_LABEL_COLOR)}"></span>' if swatches else ""
        cells.append(f"<tr><th>{swatch}{_e(name)}</th><td>{count}</td></tr>")
    return f'<table class="count"><caption>{_e(title)}</caption>{"".join(cells) or "<tr><td>none</td></tr>"}</table>'


def _filters(values: Mapping[str, Iterable[str | None]], *, diffing: bool) -> str:
    """A choice per event field of ``EVENT_FILTERS``, among the values the events have (name -> values)."""

    def select(name: str) -> str:
        options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in sorted({v for v in values[name] if v}))
        return f'<label>{name} <select name="{name}"><option value="">all</option>{options}</select></label>'

    controls = [select(name) for name in EVENT_FILTERS]
    if diffing:
        controls.append('<label><input type="checkbox" name="changed"> only changed articles</label>')
    return f'<section id="filters">{"".join(controls)}<span id="shown" aria-live="polite"></span></section>'


def _article(view: ArticleView, index: int) -> str:
    key = f"a{index}"
    article = view.article
    anchors = [(m.row["evidence"]["start"], m.row["evidence"]["end"]) for m in view.events if _evidence_in_text(view, m)]
    text = render_text(article["text"], key=key, entities=view.entities, evidence=anchors)
    groups = clusters(view.entities)
    rows = "".join(_event_row(view, m, key, groups) for m in view.events) or NO_EVENTS_ROW
    table = (
        "<table class=\"events\"><thead><tr><th>type</th><th>status</th><th>actor → target</th><th>amount</th>"
        "<th>term</th><th>date</th></tr></thead>"
        f"{rows}</table>"
    )
    meta = [article["id"], article.get("source"), article.get("published"), article.get("author")]
    if view.language:
        mixed = ", mixed" if view.language.get("mixed") else ""
        meta.append(f"{view.language['language']} ({view.language['probability']}{mixed})")
    link = f' · <a href="{_e(article["url"])}" rel="noreferrer">source</a>' if article.get("url") else ""
    changes = "".join(f"<li>{_e(describe_field(c))}</li>" for c in view.fields)
    changed = int(view.status != "same" or any(m.status != "same" for m in [*view.entities, *view.events]))
    return (
        f'<article class="doc {view.status}" id="{key}" data-article-id="{_e(article["id"])}" data-changed="{changed}">'
        f'<h2>{_badge(view.status)}{_e(article.get("title") or article["id"])}</h2>'
        f'<p class="meta">{" · ".join(_e(str(m)) for m in meta if m)}{link}</p>'
        + (f'<ul class="field-changes">{changes}</ul>' if changes else "")
        + f'<div class="layout"><div class="text" lang="{_e(view.language.get("language", "und"))}">{text}</div>'
        f'<aside class="side">{table}</aside></div></article>'
    )


def _evidence_in_text(view: ArticleView, marked: Marked) -> bool:
    # a removed event's offsets point into the old text; they only fit while the text is unchanged
    return not (marked.status == "removed" and view.text_changed)


def _event_row(view: ArticleView, marked: Marked, key: str, groups: list[Cluster]) -> str:
    """One event as a table body of two rows: its fields, then its evidence sentence."""
    event = marked.row
    evidence = event["evidence"]
    preview = evidence["text"] if len(evidence["text"]) <= EVIDENCE_PREVIEW else evidence["text"][: EVIDENCE_PREVIEW - 1] + "…"
    if _evidence_in_text(view, marked):
        anchor = evidence_anchor(key, evidence["start"], groups)
        quote = f'<a class="evidence-link" href="#{anchor}" title="{_e(evidence["text"])}">{_e(preview)}</a>'
    else:
        quote = f'<span title="{_e(evidence["text"])}">{_e(preview)}</span>'
    changes = "".join(f"<li>{_e(describe_field(c))}</li>" for c in marked.changes)
    cells = [
        _e(event["type"]),
        _e(event["status"]),
        f"{_e(event.get('actor') or '?')} → {_e(event.get('target') or '?')}",
        _e(amount_text(event)),
        _e(event.get("duration") or ""),
        _e(event.get("date") or ""),
    ]
    data = " ".join(f'data-{name}="{_e(event.get(name) or "")}"' for name in ("type", "status", "currency"))
    return (
        f'<tbody class="event {marked.status}" {data}><tr>'
        + "".join(f"<td>{c}</td>" for c in cells)
        + f'</tr><tr><td class="quote" colspan="{len(cells)}">{quote}'
        + (f'<ul class="field-changes">{changes}</ul>' if changes else "")
        + "</td></tr></tbody>"
    )


def _badge(status: str) -> str:
    return f'<span class="badge {status}">{status}</span> ' if status != "same" else ""


def _e(value: Any) -> str:
    return html.escape(str(value))


CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --paper: #ffffff; --soft: #f6f8fa;
  --added: #abf2bc; --removed: #ffc1c0; --changed: #ffd8a8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1500px; padding: 0 1rem 4rem; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: var(--paper); }
h1 { font-size: 1.6rem; margin: 1rem 0 0.25rem; }
h2 { font-size: 1.25rem; margin: 0 0 0.25rem; }
code { font-size: 0.9em; word-break: break-all; }
.run, .meta, .muted { color: var(--muted); }
.meta { font-size: 0.9rem; margin: 0 0 0.75rem; word-break: break-word; }
#summary .counts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
table.count { border-collapse: collapse; min-width: 10rem; }
table.count caption { text-align: left; font-weight: 600; }
table.count th, table.count td { text-align: left; padding: 0.1rem 0.6rem 0.1rem 0; border-bottom: 1px solid var(--line); font-weight: normal; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em; border-radius: 0.2em; vertical-align: -0.05em; }
details { margin: 0.75rem 0; }
summary { cursor: pointer; font-weight: 600; }
#filters { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center;
  padding: 0.5rem 0; background: var(--paper); border-bottom: 1px solid var(--line); }
#filters select { font: inherit; padding: 0.2rem; }
article.doc { border-top: 2px solid var(--line); padding-top: 1rem; margin-top: 1.5rem; scroll-margin-top: 3.5rem; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; align-items: start; }
.side { position: sticky; top: 3.5rem; max-height: calc(100vh - 4rem); overflow: auto; }
.text { line-height: 2.5; overflow-wrap: anywhere; }
.text .entities { display: inline; line-height: inherit !important; }
.evidence { display: inline; background: var(--soft); box-decoration-break: clone; -webkit-box-decoration-break: clone; scroll-margin-top: 4rem; }
.evidence:target { background: #fff3b0; outline: 2px solid #d4a72c; }
mark.entity { padding: 0.3em 0.45em; margin: 0 0.15em; line-height: 1; border-radius: 0.35em; }
.entity-label { font-size: 0.7em; font-weight: bold; margin-left: 0.4rem; vertical-align: middle; }
mark.entity.removed, .event.removed td, li.removed { text-decoration: line-through; }
table.events { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
table.events th, table.events td { text-align: left; vertical-align: top; padding: 0.35rem 0.4rem 0.1rem; }
table.events th { background: var(--soft); position: sticky; top: 0; border-bottom: 1px solid var(--line); }
table.events td.quote { padding: 0 0.4rem 0.5rem; font-size: 0.85rem; border-bottom: 1px solid var(--line); }
.event.added, li.added { background: var(--added); }
.event.removed, li.removed { background: var(--removed); }
.event.changed { background: var(--changed); }
.field-changes { margin: 0.25rem 0 0; padding-left: 1.1rem; font-size: 0.85rem; }
.badge { font-size: 0.75rem; padding: 0.1rem 0.4rem; border-radius: 0.3rem; vertical-align: middle; }
.badge.added { background: var(--added); } .badge.removed { background: var(--removed); } .badge.changed { background: var(--changed); }
@media (max-width: 1000px) {
  body { font-size: 15px; padding: 0 0.6rem 3rem; }
  .layout { grid-template-columns: 1fr; }
  .side { position: static; max-height: none; overflow-x: auto; }
}
@media (max-width: 600px) {
  #filters { position: static; }
  .side { top: 0; }
  table.events, table.events tbody, table.events tr, table.events td { display: block; }
  table.events thead { display: none; }
  table.events tbody.event tr:first-child { display: flex; flex-wrap: wrap; gap: 0 0.75rem; padding: 0.35rem 0.4rem 0; }
  table.events tbody.event tr:first-child td { padding: 0; }
  table.events td:empty { display: none; }
}
"""

JS = """
(function () {
  var controls = document.querySelectorAll('#filters select, #filters input');
  function apply() {
    var wanted = {};
    document.querySelectorAll('#filters select').forEach(function (s) { wanted[s.name] = s.value; });
    var changedBox = document.querySelector('#filters input[name=changed]');
    var onlyChanged = changedBox ? changedBox.checked : false;
    var filtering = Object.keys(wanted).some(function (k) { return wanted[k]; });
    var shown = 0, total = 0;
    document.querySelectorAll('article.doc').forEach(function (article) {
      var visible = 0;
      article.querySelectorAll('tbody.event').forEach(function (row) {
        var match = Object.keys(wanted).every(function (k) { return !wanted[k] || row.dataset[k] === wanted[k]; });
        row.hidden = !match;
        total += 1;
        if (match) { visible += 1; }
      });
      var hide = (filtering && visible === 0) || (onlyChanged && article.dataset.changed !== '1');
      article.hidden = hide;
      if (!hide) { shown += visible; }
    });
    document.getElementById('shown').textContent = shown + ' of ' + total + ' events shown';
  }
  controls.forEach(function (c) { c.addEventListener('change', apply); });
  apply();
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Extraction review</title>
<style>{css}</style>
</head>
<body>
{body}
<script>{js}</script>
</body>
</html>
"""


def save_review(
    outputs: Path,
    out: Path,
    *,
    old: str | None = None,
    metrics: dict[str, Any] | None = None,
    index: OutputsIndex | None = None,
) -> None:
    """Write the page for the run in ``outputs``: article by article as its rows are read or, to show
    the changes since ``old``, from both runs read whole. ``metrics`` default to the run's
    ``metrics.json``, ``index`` (the outputs already counted) to counting them."""
    if old:
        current, previous = folder_snapshot(outputs), open_snapshot(old, outputs=outputs)
        write_atomic(out, render_page(current, old=previous, metrics=_run_metrics(outputs, metrics)))
        return
    index = index if index is not None else index_outputs(outputs)
    pieces = streamed_page(outputs, metrics=_run_metrics(outputs, metrics), index=index)
    with atomic_writer(out) as page:
        for piece in pieces:
            page.write(piece.encode("utf-8"))


def write_review(outputs: Path, out: Path, *, old: str | None = None, metrics: dict[str, Any] | None = None) -> str:
    """``save_review``, returning the page written."""
    save_review(outputs, out, old=old, metrics=metrics)
    return Path(out).read_text(encoding="utf-8")


def _run_metrics(outputs: Path, metrics: dict[str, Any] | None) -> dict[str, Any]:
    if metrics is not None:
        return metrics
    metrics_path = Path(outputs) / "metrics.json"
    if not metrics_path.is_file():
        raise DiffError(f"{metrics_path} not found: the review page shows the report stage's metrics, run it first")
    return json.loads(metrics_path.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline review", description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=Path, default=Path("outputs"), help="the run's outputs folder")
    parser.add_argument("--out", type=Path, default=Path("outputs/review.html"), help="the page to write")
    parser.add_argument("--diff", metavar="OLD", help="show changes since OLD: an outputs folder or a git revision")
    args = parser.parse_args(argv)
    try:
        save_review(args.outputs, args.out, old=args.diff)
    except DiffError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"review: {args.out}")
    return 0
