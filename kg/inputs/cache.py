"""The per-text cache: a text's extraction depends only on the text, its name and the code
that reads it, so it is kept under a hash of the three (resolution and output always run
over every text)."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kg import rules
from kg.records import Document, Extraction

CACHE_FOLDER = ".kg-cache"
# What decides a text's extraction: the NLP runtime, names and the lexicon, the rules and their
# data, the extraction code, the records, natasha's models.
PACKAGE = Path(__file__).resolve().parent.parent
EXTRACTION_FOLDERS = ("nlp", "names", "rules", "extract")
RECORDS = PACKAGE / "records.py"
MODEL_PACKAGES = ("natasha", "slovnet", "razdel", "pymorphy3")


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha1()
    paths = [path for folder in EXTRACTION_FOLDERS for path in sorted((PACKAGE / folder).rglob("*"))
             if path.suffix in (".py", ".tsv", ".toml")]
    for path in paths + [RECORDS]:
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    for package in MODEL_PACKAGES:
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()[:16]


@dataclass
class Cache:
    """Extractions on disk, one pickle a text; with `memory`, also kept in this process (a
    process that builds again and again, `kg build --watch`, then reads no pickle twice);
    without `disk`, only there."""
    folder: Path
    memory: dict[str, Extraction] | None = None
    disk: bool = True

    def key(self, document: Document) -> str:
        text = f"{code_version()}{rules.fingerprint()}\x1f{document.id}\x1f{document.text}"
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get(self, document: Document) -> Extraction | None:
        key = self.key(document)
        if self.memory is not None and key in self.memory:
            return self.memory[key]
        if not self.disk:
            return None
        try:
            with (self.folder / f"{key}.pickle").open("rb") as handle:
                extraction = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        self._remember(key, extraction)
        return extraction

    def put(self, document: Document, extraction: Extraction) -> None:
        from kg.output import write_atomic
        key = self.key(document)
        self._remember(key, extraction)
        if self.disk:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{key}.pickle", pickle.dumps(extraction, protocol=5))

    def keep_only(self, documents: list[Document]) -> None:
        """Forget the texts that were changed or removed since the last build."""
        wanted = {self.key(d) for d in documents}
        for path in self.folder.glob("*.pickle") if self.disk else ():
            if path.stem not in wanted:
                path.unlink(missing_ok=True)
        if self.memory is not None:
            for key in self.memory.keys() - wanted:
                del self.memory[key]

    def _remember(self, key: str, extraction: Extraction) -> None:
        if self.memory is not None:
            self.memory[key] = extraction
