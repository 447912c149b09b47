"""The reader on documents these tests write (tests/conftest.py OFFICE_*), with the fitted weights.

None of these documents is in the bundled corpus the weights were fitted on, so every test here
asks the reader to carry over to documents it has never seen.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from answer.ask import Answerer
from answer.units import candidates
from index.search import Searcher
from index.store import load_store


@pytest.fixture(scope="module")
def office(office_store, e5) -> Answerer:
    return Answerer(Searcher(load_store(office_store), e5))


def _stated(answer) -> str:
    return "\n".join([answer.answer, *(c.quote for c in answer.citations)])


def _verified(answerer: Answerer, answer) -> None:
    for c in answer.citations:
        assert answerer.document(c.doc_id).text[c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.answer


@pytest.mark.parametrize(
    ("question", "signer", "code"),
    [
        ("Ai ký Kế hoạch 12-KH/HU?", "Trần Văn Bình", "12-KH/HU"),
        ("Who signed plan 30-KH/UBND?", "Phạm Quốc Dũng", "30-KH/UBND"),
        ("ai ky bao cao 45-bc/hu", "Nguyễn Thị Hạnh", "45-BC/HU"),
    ],
)
def test_a_document_named_by_code_is_answered_from_that_document(office, question, signer, code):
    answer = office.ask(question)
    assert answer.found and answer.kind == "fact"
    assert f"**{signer}**" in answer.answer
    assert {c.doc_code for c in answer.citations} == {code}
    _verified(office, answer)


def test_the_date_of_a_document_is_not_the_date_of_one_it_cites(office):
    # the report cites "Kế hoạch số 12-KH/HU, ngày 05/3/2024"; its own date is in its header
    answer = office.ask("Báo cáo 45-BC/HU ban hành ngày nào?")
    assert answer.found and "20 tháng 12 năm 2024" in answer.answer
    assert "05/3/2024" not in answer.answer
    plan = office.ask("Kế hoạch 12-KH/HU ban hành ngày nào?")
    assert plan.found and "05 tháng 3 năm 2024" in _stated(plan) or "05/3/2024" in _stated(plan)


@pytest.mark.parametrize(
    "question",
    ["Báo cáo 45-BC/HU nêu những tồn tại, hạn chế nào?", "Công tác đối ngoại ở huyện Tân Lập còn những hạn chế gì?"],
)
def test_a_section_question_gets_what_the_section_says_not_its_heading(office, question):
    answer = office.ask(question)
    assert answer.found and answer.kind in ("section", "list")
    stated = _stated(answer)
    assert "Kinh phí cho hoạt động tuyên truyền đối ngoại còn thấp" in stated
    assert "chưa được bồi dưỡng ngoại ngữ" in stated
    assert "Các xã đã chủ động phối hợp" not in stated  # the strengths are another section
    _verified(office, answer)


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("Trang thông tin du lịch của huyện được làm bằng những thứ tiếng nào?", "tiếng Anh và tiếng Hàn"),
        ("Hội chợ sản phẩm làng nghề kéo dài bao lâu?", "3 ngày"),
        ("Tài liệu giới thiệu huyện phải hoàn thành trước ngày nào?", "30/6/2024"),
    ],
)
def test_an_item_answers_with_the_words_after_its_lead_sentence(office, question, stated):
    # each answer is in the second sentence of a list item whose first sentence says something else;
    # whether it is claimed or only shown among the nearest passages, it must be said, not cut off
    answer = office.ask(question)
    assert answer.found
    assert stated in answer.answer
    assert answer.citations[0].doc_code == "12-KH/HU"
    _verified(office, answer)


@pytest.mark.parametrize("question", ["Mục đích của Kế hoạch 12-KH/HU là gì?", "What is the purpose of plan 12-KH/HU?"])
def test_a_section_of_one_paragraph_is_shown_whole(office, question):
    # the purpose is one paragraph whose second clause, after a ";", says what the plan is for
    answer = office.ask(question)
    assert answer.found and answer.kind == "section"
    assert "thu hút các công ty lữ hành nước ngoài" in answer.answer  # shown, not only quoted
    assert "tăng thu nhập cho đồng bào các dân tộc" in answer.answer
    assert {c.doc_code for c in answer.citations} == {"12-KH/HU"}
    _verified(office, answer)


@pytest.mark.parametrize("question", ["Báo cáo 45-BC/HU gồm những phần nào?", "What are the parts of report 45-BC/HU?"])
def test_a_question_for_the_parts_gets_the_numbered_headings(office, question):
    answer = office.ask(question)
    # as a claim, or as the guess an unsure answer puts before the nearest passages
    assert answer.found and answer.kind in ("list", "passages")
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    headings = ["I. KẾT QUẢ ĐẠT ĐƯỢC", "II. ĐÁNH GIÁ CHUNG", "III. ĐỀ XUẤT, KIẾN NGHỊ"]  # as the document numbers them
    assert [h for h in headings if h in first] == headings
    assert first.index(headings[0]) < first.index(headings[1]) < first.index(headings[2])
    assert "Trang thông tin du lịch" not in first  # what a part says is not what the parts are
    _verified(office, answer)


def test_a_section_and_its_outline_show_different_things(office):
    """The same section as a block shows what it says; as an outline, its numbered headings."""
    doc = next(d for d in office.searcher.store.documents if d.code == "45-BC/HU")
    tree = office.tree(doc)
    node = next(n for n in tree if n.heading.startswith("II."))
    units = candidates(doc.text, doc.doc_id, tree, [(node.start, node.end, 1, 1.0, False)])
    block = next(u for u in units if u.kind == "block" and not u.outline and u.start == node.start)
    parts = next(u for u in units if u.outline and u.start == node.start)

    def shown(unit):
        return [doc.text[s.start : s.end] for spans, _ in office.parts(doc, unit, None) for s in spans]

    assert any("Các xã đã chủ động phối hợp" in line for line in shown(block))
    assert shown(parts) == ["1. Ưu điểm", "2. Tồn tại, hạn chế"]


def test_a_named_body_gets_its_own_duties(office):
    answer = office.ask("Theo Kế hoạch 12-KH/HU, Đài Truyền thanh huyện có nhiệm vụ gì?")
    assert answer.found
    stated = _stated(answer)
    assert "Mở chuyên mục du lịch cộng đồng" in stated and "Đưa tin về hội chợ" in stated
    assert "Chủ trì tham mưu nội dung tuyên truyền" not in stated  # the Ban Tuyên giáo's duties


def test_a_place_the_question_names_picks_the_document(office):
    # both districts give "Đài Truyền thanh huyện" duties; the question says which district it means
    answer = office.ask("Ở huyện Phú Bình, Đài Truyền thanh huyện được giao nhiệm vụ gì?")
    assert answer.found
    stated = _stated(answer)
    assert "Phát sóng phóng sự về lễ hội văn hóa các dân tộc" in stated
    assert "Mở chuyên mục du lịch cộng đồng" not in stated
    assert {c.doc_code for c in answer.citations} == {"08-HD/BTGHU"}


def test_a_document_cited_but_not_stored_is_dated_where_it_is_cited(office):
    answer = office.ask("Kết luận 99-KL/TU ban hành ngày nào?")
    assert answer.found and "10/01/2024" in _stated(answer)


def test_an_answer_that_states_one_of_two_values_asked_is_no_claim(office):
    """The plan's date and its signer are in two places; a claim states one, so the answer is shown
    as the nearest passages. Asked for the signer alone, it is a claim."""
    both = office.ask("Kế hoạch 12-KH/HU ban hành ngày nào và ai ký?")
    assert both.found and both.kind == "passages"
    signer = office.ask("Ai thay mặt Ban Thường vụ ký Kế hoạch 12-KH/HU?")
    assert signer.kind == "fact" and "Trần Văn Bình" in signer.answer


def test_what_carries_out_a_cited_document_is_answered_from_the_document_that_does(office):
    """Only a question about the cited conclusion's own content is refused; the guidance that carries it
    out states its own."""
    answer = office.ask("Hướng dẫn thực hiện Kết luận 99-KL/TU gồm những nội dung tuyên truyền nào?")
    assert answer.found and "Giới thiệu lễ hội văn hóa các dân tộc" in _stated(answer)


def test_a_cited_document_is_dated_where_it_is_cited_when_the_question_names_the_one_that_cites_it(office):
    """The question is about the Conclusion (its type comes first); the guidance that carries it out is
    stored, and its own date is not the answer."""
    answer = office.ask("Kết luận 99-KL/TU mà Hướng dẫn 08-HD/BTGHU thực hiện ban hành ngày nào?")
    assert answer.found and "10/01/2024" in _stated(answer) and "02 tháng 5 năm 2024" not in answer.answer


def test_which_document_says_something_is_answered_by_the_document_that_says_it(office):
    answer = office.ask("Văn bản nào yêu cầu mở chuyên mục du lịch cộng đồng phát sóng hằng tuần?")
    assert answer.found and answer.answer.startswith("**Kế hoạch 12-KH/HU**")
    assert "Mở chuyên mục du lịch cộng đồng phát sóng hằng tuần" in _stated(answer)


def test_a_list_shows_every_item_in_order(office):
    answer = office.ask("Nội dung của Kế hoạch 12-KH/HU gồm những gì?")
    assert answer.found and answer.kind == "list"
    starts = [c.quote[:20] for c in answer.citations]
    assert starts == ["Xây dựng trang thông", "Tổ chức hội chợ sản ", "Biên soạn tài liệu g"]


@pytest.mark.parametrize(
    "question",
    [
        "Ai ký Kế hoạch 99-KH/HU?",  # exists nowhere
        "Kế hoạch 12-KH/HU có bao nhiêu đại biểu tham dự?",  # a count nobody states
        "Kế hoạch 30-KH/UBND ban hành kèm quyết định số mấy?",  # a field the plan does not state
        "Trang thông tin du lịch của huyện có bao nhiêu lượt truy cập?",  # counts are of other things
        "Kế hoạch tuyên truyền đối ngoại năm 2019 của Huyện ủy Tân Lập gồm những nội dung gì?",  # no such year
        "Ai ký kế hoạch tuyên truyền đối ngoại của huyện Hòa Bình?",  # a place no document mentions
        "Theo Kế hoạch 12-KH/HU, Sở Ngoại vụ có nhiệm vụ gì?",  # a body only another document names
        "Ai ký Kết luận 99-KL/TU?",  # cited, not stored: no document says who signed it
        "Kết luận 99-KL/TU đề ra những nhiệm vụ nào?",  # … nor lists what it sets out
        "Nghị định 72/2015/NĐ-CP quy định những gì về thông tin đối ngoại?",  # neither stored nor cited
    ],
)
def test_what_the_documents_do_not_say_is_not_found(office, question):
    answer = office.ask(question)
    assert not answer.found and answer.kind == "not-found" and answer.confidence == 0.0


def test_english_questions_get_english_framing(office):
    answer = office.ask("What are the contents of plan 12-KH/HU?")
    assert answer.found and answer.kind == "list"
    assert "items" in answer.answer.split("\n")[0]
    assert "Xây dựng trang thông tin du lịch của huyện" in answer.answer  # quotes stay as stored


def test_an_unsure_answer_is_shown_as_a_guess_and_the_nearest_passages(office):
    """Under the threshold the reader's claim is shown unbolded and called a guess, with its quotes,
    then the nearest passages whole, each with its best sentence in bold."""
    question = "Trang thông tin du lịch của huyện được làm bằng những thứ tiếng nào?"
    sure = Answerer(office.searcher, reader=replace(office.reader, show=0.0)).ask(question)
    unsure = Answerer(office.searcher, reader=replace(office.reader, show=1.01))
    answer = unsure.ask(question)
    assert sure.kind not in ("passages", "not-found")
    assert answer.found and answer.kind == "passages" and answer.confidence == sure.confidence
    guess, _, passages = answer.answer.partition("Các đoạn liên quan khác:")
    assert guess.startswith("Chưa chắc chắn. Có thể là:") and sure.answer.replace("**", "") in guess
    assert "**" not in guess
    assert "tiếng Anh và tiếng Hàn" in _stated(answer)
    k = len(sure.citations)
    assert answer.citations[:k] == sure.citations
    assert len(answer.citations) > k
    for c in answer.citations[k:]:  # whole passages, each with its best sentence in bold
        chunk = unsure.chunk_at(c.doc_id, c.start)
        assert chunk.text.strip() == c.quote
    assert passages.count("**") >= 2 * (len(answer.citations) - k)


def test_an_answer_unsure_for_two_parts_numbered_alike_makes_no_guess(office):
    """Nothing to guess between two parts of one number: only the passages are shown."""
    unsure = Answerer(office.searcher, reader=replace(office.reader, show=1.01))
    answer = unsure._passages(unsure.read("Kế hoạch 12-KH/HU có những nội dung gì?"), 0.4)
    assert answer.answer.startswith("Chưa chắc chắn; các đoạn liên quan nhất:")


def test_confidence_is_a_probability(office):
    for question in ("Ai ký Kế hoạch 12-KH/HU?", "Hội chợ sản phẩm làng nghề kéo dài bao lâu?"):
        answer = office.ask(question)
        assert 0.0 < answer.confidence <= 1.0


def test_a_count_is_answered_by_a_count_of_what_is_asked(office):
    answer = office.ask("Hội chợ sản phẩm làng nghề đón bao nhiêu lượt khách?")
    assert answer.found and "5.000 lượt khách" in _stated(answer)


TWICE_NUMBERED = """ỦY BAN NHÂN DÂN HUYỆN TÂN LẬP
Số 15-KH/UBND
Tân Lập, ngày 02 tháng 3 năm 2024
KẾ HOẠCH
Tổ chức hội nghị tập huấn thông tin đối ngoại năm 2024
I. MỤC ĐÍCH
Nâng cao kỹ năng thông tin đối ngoại cho cán bộ cơ sở.
II. THÀNH PHẦN
1. Cấp huyện
Lãnh đạo các phòng, ban, ngành của huyện.
2. Cấp xã
Chủ tịch Ủy ban nhân dân các xã, thị trấn.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin
Chuẩn bị tài liệu và mời báo cáo viên cho hội nghị.
2. Văn phòng Ủy ban nhân dân huyện
Bố trí hội trường và kinh phí tổ chức hội nghị.
"""


def _answerer_of(name: str, text: str, e5, folder, more: dict[str, str] | None = None) -> Answerer:
    """An answerer over one document the test writes (and `more` of them, by file name), ingested into its
    own store."""
    from index.build import ingest_corpus

    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    for file, content in {name: text, **(more or {})}.items():
        (corpus / file).write_text(content, encoding="utf-8")
    assert not ingest_corpus(corpus, folder / "store", e5).errors
    return Answerer(Searcher(load_store(folder / "store"), e5))


def test_a_section_numbered_twice_is_shown_with_its_twin_and_not_claimed(e5, tmp_path):
    """A document that numbers two parts II: asked for "mục II.1", neither is claimed; both are shown."""
    answerer = _answerer_of("ke-hoach-15.txt", TWICE_NUMBERED, e5, tmp_path)
    answer = answerer.ask("Nội dung mục II.1 của Kế hoạch 15-KH/UBND là gì?")
    assert answer.found and answer.kind == "passages" and answer.confidence <= 0.5
    assert "hơn một mục cùng số II.1" in answer.answer
    stated = _stated(answer)
    assert "Lãnh đạo các phòng, ban, ngành" in stated and "Chuẩn bị tài liệu" in stated
    _verified(answerer, answer)
    # a number the document uses once is answered as usual
    once = answerer.ask("Nội dung mục I của Kế hoạch 15-KH/UBND là gì?")
    assert once.kind != "passages" or "hơn một mục" not in once.answer
    assert "Nâng cao kỹ năng" in _stated(once)


LETTER_WITH_OUTLINE = """HUYỆN ỦY TÂN LẬP
BAN TUYÊN GIÁO
Số 20-CV/BTGHU
Tân Lập, ngày 02 tháng 10 năm 2024
V/v báo cáo sơ kết công tác thông tin đối ngoại
Kính gửi: Các chi, đảng bộ trực thuộc Huyện ủy
Ban Tuyên giáo Huyện ủy đề nghị các chi, đảng bộ trực thuộc:
1. Xây dựng báo cáo sơ kết công tác thông tin đối ngoại theo đề cương gửi kèm.
2. Gửi báo cáo về Ban Tuyên giáo Huyện ủy trước ngày 30/10/2024.
Nơi nhận:
- Như trên,
- Lưu VT.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Lò Văn Tâm
ĐỀ CƯƠNG BÁO CÁO
(Kèm theo Công văn số 20-CV/BTGHU, ngày 02/10/2024 của Ban Tuyên giáo Huyện ủy)
I. TÌNH HÌNH CHUNG
Khái quát đặc điểm của địa phương, đơn vị.
II. KẾT QUẢ THỰC HIỆN
Kết quả thông tin, tuyên truyền đối ngoại trong năm.
III. HẠN CHẾ; NGUYÊN NHÂN VÀ BÀI HỌC
Những việc chưa làm được và nguyên nhân.
IV. KIẾN NGHỊ
Kiến nghị với cấp trên.
"""


def test_an_outline_forwarded_by_a_letter_is_asked_by_the_letters_number(e5, tmp_path):
    """ "Đề cương kèm Công văn 20": the outline the letter forwards is the subject, not the letter."""
    answerer = _answerer_of("cong-van-20.txt", LETTER_WITH_OUTLINE, e5, tmp_path)
    assert len(answerer.searcher.store.documents) == 2  # the letter, and the outline it forwards
    answer = answerer.ask("Đề cương báo cáo gửi kèm Công văn 20-CV/BTGHU gồm những phần nào?")
    assert answer.found and answer.kind in ("list", "passages")
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    # a heading is shown whole, past a ";" inside it
    parts = ["I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN", "III. HẠN CHẾ; NGUYÊN NHÂN VÀ BÀI HỌC", "IV. KIẾN NGHỊ"]
    assert [p for p in parts if p in first] == parts
    assert "Xây dựng báo cáo sơ kết" not in first  # the letter's own items are not the outline's parts
    _verified(answerer, answer)


NOTICE = """BAN TUYÊN GIÁO HUYỆN ỦY TÂN LẬP
Số 12-TB/BTGHU
Tân Lập, ngày 05 tháng 8 năm 2024
THÔNG BÁO
Về việc tổ chức lớp bồi dưỡng nghiệp vụ thông tin đối ngoại năm 2024
1. Nội dung
- Bồi dưỡng kỹ năng viết tin, bài về hợp tác quốc tế của huyện.
- Quán triệt nội dung Kết luận số 57-KL/TW của Bộ Chính trị về thông tin đối ngoại.
- Kỹ năng nhận diện và phản bác thông tin sai trái trên không gian mạng.
2. Thời gian
Một ngày, khai mạc lúc 7 giờ 30 ngày 20/8/2024.
3. Địa điểm
Hội trường Trung tâm Chính trị huyện Tân Lập.
4. Thành phần
Cán bộ làm công tác tuyên giáo các xã, thị trấn.
"""


def test_a_section_asked_by_number_is_that_section_even_when_another_heading_has_the_questions_words(e5, tmp_path):
    """Asked for "nội dung mục 3": section 3 (the place), not the section headed "Nội dung"."""
    answerer = _answerer_of("thong-bao-12.txt", NOTICE, e5, tmp_path)
    answer = answerer.ask("Nội dung mục 3 của Thông báo 12-TB/BTGHU là gì?")
    assert answer.found and "Hội trường Trung tâm Chính trị" in _stated(answer)
    assert "Bồi dưỡng kỹ năng viết tin" not in answer.answer
    _verified(answerer, answer)


GUIDANCE = """TỈNH ỦY TÂN LẬP
BAN TUYÊN GIÁO
Số 08-HD/BTGTU
Tân Lập, ngày 10 tháng 3 năm 2025
HƯỚNG DẪN
Công tác thông tin đối ngoại năm 2025
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng công tác thông tin đối ngoại của tỉnh; thông tin đối ngoại gắn với nhiệm vụ chính trị.
II. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo Tỉnh ủy
- Định hướng nội dung thông tin đối ngoại cho các cơ quan báo chí của tỉnh.
- Kiểm tra, đôn đốc việc thực hiện Hướng dẫn này.
2. Sở Ngoại vụ
- Cung cấp thông tin đối ngoại về quan hệ hợp tác của tỉnh với các địa phương nước bạn.
- Quản lý hoạt động của phóng viên nước ngoài đến tỉnh.
3. Ban tuyên giáo các đảng bộ trực thuộc, Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội cấp tỉnh
- Nắm bắt dư luận về thông tin đối ngoại trong đoàn viên, hội viên.
- Tuyên truyền thông tin đối ngoại trên trang thông tin điện tử của đơn vị.
Nơi nhận:
- Thường trực Tỉnh ủy,
- Sở Ngoại vụ, Sở Thông tin và Truyền thông,
- Lưu VT.
TRƯỞNG BAN
Nguyễn Văn Bình
"""


@pytest.mark.parametrize(
    "question, stated, not_stated",
    [
        # "ngoại" is in every line of the document, so the question's words name "Sở Ngoại vụ" only as a pair
        ("Theo Hướng dẫn 08-HD/BTGTU, Sở Ngoại vụ có nhiệm vụ gì?", "phóng viên nước ngoài", "Định hướng nội dung"),
        # a title of 110 characters over its tasks is the title of that section
        (
            "Hướng dẫn 08-HD/BTGTU giao Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội cấp tỉnh nhiệm vụ gì?",
            "Nắm bắt dư luận",
            "phóng viên nước ngoài",
        ),
        # "BTGTU" written after the number is the document's code, not the body asked about
        (
            "HD 08 BTGTU giao UBMTTQ và các đoàn thể CT-XH cấp tỉnh nhiệm vụ gì?",
            "Nắm bắt dư luận",
            "Định hướng nội dung",
        ),
    ],
)
def test_a_body_named_in_the_question_gets_its_own_section(e5, tmp_path, question, stated, not_stated):
    answerer = _answerer_of("huong-dan-08.txt", GUIDANCE, e5, tmp_path)
    # claimed, or shown first as the guess: its own section, not another body's
    answer = answerer.ask(question)
    assert answer.found
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    assert stated in first and not_stated not in first
    _verified(answerer, answer)


REPORT = """HUYỆN ỦY AN PHÚ
Số 20-BC/HU
An Phú, ngày 15 tháng 6 năm 2022
BÁO CÁO
Tổng kết 10 năm thực hiện Kết luận số 16-KL/TW của Bộ Chính trị về chiến lược phát triển thông tin đối ngoại
I. TÌNH HÌNH TRIỂN KHAI
Ban Thường vụ Huyện ủy đã tổ chức quán triệt Kết luận số 16-KL/TW đến cán bộ chủ chốt của huyện.
II. KẾT QUẢ TRIỂN KHAI THỰC HIỆN KẾT LUẬN 16-KL/TW
1. Tăng cường sự lãnh đạo của Đảng đối với công tác thông tin đối ngoại
Các cấp ủy đã đưa thông tin đối ngoại vào chương trình công tác hằng năm.
2. Tuyên truyền về biển, đảo và phân giới, cắm mốc
Huyện tổ chức 24 buổi tuyên truyền về biển, đảo cho nhân dân vùng biên giới.
3. Quảng bá hình ảnh địa phương
Huyện phát hành tập gấp giới thiệu lễ hội truyền thống bằng tiếng Anh.
III. ĐÁNH GIÁ CHUNG
Công tác thông tin đối ngoại của huyện có nhiều chuyển biến tích cực.
IV. ĐỀ XUẤT, KIẾN NGHỊ
Đề nghị tỉnh hỗ trợ kinh phí in ấn tài liệu thông tin đối ngoại.
Nơi nhận:
- Ban Tuyên giáo Tỉnh ủy,
- Lưu VP.
T/M HUYỆN ỦY
Lê Văn Tâm
"""


def test_the_parts_of_a_section_the_question_names_are_not_the_documents_outline(e5, tmp_path):
    """Asked in which areas the report gives its results: the parts of "II. KẾT QUẢ …", not I–IV."""
    answerer = _answerer_of("bao-cao-20.txt", REPORT, e5, tmp_path)
    answer = answerer.ask("Báo cáo 20-BC/HU trình bày kết quả thực hiện Kết luận 16 theo những mặt công tác nào?")
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    assert "Quảng bá hình ảnh địa phương" in first and "biển, đảo" in first
    assert "ĐÁNH GIÁ CHUNG" not in first
    # the document's own numbers are text, not a list nested in each item
    from vanban.ui import render_answer_markdown

    html = render_answer_markdown(answer.answer)
    assert "<ol" not in html and "<li>1. Tăng cường sự lãnh đạo" in html
    _verified(answerer, answer)


PLAN = """TỈNH ỦY TÂN LẬP
Số 15-KH/TU
Tân Lập, ngày 02 tháng 8 năm 2023
KẾ HOẠCH
Thực hiện Kết luận số 57-KL/TW về thông tin đối ngoại trong tình hình mới
I. QUAN ĐIỂM, MỤC TIÊU
1. Quan điểm
Thông tin đối ngoại là nhiệm vụ thường xuyên của cả hệ thống chính trị của tỉnh. Thông tin đối ngoại đi trước, có tính dự báo; kết hợp hài hoà giữa xây dựng và bảo vệ.
2. Mục tiêu
Quảng bá hình ảnh tỉnh Tân Lập năng động, thân thiện với bạn bè quốc tế, thu hút đầu tư và du khách; góp phần xây dựng tỉnh thành trung tâm du lịch của vùng vào năm 2030.
II. NHIỆM VỤ, GIẢI PHÁP
1. Đổi mới nội dung thông tin đối ngoại, chú trọng thông tin trên mạng xã hội.
2. Bồi dưỡng đội ngũ cán bộ làm công tác thông tin đối ngoại.
Nơi nhận:
- Các huyện ủy,
- Lưu VT.
T/M BAN THƯỜNG VỤ
Trần Quốc Huy
"""


def _named_within(reading) -> dict[str, float]:
    """Each block's heading with its named_within signal."""
    from answer.features import FEATURES

    within = FEATURES.index("named_within")
    return {u.heading.strip(): reading.rows[i][within] for i, u in enumerate(reading.units) if u.kind == "block"}


