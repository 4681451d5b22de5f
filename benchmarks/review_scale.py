"""Time of the review tools on a large run: ``diff``, the review page and ``pipeline.tables.load``.

The large run is the seed corpus's outputs (``--outputs``, as ``python -m pipeline run`` writes them)
copied ``--copies`` times under new article ids. ``diff`` is timed twice: against an identical copy
(nothing to report) and against a copy where every second event's amount changed.

Run from the repository root: ``python -m benchmarks.review_scale --outputs outputs``.
"""

from __future__ import annotations

import argparse
import copy
import tempfile
import time
from pathlib import Path

from pipeline.diff import compare, folder_snapshot
from pipeline.model import read_jsonl, write_jsonl
from pipeline.report import run_report
from pipeline.review import write_review
from pipeline.tables import load

STEMS = ("articles", "languages", "entities", "events", "rejects")


def replicate(source: Path, target: Path, *, copies: int, amount_every: int = 0) -> dict[str, int]:
    """Write ``copies`` renamed copies of every article's rows; returns the row count per file."""
    rows = {stem: list(read_jsonl(source / f"{stem}.jsonl")) for stem in STEMS}
    counts = {}
    for stem, records in rows.items():
        copied = []
        for number in range(copies):
            for record in records:
                record = copy.deepcopy(record)
                if stem == "articles":
                    record["id"] = f"{record['id']}_{number:05d}"
                elif "article_id" in record:
                    record["article_id"] = f"{record['article_id']}_{number:05d}"
                copied.append(record)
        if stem == "events" and amount_every:
            for record in copied[::amount_every]:
                record["amount"] = (record["amount"] or 0) + 1.0
        counts[stem] = write_jsonl(target / f"{stem}.jsonl", copied)
    run_report(target, target / "metrics.json")
    return counts


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=Path, default=Path("outputs"), help="a run's outputs folder to copy")
    parser.add_argument("--copies", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        base, same, edited = (Path(work) / name for name in ("base", "same", "edited"))
        counts = replicate(args.outputs, base, copies=args.copies)
        replicate(args.outputs, same, copies=args.copies)
        replicate(args.outputs, edited, copies=args.copies, amount_every=2)
        print(f"run: {counts['articles']} articles, {counts['entities']} entities, {counts['events']} events")
        seconds, diff = timed(lambda: compare(folder_snapshot(base), folder_snapshot(same)))
        print(f"diff, identical runs: {seconds:.2f} s ({'no changes' if not diff else 'CHANGES'})")
        seconds, diff = timed(lambda: compare(folder_snapshot(base), folder_snapshot(edited)))
        print(f"diff, {diff.summary()['events']['changed']} events changed: {seconds:.2f} s")
        seconds, page = timed(lambda: write_review(base, base / "review.html"))
        print(f"review page: {seconds:.2f} s, {len(page.encode('utf-8')) / 2**20:.1f} MiB")
        seconds, tables = timed(lambda: load(base))
        print(f"tables.load: {seconds:.2f} s")


if __name__ == "__main__":
    main()
