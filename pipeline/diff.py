"""Command ``diff``: what changed between two runs, per article, entity and event, field by field.

Each side is an outputs folder or a git revision (its committed outputs folder, read with
``git show``); the default compares ``HEAD`` with the working tree.

How rows are matched across the two runs, so that a changed value reads as a change and not as one row
removed and another added:
- entities by their span, (article id, start, end): a new label or value on the same words is a change;
- events by their evidence, (article id, evidence start), then by type: the sentence that proves an
  event stays put when the amount, the actor or even the type read from it changes. An event's ``id`` is
  not compared, the match is its identity.
Offsets only compare while the article's text is the same. Where the text itself changed (a new ingest
rule), entities are matched by (label, text) and events by their evidence sentence's text instead, in
order of appearance, and offsets are not reported as changes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from pipeline.model import read_jsonl

OUTPUT_FILES = ("articles", "languages", "entities", "events", "rejects")
ABSENT = object()
LONG_STRING = 80
FORMATS = ("text", "json", "markdown")


class DiffError(Exception):
    """A side of the comparison cannot be read: reported in one line."""


@dataclass(frozen=True)
class Snapshot:
    """The rows of one run's outputs, by file stem ("entities" -> rows)."""

    name: str
    rows: dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RowChange:
    old: dict[str, Any]
    new: dict[str, Any]
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class RowsDiff:
    added: tuple[dict[str, Any], ...] = ()
    removed: tuple[dict[str, Any], ...] = ()
    changed: tuple[RowChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed)}


@dataclass(frozen=True)
class ArticleDiff:
    article_id: str
    status: str  # "added", "removed" or "changed"
    fields: tuple[FieldChange, ...] = ()
    entities: RowsDiff = field(default_factory=RowsDiff)
    events: RowsDiff = field(default_factory=RowsDiff)


@dataclass(frozen=True)
class OutputDiff:
    old: str
    new: str
    articles: tuple[ArticleDiff, ...]
    rejects: RowsDiff

    def __bool__(self) -> bool:
        return bool(self.articles or self.rejects)

    def summary(self) -> dict[str, dict[str, int]]:
        statuses = [a.status for a in self.articles]
        return {
            "articles": {s: statuses.count(s) for s in ("added", "removed", "changed")},
            "entities": _sum_counts(a.entities for a in self.articles),
            "events": _sum_counts(a.events for a in self.articles),
            "rejects": self.rejects.counts(),
        }


# ---- reading the two sides ------------------------------------------------------------------------


def folder_snapshot(folder: Path) -> Snapshot:
    rows = folder_rows(folder)
    return Snapshot(name=str(folder), rows={stem: list(rows[stem]) for stem in OUTPUT_FILES})


def folder_rows(folder: Path) -> dict[str, Iterator[dict[str, Any]]]:
    """Each output file's rows, read as they are iterated; a missing file (but ``articles.jsonl``) has none."""
    folder = Path(folder)
    if not (folder / "articles.jsonl").is_file():
        raise DiffError(f"{folder}: no articles.jsonl, not an outputs folder")
    paths = {stem: folder / f"{stem}.jsonl" for stem in OUTPUT_FILES}
    return {stem: read_jsonl(path) if path.is_file() else iter(()) for stem, path in paths.items()}


def revision_snapshot(revision: str, outputs: Path) -> Snapshot:
    """The outputs folder as committed at ``revision``; a file missing there counts as empty."""
    top = _git("rev-parse", "--show-toplevel", cwd=Path.cwd()).strip()
    if not _git_ok("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", cwd=Path(top)):
        raise DiffError(f"{revision}: neither an outputs folder nor a git revision")
    folder = Path(outputs).resolve().relative_to(Path(top).resolve()).as_posix()
    rows = {}
    for stem in OUTPUT_FILES:
        spec = f"{revision}:{folder}/{stem}.jsonl"
        if not _git_ok("cat-file", "-e", spec, cwd=Path(top)):
            rows[stem] = []
            continue
        text = _git("show", spec, cwd=Path(top))
        rows[stem] = [json.loads(line) for line in text.splitlines() if line.strip()]
    return Snapshot(name=f"{revision}:{folder}", rows=rows)


def open_snapshot(spec: str, *, outputs: Path) -> Snapshot:
    """A folder when ``spec`` names one, else a git revision of ``outputs``."""
    return folder_snapshot(Path(spec)) if Path(spec).is_dir() else revision_snapshot(spec, outputs)


