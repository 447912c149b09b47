"""Legacy Vietnamese encodings: every letter with every tone, checked against independent converters."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from ingest.legacy import TCVN3, VISCII, VNI, convert, font_encoding, repair
from ingest.pipeline import discover
from tests.conftest import CORPUS

TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
LOWER = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES] + ["đ"]
LETTERS = LOWER + [c.upper() for c in LOWER]  # 73 + 73: every letter Vietnamese writes, ASCII vowels too


def _iconv(encoding: str, data: bytes) -> str | None:
    """The C library's reading of one byte string, or None when it has no such converter."""
    if shutil.which("iconv") is None:
        pytest.skip("iconv is not installed")
    done = subprocess.run(["iconv", "-f", encoding, "-t", "UTF-8"], input=data, capture_output=True)
    return done.stdout.decode("utf-8") if done.returncode == 0 else None


def test_tables_cover_every_letter_with_every_tone():
    # VISCII and VNI write every letter; TCVN3 every lower-case one and the seven base capitals,
    # its other capitals being lower-case codes drawn by an "H" font
    for table, letters, same in (
        (VISCII, LETTERS, 256),  # where VISCII has the Latin-1 letter, it is that letter
        (VNI, LETTERS, 128),
        (TCVN3, LOWER + list("ĂÂÊÔƠƯĐ"), 128),
    ):
        written = set(table.values()) | {c for c in LETTERS if ord(c) < same and chr(ord(c)) not in table}
        missing = [c for c in letters if c not in written]
        assert not missing, missing


@pytest.mark.parametrize("table", [TCVN3, VNI, VISCII], ids=["tcvn3", "vni", "viscii"])
def test_every_letter_converts_back(table):
    name = {id(TCVN3): "tcvn3", id(VNI): "vni", id(VISCII): "viscii"}[id(table)]
    for surface, letter in table.items():
        assert convert(surface, name) == letter, (surface, letter)
        assert unicodedata.is_normalized("NFC", letter)


def test_tcvn3_is_the_lower_half_of_tcvn_5712():
    for surface, letter in TCVN3.items():
        assert _iconv("TCVN5712-1", surface.encode("latin-1")) == letter, hex(ord(surface))


def test_viscii_is_rfc_1456():
    for byte in range(256):
        expected = _iconv("VISCII", bytes([byte]))
        assert convert(chr(byte), "viscii") == unicodedata.normalize("NFC", expected), hex(byte)


def test_tables_agree_with_the_ones_read_from_real_documents():
    # viparse derived its TCVN3 and VNI tables from real administrative documents: an independent source
    tcvn3 = pytest.importorskip("viparse.normalize.tcvn3")
    vni = pytest.importorskip("viparse.normalize.vni")
    for module, name in ((tcvn3, "tcvn3"), (vni, "vni")):
        for surface, letter in module._ENTRIES:
            assert convert(surface, name) == letter, (name, surface, letter)


def test_h_fonts_draw_capitals():
    heading = "".join({v: k for k, v in TCVN3.items()}.get(c, c) for c in "cộng hoà xã hội chủ nghĩa việt nam")
    encoding, capitals = font_encoding(".VnTimeH")
    assert (encoding, capitals) == ("tcvn3", True)
    assert convert(heading, encoding).upper() == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnArialH", ("tcvn3", True)),
        ("VNI-Times", ("vni", False)),
        ("VNI-Helve", ("vni", False)),
        ("Times New Roman", None),
        (None, None),
    ],
)
def test_font_encoding(font, expected):
    assert font_encoding(font) == expected


@pytest.mark.parametrize(
    ("typed", "encoding"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni"),
        ("Cµng hoà xã hµi chü nghîa Vi®t Nam", "viscii"),
    ],
)
def test_repair_finds_the_encoding_of_each_line(typed, encoding):
    text, found = repair(f"Số 12-KH/HU\n{typed}\nĐộc lập - Tự do - Hạnh phúc")
    assert found == {encoding}
    assert text.split("\n")[1] in ("Cộng hoà xã hội chủ nghĩa Việt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert text.split("\n")[2] == "Độc lập - Tự do - Hạnh phúc"  # Unicode lines are left alone


def test_unicode_documents_are_left_alone():
    for path in discover(CORPUS):
        text = path.read_text(encoding="utf-8")
        assert repair(text) == (text, set()), path.name
