"""Progress of a long stage: a bar on a terminal (done / total, rate), nothing when output is not a
terminal (logs, DVC, CI), and always one summary line when the stage ends.

    with stage_progress("extract", total=len(articles)) as progress:
        rows = extract_rows(progress.track(articles))
        progress.counts["entities"] = write_jsonl(out, rows)
    # extract: 120 articles, 4310 entities in 9.8 s (12.2 articles/s)

The bar is tqdm's (on stderr, erased when done); the summary goes to stdout like the stages' other
messages.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TextIO, TypeVar

from tqdm import tqdm

Item = TypeVar("Item")
BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}{unit} [{elapsed}<{remaining}, {rate_fmt}]"
# when the total is not known up front (records inside files), a counter instead of a bar
COUNTER_FORMAT = "{desc}: {n_fmt}{unit} [{elapsed}, {rate_fmt}]"


class StageProgress:
    def __init__(
        self,
        stage: str,
        *,
        total: int | None,
        unit: str = "articles",
        bar_stream: TextIO | None = None,
        clock: Callable[[], float] = time.perf_counter,
        redraw_seconds: float = 0.1,
    ) -> None:
        self.stage = stage
        self.unit = unit
        self.done = 0
        self.counts: dict[str, int] = {}
        self._clock = clock
        self._started = clock()
        # disable=None: tqdm draws only when its stream is a terminal
        self._bar = tqdm(
            total=total,
            desc=stage,
            unit=f" {unit}",
            bar_format=BAR_FORMAT if total is not None else COUNTER_FORMAT,
            file=bar_stream if bar_stream is not None else sys.stderr,
            disable=None,
            leave=False,
            dynamic_ncols=True,
            mininterval=redraw_seconds,
        )

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._bar.update(count)

    def track(self, items: Iterable[Item]) -> Iterator[Item]:
        """The items unchanged, each counted as done when the consumer takes the next one."""
        for item in items:
            yield item
            self.advance()

    def summary(self) -> str:
        seconds = self._clock() - self._started
        counts = "".join(f", {count} {name}" for name, count in self.counts.items())
        rate = f" ({self.done / seconds:.1f} {self.unit}/s)" if seconds > 0 else ""
        return f"{self.stage}: {self.done} {self.unit}{counts} in {seconds:.1f} s{rate}"

    def close(self) -> None:
        self._bar.close()


@contextmanager
def stage_progress(
    stage: str,
    *,
    total: int | None,
    unit: str = "articles",
    bar_stream: TextIO | None = None,
    summary_stream: TextIO | None = None,
    clock: Callable[[], float] = time.perf_counter,
    redraw_seconds: float = 0.1,
) -> Iterator[StageProgress]:
    """A progress bar for one stage; prints the stage's summary line when the block completes."""
    progress = StageProgress(stage, total=total, unit=unit, bar_stream=bar_stream, clock=clock, redraw_seconds=redraw_seconds)
    try:
        yield progress
    finally:
        progress.close()
    print(progress.summary(), file=summary_stream if summary_stream is not None else sys.stdout, flush=True)
