"""Writing outputs atomically: a killed build never leaves a half-written file behind."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from kg.errors import KgError


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write to a temporary file in the same folder, then rename it over the target;
    missing folders on the way are made."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise KgError(f"cannot write to {path.parent}: {error.strerror}") from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a build that was killed before it could rename them."""
    for stale in folder.glob(".*.tmp"):
        stale.unlink(missing_ok=True)


def csv_table(header, rows) -> str:
    """A header and rows as CSV text with Unix line ends (`kg stats -f csv`, the Neo4j files)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
