"""Peak memory of the report stage on N and on 10 N articles: it streams, so 10 N should cost about as much.

The two runs are the rows of an outputs folder (``--outputs``, the committed seed outputs by default)
copied ``--copies`` and ten times as many times under new article ids, written in the order the
pipeline writes them. ``python -m pipeline report`` runs on each in a child process whose RSS is
sampled every 100 ms, as the pipeline benchmark samples its stages; the bar is the issue's: 10 N at
most 1.3 times the peak of N.

Run from the repository root: ``python -m benchmarks.report_memory`` (``--copies 200`` by default).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

from benchmarks.run import REPO, measure
from pipeline.diff import OUTPUT_FILES, by_article
from pipeline.model import read_jsonl, write_jsonl

TIMES = 10
BAR = 1.3


def copy_outputs(source: Path, target: Path, *, copies: int) -> dict[str, int]:
    """Write ``copies`` copies of every article's rows of ``source`` into ``target``; rows per file."""
    rows = {stem: list(read_jsonl(source / f"{stem}.jsonl")) for stem in OUTPUT_FILES}
    grouped = {stem: by_article(rows[stem]) for stem in ("languages", "entities", "events")}
    counts = {"articles": write_jsonl(target / "articles.jsonl", _copied_articles(rows["articles"], copies), presorted=True)}
    for stem, by_id in grouped.items():
        copied = (row for article in rows["articles"] for row in _copied_rows(by_id.get(article["id"], []), copies))
        counts[stem] = write_jsonl(target / f"{stem}.jsonl", copied, presorted=True)
    counts["rejects"] = write_jsonl(target / "rejects.jsonl", _copied_rejects(rows["rejects"], copies))
    return counts


def _copied_articles(articles: list[dict[str, Any]], copies: int) -> Iterator[dict[str, Any]]:
    for article in articles:
        for number in range(copies):
            yield {**article, "id": _renamed(article["id"], number)}


def _copied_rows(rows: list[dict[str, Any]], copies: int) -> Iterator[dict[str, Any]]:
    # an article's copies follow each other, so its rows are copied copy by copy
    for number in range(copies):
        for row in rows:
            renamed = {**row, "article_id": _renamed(row["article_id"], number)}
            if "id" in row:
                renamed["id"] = _renamed(row["id"], number)
            yield renamed


def _copied_rejects(rejects: list[dict[str, Any]], copies: int) -> Iterator[dict[str, Any]]:
    for reject in rejects:
        for number in range(copies):
            yield {**reject, "source": _renamed(reject["source"], number)}


def _renamed(name: str, number: int) -> str:
    return f"{name}_{number:06d}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=Path, default=REPO / "outputs", help="a run's outputs folder to copy")
    parser.add_argument("--copies", type=int, default=200, help="copies of the outputs in the smaller run")
    args = parser.parse_args(argv)
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="report-memory-") as work:
        for copies in (args.copies, TIMES * args.copies):
            folder = Path(work) / f"x{copies}"
            counts = copy_outputs(args.outputs, folder, copies=copies)
            command = [sys.executable, "-m", "pipeline", "report", "--outputs", str(folder), "--metrics", str(folder / "metrics.json")]
            measured = measure(command)
            peaks[copies] = measured.peak_rss_mb
            page = (folder / "review.html").stat().st_size / 2**20
            print(
                f"{counts['articles']:>7} articles, {counts['entities']:>8} entities, {counts['events']:>7} events: "
                f"report {measured.seconds:.1f} s, peak RSS {measured.peak_rss_mb:.0f} MB, review.html {page:.1f} MiB"
            )
    return growth_verdict(peaks[args.copies], peaks[TIMES * args.copies])


def growth_verdict(small: float, large: float) -> int:
    """Print the peak RSS of the run on TIMES times the corpus against the run on the corpus; 0 if within the bar."""
    ratio = large / small
    print(f"peak RSS x{TIMES}: {large:.0f} MB vs {small:.0f} MB = {ratio:.2f}x (bar <= {BAR}x)")
    return 0 if ratio <= BAR else 1


if __name__ == "__main__":
    sys.exit(main())