def test_a_section_holding_one_named_more_fully_is_marked_for_the_reader(e5, tmp_path):
    """ "Mục tiêu" names "2. Mục tiêu" fully and "I. QUAN ĐIỂM, MỤC TIÊU" by half: the reader is told that
    section I holds a section named more fully (named_within), and section 2 is not marked."""
    from answer.features import FEATURES

    answerer = _answerer_of("ke-hoach-15.txt", PLAN, e5, tmp_path)
    marked = _named_within(answerer.read("Mục tiêu của Kế hoạch 15-KH/TU là gì?"))
    assert marked["I. QUAN ĐIỂM, MỤC TIÊU"] == 1.0
    assert marked["2. Mục tiêu"] == 0.0
    # the document's outline is not what a question for the parts of a named section asks for
    parts = answerer.read("Kế hoạch 15-KH/TU nêu mục tiêu gồm những phần nào?")
    whole = FEATURES.index("outline_whole")
    outlines = [parts.rows[i][whole] for i, u in enumerate(parts.units) if u.outline and not u.heading]
    assert outlines and max(outlines) == 0.0


def test_a_section_joining_topics_gives_way_to_the_part_the_question_names(e5, tmp_path):
    """ "Mục tiêu" asked of a plan whose "I. QUAN ĐIỂM, MỤC TIÊU" holds "2. Mục tiêu": when the reader weighs
    section I just above section 2 (set by hand here; on Conclusion 57 it weighs them 0.443 and 0.442), the
    answer is section 2 whole, with what its second sentence says, not section I with each part cut to its
    lead sentence; when it weighs section I far higher, section I stands."""
    text = PLAN.replace("15-KH/TU", "17-KH/TU").replace(
        "vào năm 2030.", "vào năm 2030. Đến năm 2025, mỗi huyện có một chuyên mục thông tin đối ngoại."
    )
    answerer = _answerer_of("ke-hoach-17.txt", text, e5, tmp_path)
    for question in ("Mục tiêu của Kế hoạch 17-KH/TU là gì?", "muc tieu cua ke hoach 17-kh/tu la gi"):
        reading = answerer.read(question)
        eligible, _ = reading.eligible()
        heads = {
            reading.units[i].heading.strip(): i
            for i in eligible
            if reading.units[i].kind == "block" and not reading.units[i].outline
        }
        parent, child = heads["I. QUAN ĐIỂM, MỤC TIÊU"], heads["2. Mục tiêu"]
        reading.probs[parent] = reading.probs[child] + 0.01  # the reader's near-tie, either way round
        assert answerer._narrowed(reading, parent, eligible) == child
        reading.probs[parent] = 3 * reading.probs[child]  # weighed far apart, the reader's choice stands
        assert answerer._narrowed(reading, parent, eligible) == parent
        answer = answerer.ask(question)
        first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
        assert "mỗi huyện có một chuyên mục thông tin đối ngoại" in first, first
        assert "Quan điểm" not in first, first
        _verified(answerer, answer)
    # naming the whole heading asks for the whole section
    reading = answerer.read("Quan điểm, mục tiêu của Kế hoạch 17-KH/TU là gì?")
    eligible, _ = reading.eligible()
    parent = next(
        i
        for i in eligible
        if reading.units[i].heading.strip() == "I. QUAN ĐIỂM, MỤC TIÊU" and not reading.units[i].outline
    )
    assert answerer._narrowed(reading, parent, eligible) == parent


