"""Question analysis and value recognition, as tables."""

from __future__ import annotations

import pytest

from answer.answerable import FUNCTION_WORDS, FUNCTION_WORDS_MARKED
from answer.features import (
    answer_type,
    asked_letters,
    asked_values,
    counted_words,
    counts_of,
    heading_terms,
    opens_with_document,
    ordinal,
    question_focus,
    section_numbers,
    states_values,
    value_spans,
    wants,
    wants_parts,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Ai ký Kết luận 57?", "signer"),
        ("Kế hoạch 12-KH/HU ban hành ngày nào?", "issued"),
        ("Tài liệu phải hoàn thành trước ngày nào?", "deadline"),
        ("Hội nghị kéo dài bao lâu?", "duration"),
        ("Cơ quan nào ban hành Công văn 401?", "issuer"),
        ("Công văn 4564 gửi những cơ quan nào?", "recipients"),
        ("Điểm cầu cấp tỉnh đặt ở đâu?", "place"),
        ("Kế hoạch ban hành kèm quyết định số mấy?", "document"),
        ("KH hội nghị của Lạng Sơn thực hiện HD nào của BTGTW?", "document"),  # type letters, as officials write
        ("Văn bản nào dặn các tờ báo bớt đưa tin tiêu cực?", None),  # the document that says it, by what it says
        ("Hội chợ đón bao nhiêu lượt khách?", "number"),
        ("Nhiệm vụ của Kết luận 57 là gì?", None),
        ("Ai là Trưởng Ban Chỉ đạo thông tin đối ngoại của tỉnh?", "person"),
        ("pho truong ban thuong truc ban chi dao la ai", "person"),
        ("Who chaired the conference?", "person"),
        ("Ai trình bày chuyên đề về Kết luận 57?", "person"),
        ("Cơ quan nào chủ trì hội nghị?", "who"),
        ("Ai chịu trách nhiệm tổng hợp báo cáo?", "who"),
        ("Ai thay mặt Bộ Chính trị ký Kết luận 57?", "signer"),  # the signature's formula, "T/M"
    ],
)
def test_answer_type(question, kind):
    assert answer_type(question) == kind


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Đề cương báo cáo gửi kèm Công văn 4564 gồm những phần lớn nào?", True),
        ("Báo cáo trình bày kết quả theo những mặt công tác nào?", True),
        ("bao cao 45-bc/hu gom may phan?", True),
        ("What are the main sections of the outline?", True),
        ("What is the structure of report 45-BC/HU?", True),
        ("Which ministry presents the draft outline of the action programme?", False),  # a document, not parts
        ("Ai có mặt tại hội nghị?", False),  # "có mặt" is being there, not a part
        ("Báo cáo nêu những hạn chế nào?", False),
        ("Nội dung mục III.2 là gì?", False),
    ],
)
def test_wants_parts(question, parts):
    assert wants_parts(question) is parts


@pytest.mark.parametrize(
    ("question", "opens"),
    [
        ("Chỉ thị 26/CT-TW năm 2008 đề ra những giải pháp nào?", True),
        ("Kế hoạch số 142-KH/TU của Ban Thường vụ đề ra những chỉ tiêu nào?", True),
        ("Theo HD 111, các tỉnh phải báo cáo trước ngày nào?", True),
        ("What does Directive 26 say about the press?", True),
        ("Những kết quả triển khai thực hiện Kết luận 16-KL/TW được nêu là gì?", False),  # what a report states
        ("Đề cương báo cáo KL16 Thái Nguyên gồm những mục gì?", False),  # the outline, which KL 16 names
        ("Nhiệm vụ trọng tâm năm 2014 là gì?", False),  # names no document
    ],
)
def test_opens_with_document(question, opens):
    assert opens_with_document(question) is opens


@pytest.mark.parametrize(
    ("question", "values"),
    [
        ("Ai ký Kết luận 57?", ("signer",)),  # who signed is one value, a person
        ("Kế hoạch ban hành ngày nào và ai thay mặt Ban Thường vụ ký?", ("signer", "issued")),
        ("Hội chợ tổ chức ở đâu và đón bao nhiêu lượt khách?", ("place", "count")),
        ("Công văn 4564 gửi những cơ quan nào?", ("recipients",)),  # bodies are what recipients are
        ("Nhiệm vụ của Kết luận 57 là gì?", ()),
    ],
)
def test_asked_values(question, values):
    assert asked_values(question) == values


