"""The course configuration, `course.toml` at the course root: due dates, late penalties, private tests."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG_NAME = "course.toml"


class ConfigError(ValueError):
    """course.toml is malformed; the message names the key and what is expected."""


def read_config(course_root: Path) -> dict:
    """The parsed course.toml of ``course_root`` (no file: an empty configuration)."""
    path = course_root / CONFIG_NAME
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
