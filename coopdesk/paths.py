"""Where things live on disk: the user's data folder (platformdirs) and the shipped resources."""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "coopdesk"
BOOK_SUFFIX = ".coopdesk"


def data_dir() -> Path:
    """The user's data folder; `COOPDESK_DATA_DIR` overrides it (tests, portable installs)."""
    override = os.environ.get("COOPDESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_book_path() -> Path:
    return data_dir() / f"koperasi{BOOK_SUFFIX}"


def backup_dir() -> Path:
    return data_dir() / "backups"


def resource(*parts: str) -> Traversable:
    """A file shipped in `resources/` (installed as the package `coopdesk.resources`)."""
    node: Traversable = files("coopdesk.resources")
    for part in parts:
        node = node / part
    return node


def resource_path(*parts: str) -> Path:
    """A shipped resource as a real path (fonts need one for ReportLab)."""
    return Path(str(resource(*parts)))
