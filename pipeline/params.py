"""Stage parameters from ``params.yaml``, keyed by stage as DVC expects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class ConfigError(Exception):
    """A user error in the configuration: reported in one line, never as a traceback."""


def stage_params(path: Path, stage: str) -> dict[str, Any]:
    if not Path(path).is_file():
        return {}
    with open(path, encoding="utf-8") as handle:
        params = yaml.safe_load(handle) or {}
    section = params.get(stage) or {}
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: section '{stage}' must be a mapping")
    return section
