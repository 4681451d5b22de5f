"""German-language news extraction: entities, money amounts, dates and money events.

``extract(text, published=...)`` gives the same records as the batch stages for one text;
``load(outputs)`` gives a run's tables as pandas DataFrames.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["extract", "load"]



@lru_cache(maxsize=1)
def _extractor():
    from pipeline.recognize import ExtractSettings, Extractor

    return Extractor(settings=ExtractSettings(models=str(Path(__file__).resolve().parent.parent / "models")))


def extract(text: str, *, published: str | None = None, record_id: str = "text") -> dict:
    """Entities and money events of one German text, resolved against its publication date."""
    from pipeline.detect import LanguageSettings
    from pipeline.recognize import extract_record

    return extract_record(_extractor(), text=text, record_id=record_id, published=published, language=LanguageSettings())


def load(outputs: str | Path = "outputs"):
    """A run's outputs as pandas DataFrames: .articles, .languages, .entities, .events, .rejects."""
    from pipeline.tables import load as load_tables

    return load_tables(outputs)
