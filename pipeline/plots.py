"""Command ``plots``: the data of the DVC plots, as CSV tables DVC can draw and compare between revisions.

- ``plots events``: events per type, from the report's ``metrics.json`` (columns ``type,events``; every
  event type of the contract in its order, zero counts included, so two revisions share one axis);
- ``plots ner``: NER F1 per label, from the evaluation's scores (columns ``label,f1,precision,recall``,
  in percent; the micro averages are metrics, not bars).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import Any

from pipeline.model import EVENT_TYPES, write_atomic

AVERAGES = ("micro", "micro_all")


def events_per_type(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    counts = metrics["events"]["by_type"]
    types = [*EVENT_TYPES, *sorted(set(counts) - set(EVENT_TYPES))]
    return [{"type": name, "events": counts.get(name, 0)} for name in types]


def ner_f1_per_label(scores: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"label": label, "f1": score["f1"], "precision": score["p"], "recall": score["r"]}
        for label, score in scores.items()
        if label not in AVERAGES
    ]


def write_csv(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, buffer.getvalue())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline plots", description=__doc__.splitlines()[0])
    kinds = parser.add_subparsers(dest="kind", required=True)
    events = kinds.add_parser("events", help="events per type from metrics.json")
    events.add_argument("--metrics", type=Path, required=True, help="the report's metrics.json")
    events.add_argument("--out", type=Path, required=True, help="CSV to write")
    ner = kinds.add_parser("ner", help="NER F1 per label from the evaluation's scores")
    ner.add_argument("--scores", type=Path, required=True, help="the evaluate stage's ner.json")
    ner.add_argument("--out", type=Path, required=True, help="CSV to write")
    args = parser.parse_args(argv)
    if args.kind == "events":
        rows = events_per_type(json.loads(args.metrics.read_text(encoding="utf-8")))
        write_csv(args.out, rows, ("type", "events"))
    else:
        rows = ner_f1_per_label(json.loads(args.scores.read_text(encoding="utf-8")))
        write_csv(args.out, rows, ("label", "f1", "precision", "recall"))
    print(f"plots: {len(rows)} rows -> {args.out}")
    return 0