DECISION = """ỦY BAN NHÂN DÂN HUYỆN TÂN LẬP
Số 31/QĐ-UBND
Tân Lập, ngày 02 tháng 3 năm 2024
QUYẾT ĐỊNH
Về việc kiện toàn Tổ công tác thông tin đối ngoại huyện Tân Lập
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN
QUYẾT ĐỊNH:
Điều 1. Kiện toàn Tổ công tác thông tin đối ngoại huyện do Phó Chủ tịch Ủy ban nhân dân huyện làm Tổ trưởng.
Điều 2. Nhiệm vụ của Tổ công tác
1. Tham mưu kế hoạch thông tin đối ngoại hằng năm của huyện.
2. Theo dõi thông tin về huyện trên báo chí nước ngoài:
a) Tổng hợp tin, bài của báo chí nước ngoài viết về huyện mỗi quý;
b) Đề xuất cải chính thông tin sai sự thật trong vòng 48 giờ.
Điều 3. Tổ chức và hoạt động
1. Tổ công tác làm việc theo chế độ kiêm nhiệm.
2. Phòng Văn hóa và Thông tin là cơ quan thường trực của Tổ công tác.
3. Kinh phí hoạt động bố trí trong dự toán ngân sách huyện.
Điều 4. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện và các thành viên Tổ công tác chịu trách nhiệm thi hành Quyết định này.
Nơi nhận:
- Như Điều 4;
- Lưu VT.
CHỦ TỊCH
Hoàng Minh Sơn
"""


