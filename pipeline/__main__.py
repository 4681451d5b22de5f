"""Command line: ``python -m pipeline <command> [options]``; each command lives in its own module."""

from __future__ import annotations

import importlib
import sys

from pipeline.params import ConfigError

# command -> (module in this package, one-line help); ``extract`` lives in ``recognize`` so that the
# module does not shadow the ``pipeline.extract`` function of the Python API.
COMMANDS = {
    "ingest": ("ingest", "read the corpus folder into articles and rejects"),
    "detect": ("detect", "detect each article's language"),
    "extract": ("recognize", "find entities, money amounts, dates and durations"),
    "events": ("events", "build money events from the entities"),
    "analyse": ("analyse", "language, entities and events of every article in one cached pass"),
    "report": ("report", "write corpus metrics"),
    "run": ("run", "run every stage in one go on any folder"),
    "diff": ("diff", "compare two runs' outputs (folders or git revisions), per article, field by field"),
    "review": ("review", "write the self-contained HTML review page, optionally with the changes since OLD"),
    "plots": ("plots", "write the DVC plot data: events per type, NER F1 per label"),
    "vectors": ("vectors", "train floret vectors on raw German text"),
    "prepare": ("prepare", "convert NER corpora to spaCy training data"),
    "train": ("train", "train the German NER model"),
    "evaluate": ("evaluate", "evaluate the NER model on GermEval 2014 test"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        width = max(map(len, COMMANDS))
        lines = [f"  {name:<{width}}  {help_}" for name, (_, help_) in COMMANDS.items()]
        print("usage: python -m pipeline <command> [options]\n\ncommands:\n" + "\n".join(lines))
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(f"pipeline.{COMMANDS[argv[0]][0]}")
    try:
        return module.main(argv[1:])
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
