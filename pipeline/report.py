"""Stage ``report``: corpus metrics (counts per label, events per type and status, rejects by reason)."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from pipeline.diff import Snapshot, folder_rows
from pipeline.model import write_atomic
from pipeline.plots import events_per_type, write_csv
from pipeline.review import save_review
from pipeline.streaming import OutputsIndex, index_outputs, index_rows
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
    """The metrics of a run whose rows are already read."""
    return index_metrics(index_rows(snapshot.rows))


def index_metrics(index: OutputsIndex) -> dict:
    return {
        "inputs": len(index.articles) + len(index.rejects),
        "articles": len(index.articles),
        "rejects": len(index.rejects),
        "rejects_by_reason": dict(sorted(Counter(reason_kind(r["reason"]) for r in index.rejects).items())),
        "languages": dict(sorted(index.languages.items())),
        "mixed_language": index.mixed_language,
        "entities": {
            "total": index.labels.total(),
            **dict(sorted(index.labels.items())),
        },
        "events": {
            "total": index.types.total(),
            "by_type": dict(sorted(index.types.items())),
            "by_status": dict(sorted(index.statuses.items())),
        },
    }


def run_report(outputs: Path, metrics_path: Path) -> dict:
    """metrics.json, and the files reviewers read: events.parquet, the plot data, review.html."""
    # the outputs are streamed: a counting pass, then the events in batches and the page article by
    # article, so that memory does not grow with the corpus
    index = index_outputs(outputs)
    metrics = index_metrics(index)
    write_atomic(metrics_path, json.dumps(metrics, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
    categories = {"type": index.types, "status": index.statuses, "currency": index.currencies}
    write_events_parquet(folder_rows(outputs)["events"], outputs / "events.parquet", categories=categories)
    write_csv(outputs / "plots" / "events_per_type.csv", events_per_type(metrics), ("type", "events"))
    save_review(outputs, outputs / "review.html", metrics=metrics, index=index)
    return metrics


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline report", description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=Path, required=True, help="folder with the stages' outputs")
    parser.add_argument("--metrics", type=Path, required=True, help="metrics.json to write")
    args = parser.parse_args(argv)
    metrics = run_report(args.outputs, args.metrics)
    print(f"report: {metrics['articles']} articles, {metrics['rejects']} rejects, {metrics['events']['total']} events")
    return 0
