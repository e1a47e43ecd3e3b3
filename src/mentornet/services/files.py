"""A file an operation hands back (an export, a download, the template)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MEDIA", "FileOut"]

#: Media types of the files the operations write.
MEDIA = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class FileOut:
    """The bytes of a file, the name to save it under and its media type."""

    data: bytes
    filename: str
    media_type: str
