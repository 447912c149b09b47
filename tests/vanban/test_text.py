"""Every Vietnamese text rule with its example: input → expected."""

import pytest

from vanban.text import (
    clean_chars,
    fold_plain,
    fold_tone_placement,
    has_diacritics,
    normalize,
    plain_tokens,
    strip_diacritics,
    tokens,
)

CLEAN = [
    ("Ho\u0300a bi\u0300nh", "Hòa bình"),  # decomposed → NFC
    ("2011\u20132020", "2011-2020"),  # en dash
    ("\u201cXây\u201d và \u201cchống\u201d", '"Xây" và "chống"'),  # curly quotes
    ("Kết\u00a0luận", "Kết luận"),  # no-break space
    ("thông\u200b tin", "thông tin"),  # zero-width space
    ("\ufeffSố 57", "Số 57"),  # stray BOM
]
TONES = [
    ("hòa", "hoà"),
    ("hoà", "hoà"),
    ("Tỉnh ủy", "Tỉnh uỷ"),
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("khóa XI", "khoá XI"),
    ("Hòa", "Hoà"),
    ("kế hoạch", "kế hoạch"),  # a consonant follows: the tone is on "a" in both styles
    ("hoàng", "hoàng"),
    ("quý", "quý"),  # "qu" is a consonant: unchanged
    ("của", "của"),  # "ua" is not one of the pairs
    ("thuyền", "thuyền"),
]
STRIP = [
    ("Đối ngoại", "Doi ngoai"),
    ("nhiệm vụ", "nhiem vu"),
    ("Kết luận 57-KL/TW", "Ket luan 57-KL/TW"),
    ("đảng ủy", "dang uy"),
]


@pytest.mark.parametrize(("text", "expected"), CLEAN)
def test_clean_chars(text, expected):
    assert clean_chars(text) == expected


@pytest.mark.parametrize(("text", "expected"), TONES)
def test_fold_tone_placement(text, expected):
    assert fold_tone_placement(text) == expected


@pytest.mark.parametrize(("text", "expected"), STRIP)
def test_strip_diacritics(text, expected):
    assert strip_diacritics(text) == expected


def test_old_and_new_tone_styles_tokenize_alike():
    assert tokens("Tỉnh ủy Thái Nguyên, khóa XI, hòa bình") == tokens("Tỉnh uỷ Thái Nguyên, khoá XI, hoà bình")


def test_tokens_split_codes_and_lowercase():
    assert tokens("Số 57-KL/TW, ngày 15/6/2023") == ["số", "57", "kl", "tw", "ngày", "15", "6", "2023"]


def test_plain_tokens_match_a_query_typed_without_marks():
    assert plain_tokens("Nhiệm vụ của Kết luận 57") == plain_tokens("nhiem vu cua ket luan 57")


def test_has_diacritics():
    assert has_diacritics("nhiệm vụ")
    assert has_diacritics("đi")
    assert not has_diacritics("nhiem vu ket luan 57")
    assert not has_diacritics("What are KL 57's tasks?")


def test_normalize_lowercases_and_folds():
    assert normalize("Tỉnh Ủy") == "tỉnh uỷ"


def test_fold_plain():
    assert fold_plain("Kết  luận Số 57 – Tỉnh Ủy") == "ket luan so 57 - tinh uy"
