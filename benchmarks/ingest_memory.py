"""Peak memory of the ingest stage on N and on 10 N articles: it streams, so 10 N should cost about as much.

The corpus is the news JSONL (``data/news``) copied ``--times`` and ten times as many times, each copy's
ids and first words changed so that no copy is a duplicate, written as one JSONL file in a corpus folder.
``python -m pipeline ingest`` runs on each in a child process whose RSS is sampled every 100 ms, as the
pipeline benchmark samples its stages; the bar is the issue's: 10 N at most 1.3 times the peak of N.

Run from the repository root: ``python -m benchmarks.ingest_memory`` (``--times 1`` by default).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.report_memory import TIMES, growth_verdict
from benchmarks.run import NEWS, measure, repeated, write_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=Path, default=NEWS, help="the news JSONL (gzip)")
    parser.add_argument("--times", type=int, default=1, help="copies of the news in the smaller run")
    args = parser.parse_args(argv)
    with gzip.open(args.news, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="ingest-memory-") as work:
        for times in (args.times, TIMES * args.times):
            corpus = write_corpus(Path(work) / f"corpus-x{times}", repeated(records, times))
            out = Path(work) / f"out-x{times}"
            command = [sys.executable, "-m", "pipeline", "ingest", "--corpus", str(corpus),
                       "--articles", str(out / "articles.jsonl"), "--rejects", str(out / "rejects.jsonl")]
            measured = measure(command)
            peaks[times] = measured.peak_rss_mb
            size = (corpus / "news.jsonl").stat().st_size / 2**20
            print(f"{times * len(records):>7} articles ({size:.1f} MiB JSONL): ingest {measured.seconds:.1f} s, "
                  f"peak RSS {measured.peak_rss_mb:.0f} MB")
    return growth_verdict(peaks[args.times], peaks[TIMES * args.times])


if __name__ == "__main__":
    sys.exit(main())
