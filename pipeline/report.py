"""Stage ``report``: corpus metrics (counts per label, events per type and status, rejects by reason)."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from pipeline.diff import Snapshot, folder_snapshot
from pipeline.model import write_atomic
from pipeline.plots import events_per_type, write_csv
from pipeline.review import write_review
from pipeline.tables import write_events_parquet


def reason_kind(reason: str) -> str:
    """The kind of a reject reason, without its particulars: "HTTP 404 Not Found" → "HTTP".

    Reasons name their particulars (ids, sizes, file types, addresses) after the words that say what went
    wrong, so the kind is the words before the first colon and before the first word with a digit, a dot
    or a slash.
    """
    words = []
    for word in reason.split(":", 1)[0].split():
        if any(ch.isdigit() or ch in "./" for ch in word):
            break
        words.append(word)
    return " ".join(words) or reason


def corpus_metrics(snapshot: Snapshot) -> dict:
    articles, languages, entities, events, rejects = (
        snapshot.rows[stem] for stem in ("articles", "languages", "entities", "events", "rejects")
    )
    return {
        "inputs": len(articles) + len(rejects),
        "articles": len(articles),
        "rejects": len(rejects),
        "rejects_by_reason": dict(sorted(Counter(reason_kind(r["reason"]) for r in rejects).items())),
        "languages": dict(sorted(Counter(v["language"] for v in languages).items())),
        "mixed_language": sum(1 for v in languages if v["mixed"]),
        "entities": {
            "total": len(entities),
            **dict(sorted(Counter(e["label"] for e in entities).items())),
        },
        "events": {
            "total": len(events),
            "by_type": dict(sorted(Counter(e["type"] for e in events).items())),
            "by_status": dict(sorted(Counter(e["status"] for e in events).items())),
        },
    }


def run_report(outputs: Path, metrics_path: Path) -> dict:
    """metrics.json, and the files reviewers read: events.parquet, the plot data, review.html."""
    # the outputs are read once: every file below is made from this snapshot
    snapshot = folder_snapshot(outputs)
    metrics = corpus_metrics(snapshot)
    write_atomic(metrics_path, json.dumps(metrics, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
    write_events_parquet(snapshot.rows["events"], outputs / "events.parquet")
    write_csv(outputs / "plots" / "events_per_type.csv", events_per_type(metrics), ("type", "events"))
    write_review(outputs, outputs / "review.html", metrics=metrics, current=snapshot)
    return metrics


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline report", description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=Path, required=True, help="folder with the stages' outputs")
    parser.add_argument("--metrics", type=Path, required=True, help="metrics.json to write")
    args = parser.parse_args(argv)
    metrics = run_report(args.outputs, args.metrics)
    print(f"report: {metrics['articles']} articles, {metrics['rejects']} rejects, {metrics['events']['total']} events")
    return 0
