"""Where an imported file's bytes come from: a path on disk, or bytes received under a name."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from annotator.services.importing.records import FileRejected


@dataclass(frozen=True)
class ImportSource:
    """One file to import. `name` is what its report shows and, by its last part, what
    decides the format and is recorded with the articles; the bytes are read from `path`,
    or are `data` (an upload, never written to disk)."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    # The file's own name when `name` is not it (an upload shown under another label).
    own_name: str | None = None

    @classmethod
    def from_path(cls, path: Path) -> ImportSource:
        """A file on disk, reported under the path as given."""
        return cls(str(path), path=path)

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> ImportSource:
        """Bytes received under a name (an upload)."""
        return cls(name, data=data)

    @property
    def filename(self) -> str:
        """The name's last part, whichever separator the sender used."""
        return self.own_name or PureWindowsPath(PurePosixPath(self.name).name).name

    def size(self) -> int:
        """The size in bytes; 0 for a path that cannot be read (reading it says why)."""
        if self.data is not None:
            return len(self.data)
        try:
            return self.path.stat().st_size if self.path is not None else 0
        except OSError:
            return 0

    def open(self) -> BinaryIO:
        """A seekable binary stream of the bytes; FileRejected if the file cannot be read."""
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.path is None:
            raise FileRejected("no such file")
        try:
            return self.path.open("rb")
        except FileNotFoundError as exc:
            raise FileRejected("no such file") from exc
        except IsADirectoryError as exc:
            raise FileRejected("is a folder") from exc
        except PermissionError as exc:
            raise FileRejected("cannot be read (permission denied)") from exc

    def read(self, max_bytes: int) -> bytes:
        """All the bytes, refused (FileRejected) when there are more than max_bytes."""
        size = self.size()
        if size > max_bytes:
            raise FileRejected(too_large(size, max_bytes))
        if self.data is not None:
            return self.data
        with self.open() as binary:
            data = binary.read()
        if len(data) > max_bytes:
            raise FileRejected(too_large(len(data), max_bytes))
        return data


def _in_units(size: int) -> str:
    """Bytes as KB or MB (powers of 1024, as the 413 page states limits), no needless decimal."""
    unit, scale = ("MB", 2**20) if size >= 2**20 else ("KB", 2**10)
    value = size / scale
    return f"{value:.0f} {unit}" if value == round(value) else f"{value:.1f} {unit}"


def too_large(size: int, limit: int) -> str:
    """Why a file of `size` bytes is refused under `limit`."""
    if size <= limit + 1:  # an upload is read one byte past the limit: its size is unknown
        return f"file too large: over the limit of {_in_units(limit)}"
    return f"file too large: {_in_units(size)}, the limit is {_in_units(limit)}"
