"""Watching a corpus folder: the whole run again whenever a file in it is added, changed or removed.

For archives that grow all day: the process stays up with the NER pipeline loaded, so a re-run costs the
new articles (through the per-article result cache) and the writing of the outputs, not an interpreter
start and a model load each time.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Callable

from pipeline.analyse import AnalyseSettings, ResultSettings, warm_up
from pipeline.ingest import CorpusFile, fetched_pages_folder, walk_corpus
from pipeline.params import ConfigError

CorpusState = tuple[tuple[str, int, int], ...]


def corpus_state(corpus: Path, *, skip: Path) -> CorpusState:
    """Every input file's name, size and modification time (nanoseconds): what a change to the corpus changes."""
    state = []
    for entry in walk_corpus(corpus, skip=skip):
        if isinstance(entry, CorpusFile):
            try:
                status = os.stat(entry.path)
            except OSError:
                continue  # gone between listing and looking: the next look sees it gone
            state.append((entry.source, status.st_size, status.st_mtime_ns))
    return tuple(state)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def watch(
    corpus: Path,
    *,
    cache: Path | None,
    run: Callable[[], dict],
    report: Callable[[dict], None],
    settings: ResultSettings,
    analyse: AnalyseSettings,
    interval: float,
    runs: int | None = None,
) -> int:
    """Run, then run again after each change to ``corpus`` (looked at every ``interval`` seconds), until
    interrupted (Ctrl-C or SIGTERM). Outputs are replaced atomically, so an interrupted run leaves the last
    complete ones.

    ``runs`` stops after that many runs (None: until interrupted). A run that fails on its input is
    reported and the watch goes on: the next change may fix it.
    """
    skip = fetched_pages_folder(corpus, cache)
    # a service manager stops with SIGTERM, and a job started in the background ignores SIGINT: both end the watch
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    done = 0
    seen: CorpusState | None = None
    try:
        while runs is None or done < runs:
            state = corpus_state(corpus, skip=skip)
            if state == seen:
                time.sleep(interval)
                continue
            seen = state
            try:
                report(run())
            except (ConfigError, OSError) as error:
                if done == 0:
                    raise  # a watch that cannot run even once is misconfigured: say so and stop
                print(f"error: {error}", file=sys.stderr, flush=True)
            done += 1
            if done == 1:
                # the first run analyses in worker processes; later, smaller ones in this process
                warm_up(settings, analyse)
            print(f"watch: waiting for changes in {corpus}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    return 0
