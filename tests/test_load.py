"""Reading texts as scrapers saved them: encodings, BOMs, HTML, empty and binary files."""

import codecs

import pytest

from kg.errors import KgError
from kg.inputs.load import clean, decode, load_documents

TEXT = "Министр иностранных дел России Сергей Лавров встретился с послом Китая."


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (TEXT.encode("cp1251"), "cp1251"),
    (TEXT.encode("koi8_r"), "koi8_r"),
])
def test_decoding(data, encoding):
    decoded = decode(data)
    assert (decoded.text, decoded.encoding) == (TEXT, encoding)


def test_binary_is_refused():
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


@pytest.mark.parametrize("raw, expected", [
    # plain text keeps its length: offsets still point into the file
    ("первая строка\r\nвторая строка", "первая строка \nвторая строка"),
    ("нет\u00a0разрыва\x07", "нет разрыва "),
    ("<p>Встреча&nbsp;министров</p><p>прошла в &laquo;Кремле&raquo;</p>", "Встреча министров\nпрошла в «Кремле»\n"),
    ("<script>alert(1)</script>Текст", "Текст"),
])
def test_cleaning(raw, expected):
    assert clean(raw) == expected


def test_folder_with_bad_files(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "latin.txt").write_text("Only English here.", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.txt").write_bytes(TEXT.encode("cp1251"))
    documents, skipped = load_documents(tmp_path)
    assert [d.id for d in documents] == ["good.txt", "sub/nested.txt"]
    assert {s.path: s.reason for s in skipped} == {
        "empty.txt": "empty text", "latin.txt": "no Russian text", "image.txt": "binary file (NUL bytes), not text"}


def test_missing_folder(tmp_path):
    with pytest.raises(KgError, match="input folder not found"):
        load_documents(tmp_path / "nope")