def test_an_answer_must_state_every_value_asked():
    question = "Hội chợ tổ chức ở đâu và kéo dài bao lâu?"
    assert states_values(question, "Hội chợ kéo dài 3 ngày tại Quảng trường trung tâm huyện.")
    assert not states_values(question, "Tổ chức hội chợ tại Quảng trường trung tâm huyện.")  # where, not how long
    # a value the question names itself is no answer: "Bộ Chính trị" to "ai thay mặt Bộ Chính trị ký?"
    assert not states_values("Ký ngày nào và ai thay mặt Bộ Chính trị ký?", "Bộ Chính trị, ngày 15/6/2023")
    assert states_values("Ai ký Kết luận 57?", "Bộ Chính trị")  # one value asked: nothing to hold back
    # … unless it is a count, which a sentence states only as a number
    assert not states_values("Vi phạm bị xử lý thế nào, mức phạt bao nhiêu?", "Xử lý nghiêm các vi phạm.")
    assert states_values("Vi phạm bị xử lý thế nào, mức phạt bao nhiêu?", "Phạt tiền 20 triệu đồng.")


def test_a_plural_noun_phrase_asks_for_a_list():
    assert wants("Các nhiệm vụ trọng tâm về thông tin đối ngoại năm 2014 của tỉnh Thái Nguyên")[0]
    assert not wants("Kết luận 57 ban hành ngày nào?")[0]


def test_question_focus_counted_words_and_section_numbers():
    assert question_focus("Trang được làm bằng những thứ tiếng nào?", FUNCTION_WORDS_MARKED) == ("thứ", "tiếng")
    assert counted_words("Hội chợ đón bao nhiêu lượt khách du lịch?", FUNCTION_WORDS_MARKED) == ("lượt", "khách")
    assert counted_words("Cả huyện có mấy người biết tiếng Trung?", FUNCTION_WORDS_MARKED) == ()  # anyone
    assert counted_words("Mấy năm qua bắt được bao nhiêu?", FUNCTION_WORDS_MARKED) == ()  # the last asks, of nothing
    # in English, by the glossary; what it does not know is not checked
    assert counted_words("How many delegates are expected?", FUNCTION_WORDS_MARKED, english=True) == ("đại", "biểu")
    assert counted_words("How many foreign journalists came?", FUNCTION_WORDS_MARKED, english=True) == ("phóng", "viên")
    assert counted_words("How many party members attended?", FUNCTION_WORDS, True, english=True) == ("dang", "vien")
    assert counted_words("How many days does it last?", FUNCTION_WORDS_MARKED, english=True) == ()
    assert section_numbers("Nội dung mục III.2 của Báo cáo") == ("III.2",)
    assert section_numbers("Điều 2 của Quyết định quy định gì?") == ("Điều 2",)
    # a lettered point, and a legal citation from the smallest part up
    assert section_numbers("noi dung muc ii.2.a cua bao cao") == ("II.2.a",)
    assert section_numbers("Điểm a, khoản 2 của mục II nói gì?") == ("II.2.a",)
    assert section_numbers("khoản 1 Điều 3 và Điều 5") == ("Điều 3.1", "Điều 5")
    assert section_numbers("What does Article 3(2)(b) say?") == ("Điều 3.2.b",)
    assert section_numbers("điểm a") == ()  # a letter alone names no section
    assert section_numbers("Điều 3. Tổ chức và hoạt động") == ("Điều 3",)
    assert ordinal("Nhiệm vụ, giải pháp thứ nhất trong KL 57 nói gì") == 1
    assert ordinal("What does the second task say?") == 2
    assert ordinal("Nghị quyết Hội nghị lần thứ tám") is None  # a plenum's name
    assert asked_letters("ban hành kèm quyết định số mấy?") == "QĐ"
    assert asked_letters("thực hiện HD nào của BTGTW?") == "HD"
    assert asked_letters("căn cứ qd so may?") == "QĐ"


def test_heading_words_leave_out_its_number_and_the_documents_it_names():
    assert heading_terms("II. KẾT QUẢ TRIỂN KHAI THỰC HIỆN KẾT LUẬN 16-KL/TW") == [
        "kết",
        "quả",
        "triển",
        "khai",
        "thực",
        "hiện",
    ]
    assert heading_terms("3. Tồn tại, hạn chế") == ["tồn", "tại", "hạn", "chế"]


@pytest.mark.parametrize(
    ("text", "counted", "expected"),
    [
        ("Hội chợ đón 5.000 lượt khách.", ("lượt", "khách"), True),
        ("Tổ chức 47 buổi, thu hút 9.850 lượt người nghe.", ("lượt", "khách"), False),
        ("Bố trí kinh phí tối thiểu 150 triệu đồng mỗi năm.", ("tiền",), True),
        ("Mở 01 lớp tập huấn cho khoảng 120 cán bộ.", ("cán", "bộ"), True),
    ],
)
def test_counts_of(text, counted, expected):
    assert counts_of(text, counted) is expected


