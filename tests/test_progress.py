import io
import re

import pytest

from pipeline.progress import stage_progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def fake_clock(*moments):
    readings = iter(moments)
    return lambda: next(readings)


def test_no_bar_when_not_a_terminal_and_one_summary_line():
    bar, summary = io.StringIO(), io.StringIO()
    with stage_progress("extract", total=3, bar_stream=bar, summary_stream=summary, clock=fake_clock(10.0, 12.0)) as progress:
        assert list(progress.track(["a", "b", "c"])) == ["a", "b", "c"]
        progress.counts["entities"] = 12
    assert bar.getvalue() == ""
    assert summary.getvalue() == "extract: 3 articles, 12 entities in 2.0 s (1.5 articles/s)\n"


def test_bar_on_a_terminal_shows_done_total_and_rate_then_clears():
    terminal, summary = Terminal(), io.StringIO()
    with stage_progress(
        "detect", total=4, bar_stream=terminal, summary_stream=summary, clock=fake_clock(0.0, 0.5), redraw_seconds=0
    ) as progress:
        for _ in progress.track(range(4)):
            pass
    frames = [frame.strip() for frame in terminal.getvalue().split("\r") if frame.strip()]
    assert [frame.split("|")[0] for frame in frames] == ["detect:   0%", "detect:  25%", "detect:  50%", "detect:  75%", "detect: 100%"]
    assert re.fullmatch(r"detect: 100%\|[#█]{10}\| 4/4 articles \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ articles/s\]", frames[-1])
    assert terminal.getvalue().endswith("\r")  # the bar is erased before the summary line
    assert summary.getvalue() == "detect: 4 articles in 0.5 s (8.0 articles/s)\n"


def test_other_units_and_explicit_advances():
    summary = io.StringIO()
    with stage_progress("ingest", total=10, unit="files", bar_stream=io.StringIO(), summary_stream=summary, clock=fake_clock(0.0, 4.0)) as progress:
        progress.advance(7)
        progress.advance()
        progress.counts["rejects"] = 2
    assert summary.getvalue() == "ingest: 8 files, 2 rejects in 4.0 s (2.0 files/s)\n"


def test_a_failing_stage_prints_no_summary():
    summary = io.StringIO()
    with pytest.raises(ValueError):
        with stage_progress("events", total=1, bar_stream=io.StringIO(), summary_stream=summary, clock=fake_clock(0.0)):
            raise ValueError("broken input")
    assert summary.getvalue() == ""


def test_unknown_total_counts_without_a_bar():
    terminal, summary = Terminal(), io.StringIO()
    with stage_progress(
        "ingest", total=None, unit="records", bar_stream=terminal, summary_stream=summary, clock=fake_clock(0.0, 1.0), redraw_seconds=0
    ) as progress:
        for _ in progress.track("abc"):
            pass
    frames = [frame.strip() for frame in terminal.getvalue().split("\r") if frame.strip()]
    assert [frame.split(" [")[0] for frame in frames] == ["ingest: 0 records", "ingest: 1 records", "ingest: 2 records", "ingest: 3 records"]
    assert summary.getvalue() == "ingest: 3 records in 1.0 s (3.0 records/s)\n"