def _git(*args: str, cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        message = getattr(error, "stderr", "") or str(error)
        raise DiffError(f"git {' '.join(args)}: {message.strip()}") from error
    return done.stdout


def _git_ok(*args: str, cwd: Path) -> bool:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True).returncode == 0


# ---- comparing ------------------------------------------------------------------------------------


def compare(old: Snapshot, new: Snapshot) -> OutputDiff:
    old_articles = _articles(old)
    new_articles = _articles(new)
    old_entities, new_entities = by_article(old.rows["entities"]), by_article(new.rows["entities"])
    old_events, new_events = by_article(old.rows["events"]), by_article(new.rows["events"])
    articles = []
    for article_id in sorted(old_articles.keys() | new_articles.keys()):
        before, after = old_articles.get(article_id), new_articles.get(article_id)
        entities_before, entities_after = old_entities.get(article_id, []), new_entities.get(article_id, [])
        events_before, events_after = old_events.get(article_id, []), new_events.get(article_id, [])
        if before is None:
            articles.append(ArticleDiff(article_id, "added", (), RowsDiff(added=tuple(entities_after)), RowsDiff(added=tuple(events_after))))
            continue
        if after is None:
            articles.append(ArticleDiff(article_id, "removed", (), RowsDiff(removed=tuple(entities_before)), RowsDiff(removed=tuple(events_before))))
            continue
        text_changed = before.get("text") != after.get("text")
        fields = field_changes(before, after)
        entities = diff_rows(entities_before, entities_after, **_entity_identity(text_changed))
        events = diff_rows(events_before, events_after, **_event_identity(text_changed))
        if fields or entities or events:
            articles.append(ArticleDiff(article_id, "changed", fields, entities, events))
    rejects = diff_rows(old.rows["rejects"], new.rows["rejects"], key=lambda r: r["source"], secondary=lambda r: None, ignored=frozenset())
    return OutputDiff(old=old.name, new=new.name, articles=tuple(articles), rejects=rejects)


