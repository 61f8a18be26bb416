"""Loading texts from a JSON Lines corpus: one object a line, `id` and `text`, optional
`date`, `url` and `title`, so a million texts need not be a million files.

A text that cannot be used (empty, no Russian, too large) is skipped as a file would be; a
line that is not such an object is an error naming the line, raised before anything is built.

>>> import tempfile, pathlib
>>> corpus = pathlib.Path(tempfile.mkdtemp()) / "news.jsonl"
>>> line = '{"id": "a1", "text": "Лавров встретился с Гутеррешем.", "date": "2024-03-05"}'
>>> _ = corpus.write_text(line + "\\n")
>>> documents, skipped = load_jsonl(corpus)
>>> documents[0].id, documents[0].source.date
('a1', '2024-03-05')
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from kg.errors import KgError
from kg.records import Document, Source

from .load import MAX_BYTES, Skipped, check_size, usable

SUFFIXES = (".jsonl", ".ndjson")
OPTIONAL = ("date", "url", "title")
# A line holds a text of at most max_bytes of UTF-8, which JSON may write as \\u escapes
# (six bytes a character, three times UTF-8's two for a Cyrillic letter), and its fields.
LINE_FACTOR, LINE_MARGIN = 6, 100_000


def is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.is_dir()


def load_jsonl(path: Path, max_bytes: int = MAX_BYTES) -> tuple[list[Document], list[Skipped]]:
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, int] = {}  # id -> the line that gave it
    try:
        handle = path.open("rb")
    except OSError as error:
        raise KgError(f"cannot read {path}: {error.strerror}") from error
    with handle:
        for number, line in enumerate(_lines(handle, path, max_bytes), start=1):
            if not line.strip():
                continue
            record = _record(line, f"{path}:{number}")
            if record["id"] in seen:
                raise KgError(f"{path}:{number}: id {record['id']!r} already given on line {seen[record['id']]}")
            seen[record["id"]] = number
            try:
                documents.append(_document(record, max_bytes))
            except ValueError as error:
                skipped.append(Skipped(record["id"], str(error)))
    return documents, skipped


def _lines(handle: BinaryIO, path: Path, max_bytes: int) -> Iterator[bytes]:
    """The file's lines, none read further than a text at the size limit can need."""
    limit = LINE_FACTOR * max_bytes + LINE_MARGIN
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            raise KgError(f"{path}:{number}: the line is longer than {limit / 1e6:g} MB, more than a text within "
                          "the size limit needs (--max-mb); is it JSON Lines, one object a line?")
        yield line


def _record(line: bytes, where: str) -> dict:
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KgError(f"{where}: not a JSON object ({error})") from None
    except RecursionError:
        raise KgError(f"{where}: not a JSON object kg can read: arrays or objects nested thousands deep") from None
    except ValueError as error:   # an integer of more digits than Python converts (4,300)
        raise KgError(f"{where}: not a JSON object kg can read: a number too long ({error})") from None
    if not isinstance(record, dict):
        raise KgError(f"{where}: not a JSON object")
    for key in ("id", "text"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise KgError(f"{where}: needs `{key}`, a non-empty string")
    for key in OPTIONAL:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise KgError(f"{where}: `{key}` must be a string")
    if record.get("date") and not iso_date(record["date"]):
        raise KgError(f"{where}: `date` {record['date']!r} is not an ISO 8601 day or moment "
                      "(2024-03-05, 2024-03-05T10:00:00+03:00)")
    return record


def iso_date(value: str) -> str | None:
    """A day or a moment in ISO 8601 as XML Schema writes it (a day alone, or day and time)."""
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return parse(value).isoformat()
        except ValueError:
            pass
    return None


def _document(record: dict, max_bytes: int) -> Document:
    """The same checks and cleaning as a file's (kg/inputs/load.py)."""
    check_size(len(record["text"].encode("utf-8")), max_bytes)
    text = usable(record["text"])
    values = {key: record.get(key) or None for key in OPTIONAL}
    values["date"] = values["date"] and iso_date(values["date"])
    return Document(id=record["id"], text=text, source=Source(**values) if any(values.values()) else None)
