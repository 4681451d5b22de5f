"""The one exception a reader raises for an input it cannot turn into an article."""

from __future__ import annotations


class InputRejected(Exception):
    """An input that becomes a reject; ``reason`` is the readable text written to rejects.jsonl."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