def _articles(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    """Article rows with their language verdict merged in (the fields do not overlap)."""
    languages = {row["article_id"]: row for row in snapshot.rows["languages"]}
    merged = {}
    for row in snapshot.rows["articles"]:
        verdict = {k: v for k, v in languages.get(row["id"], {}).items() if k != "article_id"}
        merged[row["id"]] = {**{k: v for k, v in row.items() if k not in ("id", "sha256")}, **verdict}
    return merged


def by_article(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows grouped by their article id, in their order."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["article_id"], []).append(row)
    return grouped


def _entity_identity(text_changed: bool) -> dict[str, Any]:
    if text_changed:
        return {"key": lambda r: (r["label"], r["text"]), "secondary": lambda r: None, "ignored": frozenset({"start", "end"})}
    return {"key": lambda r: (r["start"], r["end"]), "secondary": lambda r: r["label"], "ignored": frozenset()}


def _event_identity(text_changed: bool) -> dict[str, Any]:
    if text_changed:
        return {
            "key": lambda r: r["evidence"]["text"],
            "secondary": lambda r: r["type"],
            "ignored": frozenset({"id", "evidence.start", "evidence.end"}),
        }
    return {"key": lambda r: r["evidence"]["start"], "secondary": lambda r: r["type"], "ignored": frozenset({"id"})}


def diff_rows(
    old: list[dict[str, Any]],
    new: list[dict[str, Any]],
    *,
    key: Callable[[dict], Any],
    secondary: Callable[[dict], Any],
    ignored: frozenset[str],
) -> RowsDiff:
    """Rows matched by ``key``; rows sharing a key pair up equal first, then by ``secondary``, then in order."""
    if old == new:
        return RowsDiff()
    old_groups: dict[Any, list[dict]] = {}
    new_groups: dict[Any, list[dict]] = {}
    for row in old:
        old_groups.setdefault(key(row), []).append(row)
    for row in new:
        new_groups.setdefault(key(row), []).append(row)
    added: list[dict] = []
    removed: list[dict] = []
    changed: list[RowChange] = []
    for group in old_groups.keys() | new_groups.keys():
        olds, news = list(old_groups.get(group, [])), list(new_groups.get(group, []))
        pairs = []
        for same in (lambda r: _comparable(r, ignored), secondary, lambda r: None):
            old_values = [same(row) for row in olds]
            unpaired = []
            for new_row in news:
                value = same(new_row)
                if value in old_values:
                    index = old_values.index(value)
                    pairs.append((olds.pop(index), new_row))
                    old_values.pop(index)
                else:
                    unpaired.append(new_row)
            news = unpaired
        removed.extend(olds)
        added.extend(news)
        for before, after in pairs:
            fields = field_changes(before, after, ignored=ignored)
            if fields:
                changed.append(RowChange(before, after, fields))
    return RowsDiff(
        added=tuple(sorted(added, key=_position)),
        removed=tuple(sorted(removed, key=_position)),
        changed=tuple(sorted(changed, key=lambda c: _position(c.new))),
    )


def field_changes(old: Any, new: Any, *, path: str = "", ignored: frozenset[str] = frozenset()) -> tuple[FieldChange, ...]:
    """Changed values by dotted path, descending into objects present on both sides."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for name in sorted(old.keys() | new.keys()):
            inner = f"{path}.{name}" if path else name
            if inner not in ignored:
                changes.extend(field_changes(old.get(name, ABSENT), new.get(name, ABSENT), path=inner, ignored=ignored))
        return tuple(changes)
    return () if _same(old, new) else (FieldChange(path, None if old is ABSENT else old, None if new is ABSENT else new),)


def _same(old: Any, new: Any) -> bool:
    # 1 and 1.0 are the same amount; True and 1 are not the same value
    return old == new and isinstance(old, bool) == isinstance(new, bool)


def _comparable(row: dict[str, Any], ignored: frozenset[str]) -> Any:
    return _without(row, ignored) if ignored else row


def _without(value: Any, ignored: frozenset[str], path: str = "") -> Any:
    if not isinstance(value, dict):
        return value
    kept = {}
    for name, inner in value.items():
        inner_path = f"{path}.{name}" if path else name
        if inner_path not in ignored:
            kept[name] = _without(inner, ignored, inner_path)
    return kept


def _position(row: dict[str, Any]) -> tuple:
    if "evidence" in row:
        return (row["evidence"]["start"], row["evidence"]["end"], row["type"], row.get("actor") or "")
    if "start" in row:
        return (row["start"], row["end"], row["label"], row["text"])
    return (row.get("source", ""),)


def _sum_counts(diffs: Iterable[RowsDiff]) -> dict[str, int]:
    total = {"added": 0, "removed": 0, "changed": 0}
    for diff in diffs:
        for name, count in diff.counts().items():
            total[name] += count
    return total


# ---- rendering ------------------------------------------------------------------------------------


def format_value(value: Any) -> str:
    """A value as a reviewer reads it: 1.5e9 for big round amounts, quoted strings, JSON otherwise."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, str):
        shown = value if len(value) <= LONG_STRING else value[: LONG_STRING - 1] + "…"
        return json.dumps(shown, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def format_number(number: int | float) -> str:
    if float(number).is_integer():
        if abs(number) >= 1e6:
            mantissa, exponent = f"{float(number):.15e}".split("e")
            return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
        return str(int(number))
    return repr(float(number))


def describe_entity(row: dict[str, Any]) -> str:
    return f"entity {row['label']} [{row['start']}:{row['end']}] {format_value(row['text'])}"


def describe_event(row: dict[str, Any]) -> str:
    evidence = row["evidence"]
    parties = f"{row.get('actor') or '?'} → {row.get('target') or '?'}"
    details = [part for part in (amount_text(row), row.get("duration"), row.get("date"), row.get("status")) if part]
    return f"event {row['type']} [{evidence['start']}:{evidence['end']}] {parties}" + "".join(f", {d}" for d in details)


def amount_text(row: dict[str, Any]) -> str:
    """"1e9–1.5e9 USD", "2.4e9 USD" or "" for an event's amount."""
    if row.get("amount") is not None:
        amount = format_number(row["amount"])
    elif row.get("amount_min") is not None or row.get("amount_max") is not None:
        low, high = row.get("amount_min"), row.get("amount_max")
        amount = "–".join(format_number(v) if v is not None else "?" for v in (low, high))
    else:
        return ""
    return f"{amount} {row['currency']}" if row.get("currency") else amount


def describe_field(change: FieldChange) -> str:
    if change.field == "text" and isinstance(change.old, str) and isinstance(change.new, str):
        return f"text changed ({len(change.old)} → {len(change.new)} characters)"
    return f"{change.field} {format_value(change.old)} → {format_value(change.new)}"


def article_lines(article: ArticleDiff) -> list[str]:
    """The lines of one article's changes, without the article heading."""
    if article.status != "changed":
        sign = "+" if article.status == "added" else "-"
        rows = article.entities.added or article.entities.removed
        events = article.events.added or article.events.removed
        return [f"{sign} article: {plural(len(rows), 'entity', 'entities')}, {plural(len(events), 'event', 'events')}"]
    lines = [f"~ {describe_field(change)}" for change in article.fields]
    for rows, describe in ((article.entities, describe_entity), (article.events, describe_event)):
        entries = [(_position(r), 0, [f"- {describe(r)}"]) for r in rows.removed]
        entries += [(_position(r), 1, [f"+ {describe(r)}"]) for r in rows.added]
        entries += [
            (_position(c.new), 2, [f"~ {describe(c.new)}"] + [f"    {describe_field(f)}" for f in c.fields])
            for c in rows.changed
        ]
        for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1])):
            lines.extend(entry)
    return lines


