"""Query understanding: language, channel texts, references, intents, diacritic restoration."""

import pytest

from index.query import Understanding, detect_language, names_document, plan, question_intent
from index.restore import DiacriticRestorer

CORPUS = [
    "Nhiệm vụ và giải pháp của Kết luận số 57-KL/TW về thông tin đối ngoại.",
    "Kết luận này giao nhiệm vụ cho các cấp uỷ.",
    "Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị trực tuyến.",
    "Vụ việc được giải quyết.",
]


@pytest.fixture(scope="module")
def restorer():
    return DiacriticRestorer(CORPUS)


def test_restore_picks_forms_by_context(restorer):
    assert restorer.restore("nhiem vu va giai phap ket luan 57") == "nhiệm vụ và giải pháp kết luận 57"
    assert restorer.restore("to chuc hoi nghi truc tuyen") == "tổ chức hội nghị trực tuyến"
    assert restorer.restore("xyz 2024") == "xyz 2024"  # unknown words kept


def test_a_syllable_the_corpus_never_uses_takes_its_commonest_form_in_general_vietnamese(restorer):
    """The corpus's forms come first ("giải pháp", "kết luận"); "nau", "ngon", "nha" are in none of its
    sentences and read as "nấu", "ngon", "nhà", so that a question about cooking reads as one."""
    assert restorer.restore("cach nau ngon tai nha") == "cách nấu ngon tại nhà"
    assert restorer.restore("giai phap ket luan") == "giải pháp kết luận"


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("nhiệm vụ KL 57", "vi"),
        ("nhiem vu kl 57", "vi-plain"),
        ("What are KL 57's tasks?", "en"),
        ("What does the report “Tổng kết 10 năm” say about its shortcomings?", "en"),  # a quoted title aside
        ("Phần “Ưu điểm” của báo cáo nói gì?", "vi"),
        ("“Tồn tại, hạn chế”", "vi"),  # nothing but a quote: the quote says
        ("Who signed Decision 1873/QĐ-UBND?", "en"),  # so is a code
        ("Ai ký Quyết định 1873/QĐ-UBND?", "vi"),
        ("1873/QĐ-UBND", "vi"),
    ],
)
def test_detect_language(query, lang):
    assert detect_language(query) == lang


def test_plan_for_each_language(restorer):
    u = Understanding()
    vi_plain = plan("nhiem vu kl 57", restorer, u)
    assert vi_plain.restored == "nhiệm vụ kl 57" and vi_plain.plain_lexical
    assert vi_plain.dense_text == "nhiệm vụ Kết luận 57"  # the embedder reads the abbreviation written out
    assert vi_plain.lexical_text == "nhiem vu kl 57" and vi_plain.refs == (("57", "KL"),)
    asked = plan("ai duoc moi du hoi nghi", restorer, u)
    assert asked.lexical_text.endswith("thanh phan tham du")  # plain channel: additions plain too
    en = plan("What are the tasks of Conclusion 57?", restorer, u)
    assert en.lang == "en" and "nhiệm vụ" in en.lexical_text and en.dense_text == en.text
    abbreviated = plan("KH TTĐN giao BĐBP nhiệm vụ gì?", restorer, u)
    assert abbreviated.dense_text == "Kế hoạch thông tin đối ngoại giao Bộ đội Biên phòng nhiệm vụ gì?"
    assert abbreviated.lexical_text == abbreviated.text  # BM25 indexes passages with both forms
    off = plan(
        "nhiem vu kl 57", restorer, Understanding(restore_diacritics=False, document_boost=False, spell_out=False)
    )
    assert off.dense_text == off.lexical_text == "nhiem vu kl 57" and off.refs == ()


@pytest.mark.parametrize(
    ("query", "intent"),
    [
        ("Ai ký Kết luận 57?", "signer"),
        ("ai ky ket luan 57", "signer"),
        ("Who signed Conclusion 57?", "signer"),
        ("Kết luận 57 được ban hành ngày nào?", "issued"),
        ("Hướng dẫn 100 ban hành khi nào", "issued"),
        ("Nhiệm vụ của Kết luận 57", None),
    ],
)
def test_question_intent(query, intent):
    assert question_intent(query) == intent


def test_names_document():
    assert names_document(("57", "KL"), "57-KL/TW", "Kết luận 57-KL/TW ...")
    assert names_document(("57", "KL"), None, "Kế hoạch ... triển khai Kết luận số 57-KL/TW ...")
    assert not names_document(("57", "KL"), "16-KL/TW", "Kết luận 16-KL/TW")
    assert not names_document(("16", "KL"), "160-KL/TW", "")
    assert names_document(("853", "QĐ"), "853/QĐ-UBND", "Quyết định 853/QĐ-UBND")


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("ai được mời dự hội nghị ở huyện", "thành phần tham dự"),
        ("hội nghị tổ chức khi nào", "thời gian"),
        ("báo chí đưa nhiều tin xấu", "thông tin tiêu cực"),
        ("chống tin giả trên mạng xã hội", "thông tin sai sự thật xuyên tạc"),
        ("huyện thiếu tiền", "kinh phí ngân sách nguồn lực"),
    ],
)
def test_official_terms(query, terms):
    from vanban.lexicon import official_terms

    assert terms in official_terms(query)


def test_official_terms_none_for_plain_keywords():
    from vanban.lexicon import official_terms

    assert official_terms("phân giới cắm mốc biên giới") == []
