"""Cleaning: web-page noise out, broken paragraphs joined, page offsets kept."""

from ingest.clean import clean_pages
from vanban.records import Page


def test_web_noise_removed_and_footer_cut():
    page = Page(
        None,
        "2023-10-25 08:53:05 Số lượt xem 572\nTHÀNH ỦY BẮC NINH\n*\n"
        "Thứ hai - 17/03/2014 14:30   Đã xem: 589   Phản hồi: 0\n"
        "Nội dung chính của văn bản.\nVideo\nThống kê truy cập\nĐang online20\nTất cả2572909\n"
        "09/2023/NQ-HĐND\nNghị quyết không liên quan\nLượt xem:60 | lượt tải:16",
    )
    text, _ = clean_pages([page])
    assert text == "THÀNH ỦY BẮC NINH\nNội dung chính của văn bản."


def test_click_to_rate_and_reader_comments_cut():
    text, _ = clean_pages([Page(None, "Lê Quang Dực\nClick để đánh giá bài viết\n  Ý kiến bạn đọc\nNhững tin mới hơn")])
    assert text == "Lê Quang Dực"


def test_paragraph_broken_by_page_break_is_joined():
    pages = [
        Page(1, "- Tổ chức hội nghị quán triệt, triển khai thực hiện Kết"),
        Page(2, "luận số 57-KL/TW phải được tiến hành nghiêm túc.\n2. Yêu cầu"),
    ]
    text, starts = clean_pages(pages)
    assert text == (
        "- Tổ chức hội nghị quán triệt, triển khai thực hiện Kết luận số 57-KL/TW phải được tiến hành nghiêm túc.\n"
        "2. Yêu cầu"
    )
    assert starts == ((1, 0), (2, text.index("luận số 57")))


def test_lines_are_not_joined_after_closing_punctuation_or_before_bullets():
    text, _ = clean_pages([Page(None, "Câu thứ nhất kết thúc.\nviết thường nhưng là câu mới\nmục a\n- gạch đầu dòng")])
    assert text == "Câu thứ nhất kết thúc.\nviết thường nhưng là câu mới mục a\n- gạch đầu dòng"


def test_spaces_folded_and_lines_without_words_dropped():
    text, _ = clean_pages([Page(None, "  Số   401 - CV/BTG \u00a0\n-----\n*\n")])
    assert text == "Số 401 - CV/BTG"


def test_a_counter_inside_a_sentence_goes_and_the_sentence_stays():
    page = Page(None, "Bài viết về hội nghị, số lượt xem 12, nhận nhiều ý kiến đóng góp của bạn đọc.\nTin khác.")
    text, _ = clean_pages([page])
    assert text.startswith("Bài viết về hội nghị, nhận nhiều ý kiến đóng góp của bạn đọc.")
    assert "lượt xem" not in text


def test_cleaning_is_linear_in_the_length_of_the_text():
    import time

    line = "các cấp ủy đảng và chính quyền tiếp tục triển khai công tác thông tin đối ngoại trên địa bàn\n"
    seconds = {}
    for mb in (1, 2, 4, 8):
        text = line * (mb * 2**20 // len(line.encode()))  # one paragraph: no line ends a sentence
        start = time.perf_counter()
        clean_pages([Page(None, text)])
        seconds[mb] = time.perf_counter() - start
    # linear: 8 times the text in about 8 times the time (quadratic would be 64)
    assert seconds[8] / seconds[1] < 20, seconds