@pytest.mark.parametrize(
    ("question", "stated", "not_stated", "named"),
    [
        (
            "Khoản 2 Điều 3 của Quyết định 31/QĐ-UBND quy định gì?",
            "Phòng Văn hóa và Thông tin",
            "kiêm nhiệm",
            "khoản 2 Điều 3",
        ),
        ("Điểm b khoản 2 Điều 2 của Quyết định 31/QĐ-UBND nói gì?", "48 giờ", "mỗi quý", "điểm b khoản 2 Điều 2"),
        ("noi dung dieu 2.2.a cua quyet dinh 31/qd-ubnd la gi", "mỗi quý", "48 giờ", ""),
        ("What does Article 3(3) of Decision 31/QĐ-UBND say?", "dự toán ngân sách", "kiêm nhiệm", "Article 3(3)"),
    ],
)
def test_a_clause_or_point_asked_by_number_is_that_part(e5, tmp_path, question, stated, not_stated, named):
    """A legal citation names a part from the smallest up ("điểm b khoản 2 Điều 2"); the answer is that part,
    and says which part it is the way a citation does, in the question's language."""
    answerer = _answerer_of("quyet-dinh-31.txt", DECISION, e5, tmp_path)
    answer = answerer.ask(question)
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    assert answer.found and stated in first and not_stated not in first
    assert named in first.splitlines()[0]
    _verified(answerer, answer)


