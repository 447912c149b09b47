"""Domain vocabulary rules with their examples."""

import pytest

from vanban.lexicon import (
    document_refs,
    expand,
    expansions,
    looks_english,
    spell_out,
    subject_type,
    translate_terms,
    without_refs,
)

REFS = [
    ("nhiệm vụ KL 57", [("57", "KL")]),
    ("nhiem vu KL57", [("57", "KL")]),
    ("Kết luận 57 nói gì", [("57", "KL")]),
    ("kết luận số 57", [("57", "KL")]),
    ("57-KL/TW", [("57", "KL")]),
    ("What are the tasks of Conclusion 57?", [("57", "KL")]),
    ("Chỉ thị 26 của Ban Bí thư", [("26", "CT")]),
    ("Hướng dẫn 100", [("100", "HD")]),
    ("CV 4564 căn cứ công văn nào", [("4564", "CV")]),
    ("Quyết định số 853/QĐ-UBND", [("853", "QĐ")]),  # state documents: number/type-issuer
    ("theo 853/QĐ-UBND", [("853", "QĐ")]),
    ("Nghị định 72/2015/NĐ-CP quy định gì", [("72", "NĐ")]),  # … with the year between
    ("thong tu 41/2017/tt-btttt", [("41", "TT")]),
    ("báo cáo tổng kết 10 năm", []),
    ("hướng dẫn 2014 của Thái Nguyên", []),  # a year, not a number
    ("Hướng dẫn số 2014", [("2014", "HD")]),  # unless written as one
]


@pytest.mark.parametrize(("query", "expected"), REFS)
def test_document_refs(query, expected):
    assert document_refs(query) == expected


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("Công tác TTĐN năm 2014", "thông tin đối ngoại"),
        ("công tác thông tin đối ngoại", "TTĐN"),
        ("UBND huyện Đơn Dương", "Ủy ban nhân dân"),
        ("Uỷ ban nhân dân tỉnh", "UBND"),  # old tone placement still matches
        ("các đoàn thể CT-XH cấp tỉnh", "chính trị - xã hội"),
        ("Số 57-KL/TW", "Kết luận"),
        ("nhiệm vụ KL 57", "Kết luận KL"),
        ("KH TTĐN Quảng Ngãi 2021", "Kế hoạch"),  # type letters alone, in capitals
    ],
)
def test_expansions(text, added):
    assert added in expansions(text)


def test_expand_keeps_text_and_adds_nothing_when_nothing_applies():
    assert expand("biển đảo quê hương") == "biển đảo quê hương"
    assert expand("TTĐN").startswith("TTĐN\n")


def test_translate_terms_longest_first():
    assert translate_terms("digital transformation in foreign information work") == [
        "chuyển đổi số",
        "thông tin đối ngoại",
    ]
    assert translate_terms("Who signed it?") == ["ký"]


def test_translate_terms_reads_official_names_through_possessives_and_commas():
    # a body's official English name is one term, not its words: "Department of Foreign Affairs" is
    # Sở Ngoại vụ, not "foreign affairs"
    assert translate_terms("What does the Department of Foreign Affairs do?") == ["Sở Ngoại vụ"]
    assert translate_terms("the Ministry of Culture, Sports and Tourism") == ["Bộ Văn hóa, Thể thao và Du lịch"]
    assert translate_terms("the province's People's Committee and the Women's Union") == [
        "Ủy ban nhân dân",
        "Hội Liên hiệp Phụ nữ",
        "tỉnh",
    ]


@pytest.mark.parametrize(
    ("query", "english"),
    [
        ("Who signed Conclusion 57?", True),
        ("digital transformation in foreign information work", True),
        ("nhiem vu ket luan 57", False),
        ("to chuc hoi nghi the nao", False),  # "to", "the" are Vietnamese syllables too
    ],
)
def test_looks_english(query, english):
    assert looks_english(query) is english


@pytest.mark.parametrize(
    ("query", "english"),
    [
        (
            "ke hoach thong tin doi ngoai quang ngai 2021 lop tap huan bao nhieu can bo",
            False,
        ),  # "can", "in" are syllables
        ("in tai lieu tuyen truyen", False),
        ("digital transformation in foreign information work", True),  # no question word, but no Vietnamese
        ("training foreign information officers at universities", True),
    ],
)
def test_english_is_told_from_vietnamese_typed_plain(query, english):
    assert looks_english(query) is english


@pytest.mark.parametrize(
    ("query", "letters"),
    [
        ("Ai ký kế hoạch triển khai KL 57?", "KH"),  # about the plan, which KL 57 only identifies
        ("Ai ký KL 57?", "KL"),
        ("Đề cương tổng kết 10 năm thực hiện Kết luận số 16-KL/TW gồm mấy phần?", "ĐC"),
        ("Năm 2014 cán bộ tuyên giáo, báo cáo viên được bồi dưỡng gì?", None),  # a person who reports
        ("Nghị định 72/2015/NĐ-CP quy định gì?", "NĐ"),
        ("KH TTĐN Quảng Ngãi 2021 giao BĐBP tỉnh nhiệm vụ gì?", "KH"),  # the letters alone name the type
        ("Sở KH&ĐT chủ trì những việc gì?", None),  # … not inside an abbreviation
        ("Các văn bản TT&TT năm 2021", None),  # "TT" alone is too often something else
    ],
)
def test_subject_type(query, letters):
    assert subject_type(query) == letters


def test_without_refs_cuts_a_document_named_twice_over_once():
    # "Kết luận 16" and "16-KL/TW" overlap: both go, and nothing after them
    assert without_refs("Kết quả Kết luận 16-KL/TW, năm 2022").split() == ["Kết", "quả", ",", "năm", "2022"]
    assert without_refs("Theo HD 100, BTGTU có nhiệm vụ gì?").split() == [
        "Theo",
        ",",
        "BTGTU",
        "có",
        "nhiệm",
        "vụ",
        "gì?",
    ]


@pytest.mark.parametrize(
    ("text", "written_out"),
    [
        (
            "KH TTĐN Quảng Ngãi 2021 giao BĐBP tỉnh nhiệm vụ gì?",
            "Kế hoạch thông tin đối ngoại Quảng Ngãi 2021 giao Bộ đội Biên phòng tỉnh nhiệm vụ gì?",
        ),
        ("KL57 nói gì về TTĐN", "Kết luận 57 nói gì về thông tin đối ngoại"),
        ("nhiem vu ttdn cua kl 57", "nhiem vu thông tin đối ngoại cua Kết luận 57"),  # lower case: no syllable
        ("tu nay ve sau", "tu nay ve sau"),  # "tu" is a syllable (từ, tự), not Tỉnh ủy
        ("Sở KH&ĐT chủ trì", "Sở Kế hoạch và Đầu tư chủ trì"),
        ("Kết luận số 57-KL/TW của BCT", "Kết luận số 57-KL/TW của Bộ Chính trị"),  # a code stays whole
        ("ket luan 57 kl tw", "ket luan 57 kl tw"),  # … also with its punctuation gone
        ("năm 2021 UBND tỉnh", "năm 2021 Ủy ban nhân dân tỉnh"),  # a number then a body is no code
    ],
)
def test_spell_out_writes_abbreviations_in_full(text, written_out):
    assert spell_out(text) == written_out
