"""Loading texts: every *.txt under a folder, decoded, cleaned, ready for NLP."""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.records import Document

# Press releases are kilobytes; a text this big is a dump that would exhaust memory in NLP.
MAX_BYTES = 5_000_000
# Legacy Cyrillic encodings common in Russian archives, tried when UTF-8 fails.
LEGACY_ENCODINGS = ("cp1251", "koi8_r")
# The most frequent Russian letters: a decoding that yields many of them is the right one.
FREQUENT = set("оеаинтсрвлкмдпуяыьгзбчй")
# UTF-8 but for a few bytes (a bad byte from a copy, a cut sequence): at most this share of
# the bytes invalid, and at least this many valid non-ASCII characters for each one. A legacy
# Cyrillic text has almost none valid: its letters are bytes UTF-8 cannot start or continue.
MOSTLY_UTF8_INVALID_SHARE = 0.01
MOSTLY_UTF8_VALID_PER_INVALID = 20
HTML_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[a-zA-Z/!][^<>]*>", re.DOTALL | re.IGNORECASE)
HTML_HINT = re.compile(r"<(html|body|p|div|br|span|a|script|style)\b|&(nbsp|laquo|raquo|quot|amp|#\d+);", re.IGNORECASE)
BLOCK_TAG = re.compile(r"<(br|/p|/div|/h\d|/li|/tr)\b[^<>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def find_texts(folder: Path) -> list[Path]:
    return [path for path in _named_txt(folder) if path.is_file()]


def _named_txt(folder: Path) -> list[Path]:
    if not folder.exists():
        raise KgError(f"input folder not found: {folder}")
    if not folder.is_dir():
        raise KgError(f"input is not a folder: {folder}")
    return sorted(folder.rglob("*.txt"))


def not_a_file(path: Path) -> str | None:
    """Why a path named *.txt is no text to read (never opened: a FIFO would block), or None."""
    if path.is_file():
        return None
    if path.is_symlink() and not path.exists():
        return "a broken symbolic link"
    if path.is_dir():
        return "a folder, not a file"
    return "not a regular file (a FIFO, socket or device)"


def _leaves(path: Path, inside: Path) -> str | None:
    """Why a symbolic link is not followed: it leads out of the input folder (a text must not
    bring a file from elsewhere into the graph)."""
    if path.is_symlink() and not path.resolve().is_relative_to(inside):
        return "a symbolic link to a file outside the input folder (not read)"
    return None


def decode(data: bytes) -> Decoded:
    """Decode bytes of unknown encoding; raises ValueError for binary data."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Decoded(data.decode(name), name)
    if b"\x00" in data[:4096]:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    candidates = [Decoded(data.decode(name, errors="replace"), name) for name in LEGACY_ENCODINGS]
    return max(candidates, key=lambda d: _russian_score(d.text))


def _mostly_utf8(data: bytes) -> Decoded | None:
    """The bytes as UTF-8 with the few invalid ones replaced (U+FFFD), when they are that.

    >>> _mostly_utf8("Сергей Лавров прибыл в Минск".encode() + b"\\xff").encoding
    'utf-8, 1 invalid byte sequence replaced'
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())   # each invalid sequence is one U+FFFD
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")   # non-ASCII
    if invalid > max(1, len(data) * MOSTLY_UTF8_INVALID_SHARE) or valid < MOSTLY_UTF8_VALID_PER_INVALID * invalid:
        return None
    return Decoded(text, f"utf-8, {invalid} invalid byte sequence{'s' if invalid > 1 else ''} replaced")


def _russian_score(text: str) -> float:
    letters = [c for c in text[:20000].lower() if "а" <= c <= "я" or c == "ё"]
    if not letters:
        return 0.0
    return sum(c in FREQUENT for c in letters) / len(letters)


def clean(text: str) -> str:
    """Line ends, no-break spaces and control characters become plain spaces and newlines
    without changing the length of the text, so offsets still point into the file.
    HTML saved as text loses its tags and entities (and with them the original offsets)."""
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    if HTML_HINT.search(text):
        text = BLOCK_TAG.sub("\n", text)
        text = html.unescape(HTML_TAG.sub(" ", text))
        text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text  # the usual case, decided in C
    return "".join(c if c in "\n\t" or c.isprintable() else " " for c in text)


def read_document(path: Path, root: Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read one text; raises ValueError with the reason when it cannot be used."""
    check_size(path.stat().st_size, max_bytes)
    decoded = decode(path.read_bytes())
    return Document(id=path.relative_to(root).as_posix(), text=usable(decoded.text), encoding=decoded.encoding)


def check_size(size: int, max_bytes: int) -> None:
    """Raises ValueError for a text over the limit (in bytes of its file or of UTF-8)."""
    if size > max_bytes:
        raise ValueError(f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:g} MB; raise the limit with --max-mb)")


def usable(text: str) -> str:
    """The text cleaned; raises ValueError when nothing Russian is left to read."""
    text = clean(text)
    if not text.strip():
        raise ValueError("empty text")
    if not any("а" <= c.lower() <= "я" or c in "ёЁ" for c in text):
        raise ValueError("no Russian text")
    return text


def load_documents(folder: Path, max_bytes: int = MAX_BYTES) -> tuple[list[Document], list[Skipped]]:
    documents, skipped = [], []
    inside = folder.resolve()
    for path in _named_txt(folder):
        reason = not_a_file(path) or _leaves(path, inside)
        if reason:
            skipped.append(Skipped(path.relative_to(folder).as_posix(), reason))
            continue
        try:
            documents.append(read_document(path, folder, max_bytes))
        except (ValueError, OSError) as error:
            skipped.append(Skipped(path.relative_to(folder).as_posix(), getattr(error, "strerror", None) or str(error)))
    return documents, skipped