@pytest.mark.parametrize(
    ("question", "stated", "not_stated"),
    [
        ("Nhiệm vụ, giải pháp thứ hai của Kế hoạch 15-KH/TU là gì?", "Bồi dưỡng đội ngũ", "Đổi mới nội dung"),
        ("nhiem vu, giai phap thu nhat cua ke hoach 15-kh/tu", "Đổi mới nội dung", "Bồi dưỡng đội ngũ"),
    ],
)
def test_an_item_named_by_its_place_in_a_named_section_is_that_item(e5, tmp_path, question, stated, not_stated):
    answerer = _answerer_of("ke-hoach-15.txt", PLAN, e5, tmp_path)
    answer = answerer.ask(question)
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    assert answer.found and stated in first and not_stated not in first
    _verified(answerer, answer)


def test_a_clause_is_shown_in_its_whole_sentence(e5, tmp_path):
    """A sentence split by semicolons answers with all of it: "… ra sao và cân bằng giữa hai mặt nào?"
    asks for both clauses of "… cần đi trước, có tính dự báo cao; kết hợp hài hoà giữa …"."""
    answerer = _answerer_of("ke-hoach-15.txt", PLAN, e5, tmp_path)
    answer = answerer.ask("Theo Kế hoạch 15-KH/TU, thông tin đối ngoại phải đi trước ra sao?")
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    assert "có tính dự báo" in first and "hài hoà giữa xây dựng và bảo vệ" in first
    _verified(answerer, answer)