@pytest.mark.parametrize(
    ("kind", "text", "values"),
    [
        ("number", "in 3.000 cuốn sách ảnh, 86,5 km biên giới ngày 15/6/2023, năm 2023", ["3.000 cuốn", "86,5 km"]),
        ("place", "Hội nghị tổ chức tại Hội trường Thành uỷ, ở các cấp", ["tại Hội trường Thành uỷ"]),
        ("deadline", "Báo cáo gửi về trước ngày 20/10/2020.", ["trước ngày 20/10/2020"]),
        # lower-case "á" is no capital; a capitalised syllable takes the lower-case one that completes its word
        ("who", "Thượng tá Hồ Văn Tám, Phó Chỉ huy trưởng", ["Thượng tá Hồ Văn Tám", "Phó Chỉ huy"]),
        (
            "who",
            "Ban Tuyên giáo Trung ương chủ trì, báo cáo Bộ Chính trị.",
            ["Ban Tuyên giáo Trung ương", "Bộ Chính trị"],
        ),
        ("who", "Tăng cường công tác thông tin", []),
        # a name whose capitalised words each end in a lower-case syllable: no two capitals side by side
        (
            "who",
            "Trung tâm Văn hóa - Thông tin và Thể thao huyện, trang thông tin điện tử của huyện tuyên truyền",
            ["Trung tâm Văn hóa - Thông tin và Thể thao"],
        ),
    ],
)
def test_value_spans(kind, text, values):
    assert [text[a:b] for a, b in value_spans(kind, text)] == values


def test_a_name_ends_before_a_syllable_that_starts_the_next_word():
    """ "xây" makes a word with "dựng" after it, not with "Dương" before it; "trị" makes one with "Chính";
    a function word ("tại") never ends a name."""
    from collections import Counter

    pairs = Counter({"xây dựng": 40, "dương xây": 1, "chính trị": 30, "trị ban": 2})
    text = "UBND huyện Đơn Dương xây dựng kế hoạch; Bộ Chính trị ban hành; sách của Việt Nam tại Thư viện"
    assert [text[a:b] for a, b in value_spans("who", text, None, pairs)] == [
        "UBND huyện Đơn Dương",
        "Bộ Chính trị",
        "Việt Nam",
    ]


def test_a_pair_the_question_asks_about_names_both_syllables_of_a_heading():
    """ "kết" also names a "Báo cáo tổng kết …", so it is not among the words asked about; the pair "kết
    quả" is, and it names "KẾT QUẢ" of the heading, which then counts the question's other words too."""
    from answer.features import QuestionInfo, named_terms

    words = {w: 1.0 for w in ("quả", "mặt", "kết_quả")}
    info = QuestionInfo(
        None, True, False, "BC", frozenset({"bc"}), (), False, words, 1.0, said=frozenset({"thực", "hiện"})
    )
    heading = ["kết", "quả", "triển", "khai", "thực", "hiện"]
    assert named_terms(heading, info) == {"kết", "quả", "thực", "hiện"}
    alone = QuestionInfo(None, True, False, "BC", frozenset({"bc"}), (), False, {"quả": 1.0}, 1.0, said=info.said)
    assert named_terms(heading, alone) == {"quả"}


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        ("Chuyên đề 1 (đồng chí Hoàng Minh Tâm, Phó Trưởng ban).", ["đồng chí Hoàng Minh Tâm", "Phó Trưởng ban"]),
        ("Ông Trương Văn Nam, Giám đốc Sở Ngoại vụ", ["Ông Trương Văn Nam", "Giám đốc"]),
        ("do Phó Chủ tịch Ủy ban nhân dân huyện làm Tổ trưởng.", ["Phó Chủ tịch", "Tổ trưởng"]),
        ("T/M BỘ CHÍNH TRỊ\nTrần Cẩm Tú", ["Trần Cẩm Tú"]),
        # places and the name of a city, a body of thought and its founder are not who holds a post
        ("Hà Nội, ngày 15 tháng 6 năm 2023; tỉnh Lâm Đồng; Thành phố Hồ Chí Minh", []),
        ("giá trị tư tưởng, đạo đức, phong cách của Chủ tịch Hồ Chí Minh\nTăng cường", []),
        ("Ban Tuyên giáo Trung ương; Sở Ngoại vụ", []),
    ],
)
def test_a_person_is_a_full_name_one_addressed_as_a_person_or_the_holder_of_a_post(text, persons):
    assert [text[a:b] for a, b in value_spans("person", text)] == persons