def reject_lines(rejects: RowsDiff) -> list[str]:
    lines = [f"- reject {r['source']}: {r['reason']}" for r in rejects.removed]
    lines += [f"+ reject {r['source']}: {r['reason']}" for r in rejects.added]
    lines += [f"~ reject {c.new['source']}: {c.old['reason']} → {c.new['reason']}" for c in rejects.changed]
    return sorted(lines, key=lambda line: (line.split(" ", 2)[2], line[0]))


def summary_line(diff: OutputDiff) -> str:
    if not diff:
        return "no changes"
    counts = diff.summary()
    parts = [f"{name} +{c['added']} -{c['removed']} ~{c['changed']}" for name, c in counts.items()]
    return "; ".join(parts)


def render_text(diff: OutputDiff) -> str:
    lines = []
    for article in diff.articles:
        lines.append(article.article_id)
        lines.extend(f"  {line}" for line in article_lines(article))
    if diff.rejects:
        lines.append("rejects")
        lines.extend(f"  {line}" for line in reject_lines(diff.rejects))
    lines.append(f"summary: {summary_line(diff)}" if diff else "no changes")
    return "\n".join(lines) + "\n"


def render_markdown(diff: OutputDiff) -> str:
    lines = [f"**Extraction changes** `{diff.old}` → `{diff.new}`: {summary_line(diff)}"]
    sections = [(f"`{a.article_id}`", article_lines(a)) for a in diff.articles]
    if diff.rejects:
        sections.append(("rejects", reject_lines(diff.rejects)))
    for heading, body in sections:
        lines += ["", f"#### {heading}", "", "```diff", *body, "```"]
    return "\n".join(lines) + "\n"


def render_json(diff: OutputDiff) -> str:
    def rows(diff_: RowsDiff) -> dict[str, Any]:
        return {
            "added": list(diff_.added),
            "removed": list(diff_.removed),
            "changed": [{"old": c.old, "new": c.new, "fields": [_field_record(f) for f in c.fields]} for c in diff_.changed],
        }

    document = {
        "old": diff.old,
        "new": diff.new,
        "summary": diff.summary(),
        "articles": [
            {
                "article_id": a.article_id,
                "status": a.status,
                "fields": [_field_record(f) for f in a.fields],
                "entities": rows(a.entities),
                "events": rows(a.events),
            }
            for a in diff.articles
        ],
        "rejects": rows(diff.rejects),
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _field_record(change: FieldChange) -> dict[str, Any]:
    return {"field": change.field, "old": change.old, "new": change.new}


def plural(number: int, one: str, many: str) -> str:
    """A count with its noun: 1 event, 2 events."""
    return f"{number} {one if number == 1 else many}"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline diff", description=__doc__.splitlines()[0])
    parser.add_argument("old", nargs="?", default="HEAD", help="outputs folder or git revision (default HEAD)")
    parser.add_argument("new", nargs="?", help="outputs folder or git revision (default: the --outputs folder)")
    parser.add_argument("--outputs", type=Path, default=Path("outputs"), help="the outputs folder in the working tree")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--exit-code", action="store_true", help="exit with 1 when there are differences")
    args = parser.parse_args(argv)
    try:
        old = open_snapshot(args.old, outputs=args.outputs)
        new = open_snapshot(args.new, outputs=args.outputs) if args.new else folder_snapshot(args.outputs)
    except DiffError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    diff = compare(old, new)
    sys.stdout.write(RENDERERS[args.format](diff))
    return 1 if args.exit_code and diff else 0