OUTLINE = """BAN TUYÊN GIÁO TỈNH ỦY TÂN LẬP
Số 210-CV/BTGTU
Tân Lập, ngày 05 tháng 10 năm 2020
ĐỀ CƯƠNG
Báo cáo tổng kết 10 năm thực hiện Kết luận số 16-KL/TW của Bộ Chính trị
I. TÌNH HÌNH TRIỂN KHAI
Việc quán triệt, ban hành văn bản chỉ đạo thực hiện Kết luận số 16-KL/TW.
II. KẾT QUẢ THỰC HIỆN KẾT LUẬN SỐ 16-KL/TW
1. Kết quả thực hiện các mục tiêu về thông tin đối ngoại của tỉnh.
2. Kết quả triển khai các nhiệm vụ, giải pháp của Kết luận.

Bám sát các nhiệm vụ, giải pháp để đánh giá những kết quả đạt được; trong đó làm rõ một số nội dung chủ yếu sau:

- Việc đổi mới công tác quản lý báo chí đối ngoại tại địa phương.

- Việc mở chuyên mục tiếng nước ngoài trên cổng thông tin điện tử.

- Việc bồi dưỡng đội ngũ phóng viên, biên tập viên làm thông tin đối ngoại.

III. ĐÁNH GIÁ CHUNG
1. Ưu điểm
2. Hạn chế và nguyên nhân
Nơi nhận:
- Các huyện ủy,
- Lưu VT.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Nguyễn Thị Lan
"""


