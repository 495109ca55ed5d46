"""Where the documents' bytes live: behind one small interface, so that an
S3-compatible store can stand in for the folder later.

The ``document_storage`` setting chooses the store: a folder (the default,
``<instance>/documents``). A new store implements :class:`DocumentStorage`
and gets a branch in :func:`storage_for`, say for ``s3://bucket/prefix``.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from core.app import hub

#: what the service writes (``secrets.token_hex``): nothing can climb out of the folder
_KEY = re.compile(r"^[0-9a-f]{16,64}$")


class DocumentStorage(Protocol):
    def put(self, key: str, content: bytes) -> None:
        """Store ``content`` under ``key`` (a new key: never overwrites)."""

    def get(self, key: str) -> bytes:
        """The bytes stored under ``key``; ``FileNotFoundError`` when there are none."""

    def delete(self, key: str) -> None:
        """Remove ``key``; nothing happens when it is already gone."""


class FileSystemStorage:
    """One file per document in a folder outside the web root, readable by
    the hub's user only (files 0600, the folder 0700, made on first write)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError("not a storage key")
        return self.root / key

    def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Written aside and renamed: a reader never sees half a file.
        fd, temporary = tempfile.mkstemp(dir=self.root, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
            os.chmod(temporary, 0o600)
            if path.exists():
                raise FileExistsError(key)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def storage_for(setting: str) -> DocumentStorage:
    """The store that the ``document_storage`` setting names."""
    if "://" in setting:
        raise RuntimeError(
            f"document_storage must be a folder; {setting.split('://')[0]}:// is not supported yet."
        )
    return FileSystemStorage(Path(setting))


def document_storage() -> DocumentStorage:
    """The application's store."""
    return storage_for(hub().settings.document_storage)