@pytest.mark.parametrize(
    "question",
    [
        "Phần kết quả thực hiện trong đề cương kèm Công văn 210 yêu cầu làm rõ những nội dung chủ yếu nào?",
        "Đề cương kèm CV 210: phần kết quả triển khai nhiệm vụ, giải pháp cần làm rõ những nội dung nào?",
    ],
)
def test_an_item_whose_words_announce_a_list_answers_with_that_list(e5, tmp_path, question):
    """ "2. Kết quả triển khai …" is the title of what follows it, full stop and all, and its lead-in ends
    "… một số nội dung chủ yếu sau:": the question gets the three points of item 2, not section II's two
    numbered lines with the announcement cut off before its list."""
    answerer = _answerer_of("de-cuong-210.txt", OUTLINE, e5, tmp_path)
    answer = answerer.ask(question)
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    for point in ("quản lý báo chí đối ngoại", "chuyên mục tiếng nước ngoài", "đội ngũ phóng viên"):
        assert point in first, first
    assert "Kết quả thực hiện các mục tiêu" not in first
    _verified(answerer, answer)


def test_a_section_named_by_its_whole_heading_beats_its_sentence_that_uses_the_word(e5, tmp_path):
    """ "Mục tiêu … là gì?" asks for "2. Mục tiêu", not for the one sentence in it that says "các mục tiêu"."""
    text = PLAN.replace("15-KH/TU", "16-KH/TU").replace(
        "thu hút đầu tư và du khách; góp phần xây dựng tỉnh thành trung tâm du lịch của vùng vào năm 2030.",
        "thu hút đầu tư và du khách. Góp phần thực hiện thắng lợi các mục tiêu phát triển kinh tế - xã hội"
        " của tỉnh đến năm 2030.",
    )
    answerer = _answerer_of("ke-hoach-16.txt", text, e5, tmp_path)
    answer = answerer.ask("Mục tiêu của Kế hoạch 16-KH/TU là gì?")
    first = re.split(r"\n\n(?:Các đoạn liên quan khác|Other relevant passages):", answer.answer)[0]
    assert "Quảng bá hình ảnh tỉnh Tân Lập" in first and "các mục tiêu phát triển" in first, first
    _verified(answerer, answer)


def test_a_question_for_who_holds_a_post_needs_a_person_or_a_post_holder(e5, tmp_path):
    """ "Ai là Tổ trưởng …?" is answered by the post that holds it; asked of a plan that names nobody but
    its signer, who heads a committee it never mentions is not found, and the signer is still the signer."""
    decision = _answerer_of("quyet-dinh-31.txt", DECISION, e5, tmp_path / "decision")
    answer = decision.ask("Ai là Tổ trưởng Tổ công tác thông tin đối ngoại huyện Tân Lập?")
    assert answer.found and "Phó Chủ tịch Ủy ban nhân dân huyện" in _stated(answer)
    plan = _answerer_of("ke-hoach-15.txt", PLAN, e5, tmp_path / "plan")
    for question in (
        "Ai là Trưởng ban Chỉ đạo công tác thông tin đối ngoại tỉnh Tân Lập?",
        "Who chaired the conference?",
    ):
        missing = plan.ask(question)
        assert not missing.found and "person" in missing.notes[0], (question, missing.answer)
    assert "Trần Quốc Huy" in _stated(plan.ask("Ai ký Kế hoạch 15-KH/TU?"))


PURPOSE = """TỈNH ỦY TÂN LẬP
Số 17-KH/TU
Tân Lập, ngày 02 tháng 8 năm 2023
KẾ HOẠCH
Tổ chức hội nghị quán triệt Kết luận số 57-KL/TW
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Giúp cán bộ, đảng viên nắm vững những điểm mới của Kết luận.
- Tạo sự thống nhất trong nhận thức và hành động của cả hệ thống chính trị.
2. Yêu cầu
- Hội nghị được tổ chức nghiêm túc, thiết thực, hiệu quả.
II. THỜI GIAN, ĐỊA ĐIỂM
Hội nghị tổ chức trong tháng 9 năm 2023 tại Hội trường Tỉnh ủy.
"""


def test_a_heading_named_whole_by_the_questions_own_words_is_named_more_fully(e5, tmp_path):
    """ "Mục đích của …?" names "1. Mục đích" whole; the search adds "mục đích, yêu cầu" for it, which names
    "I. MỤC ĐÍCH, YÊU CẦU" whole too, but section I is still the one that holds a section named more fully."""
    answerer = _answerer_of("ke-hoach-17.txt", PURPOSE, e5, tmp_path)
    marked = _named_within(answerer.read("Mục đích của kế hoạch hội nghị quán triệt Kết luận 57 của Tỉnh ủy Tân Lập"))
    assert marked["I. MỤC ĐÍCH, YÊU CẦU"] == 1.0
    assert marked["1. Mục đích"] == 0.0


CONCLUSION = """BAN CHẤP HÀNH TRUNG ƯƠNG
Số 90-KL/TW
Hà Nội, ngày 10 tháng 5 năm 2024
KẾT LUẬN
của Bộ Chính trị về công tác thông tin đối ngoại ở vùng biên giới
I. NHIỆM VỤ, GIẢI PHÁP
1. Đổi mới nội dung thông tin đối ngoại ở các tỉnh biên giới.
2. Tăng cường hợp tác thông tin với các địa phương của nước láng giềng.
II. TỔ CHỨC THỰC HIỆN
Ban Tuyên giáo Trung ương hướng dẫn, kiểm tra việc thực hiện Kết luận này.
T/M BỘ CHÍNH TRỊ
Trần Văn Nam
"""

FORWARDING = """THÀNH ỦY TÂN LẬP
BAN TUYÊN GIÁO
Số 12-CV/BTG
Tân Lập, ngày 20 tháng 6 năm 2024
CÔNG VĂN
Về việc quán triệt Kết luận số 90-KL/TW của Bộ Chính trị
Kính gửi: Các chi bộ, đảng bộ trực thuộc Thành ủy
Ban Tuyên giáo Thành ủy đề nghị các đảng bộ trực thuộc tổ chức quán triệt Kết luận số 90-KL/TW.
Bí thư chi bộ có trách nhiệm quán triệt Kết luận tới toàn thể đảng viên trong kỳ sinh hoạt chi bộ tháng 7.
Nơi nhận:
- Như trên,
- Lưu VT.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Lê Thị Hoa
"""


def test_a_question_that_names_a_conclusion_is_answered_by_the_letter_that_carries_it_out(e5, tmp_path):
    """ "Bí thư chi bộ phải làm gì với Kết luận 90?" names the Conclusion, which never mentions branch
    secretaries; the letter whose title cites it does, and is asked about too. "Kết luận 90 nói gì về …" asks what the
    Conclusion itself says, and is not answered from the letter."""
    answerer = _answerer_of("ket-luan-90.txt", CONCLUSION, e5, tmp_path, {"cong-van-12.txt": FORWARDING})
    about = answerer.read("Bí thư chi bộ phải làm gì với Kết luận 90?").info.subject_docs
    assert about == {"ket-luan-90", "cong-van-12"}
    assert answerer.read("Nhiệm vụ, giải pháp của Kết luận 90 là gì?").info.subject_docs == {"ket-luan-90"}
    answer = answerer.ask("Bí thư chi bộ có trách nhiệm gì với Kết luận 90?")
    assert answer.found and "toàn thể đảng viên trong kỳ sinh hoạt chi bộ" in _stated(answer), answer.answer
    _verified(answerer, answer)
    said = answerer.ask("Kết luận 90-KL/TW nói gì về bí thư chi bộ?")
    assert "sinh hoạt chi bộ tháng 7" not in _stated(said) or not said.found


OUTLINE_2020 = """BAN TUYÊN GIÁO TỈNH ỦY TÂN LẬP
ĐỀ CƯƠNG
Báo cáo tổng kết công tác thông tin đối ngoại giai đoạn 2013 - 2020
I. KẾT QUẢ THỰC HIỆN
1. Công tác lãnh đạo, chỉ đạo
Đối chiếu với các nhiệm vụ trong Chương trình hành động của Chính phủ thực hiện Chiến lược thông tin đối ngoại \
giai đoạn 2013 - 2020 kèm theo Quyết định số 368/QĐ-TTg, ngày 28/02/2013 của Thủ tướng Chính phủ để đánh giá kết quả.
2. Tồn tại, hạn chế
Nêu những tồn tại, hạn chế và nguyên nhân.
"""


def test_a_value_from_a_document_that_never_names_the_code_asked_about_is_not_claimed(e5, tmp_path):
    """ "Chương trình hành động … thực hiện Kết luận 90 … quyết định số mấy?" names Conclusion 90; the only
    decision number stands in an outline that neither is nor cites it: that is another programme's, shown as
    a guess, not claimed. Asked without the code, the same sentence is the answer."""
    answerer = _answerer_of("ket-luan-90.txt", CONCLUSION, e5, tmp_path, {"de-cuong.txt": OUTLINE_2020})
    named = answerer.ask("Chương trình hành động của Chính phủ thực hiện Kết luận 90 ban hành kèm quyết định số mấy?")
    assert named.kind in ("passages", "not-found"), named.answer
    plain = answerer.ask(
        "Chương trình hành động của Chính phủ thực hiện Chiến lược thông tin đối ngoại ban hành kèm quyết định số mấy?"
    )
    assert plain.kind == "fact" and "368/QĐ-TTg" in _stated(plain), plain.answer
    _verified(answerer, plain)


def test_a_bare_phrase_that_names_a_heading_asks_for_what_the_section_lists(e5, tmp_path):
    """ "nhiệm vụ KL 57", typed as it stands with no question word, names a section by its heading: the
    answer is every item of it, not the one sentence that says "nhiệm vụ"."""
    answerer = _answerer_of("ket-luan-90.txt", CONCLUSION, e5, tmp_path)
    for question in ("nhiệm vụ giải pháp KL 90", "nhiem vu giai phap KL 90"):
        assert answerer.read(question).info.wants_list, question
        stated = _stated(answerer.ask(question))
        assert "Đổi mới nội dung thông tin đối ngoại" in stated and "Tăng cường hợp tác thông tin" in stated, stated
    assert not answerer.read("Kết luận 90 giao nhiệm vụ cho ai?").info.wants_list
