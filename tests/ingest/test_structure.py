"""The section tree of official documents."""

from pathlib import Path

from ingest.pipeline import load_documents
from ingest.structure import CLOSING, parse_sections
from tests.conftest import CORPUS


def test_conclusion_57_has_three_sections_and_five_tasks():
    path = next(p for p in CORPUS.iterdir() if "bac-ninh" in p.name)
    kl57 = load_documents(Path(path), path.name, "-")[1]
    roots = parse_sections(kl57.text)
    numbered = [s for s in roots if s.level == 1]
    assert [s.number for s in numbered] == ["I", "II", "III"]
    assert roots[-1].label == CLOSING and "Trương Thị Mai" in kl57.text[roots[-1].start : roots[-1].end]
    tasks = numbered[1].children
    assert [t.number for t in tasks] == ["1", "2", "3", "4", "5"]
    assert kl57.text[tasks[3].start :].startswith("4. Đẩy mạnh đấu tranh phản bác")
    # Each task runs to the next one; the last to the end of section II.
    assert tasks[0].end < tasks[1].start and tasks[4].end == numbered[1].end < numbered[2].start


def test_all_levels():
    text = "\n".join(
        [
            "I. MỘT",
            "1. Mục một",
            "1.1. Tiểu mục",
            "a) Điểm a",
            "- gạch đầu dòng",
            "+ dấu cộng",
            "b) Điểm b",
            "II- HAI",
            "Nơi nhận:",
            "- Lưu VT.",
        ]
    )
    roots = parse_sections(text)
    assert [(s.level, s.number) for s in roots] == [(1, "I"), (1, "II"), (0, None)]
    one = roots[0].children[0]
    assert (one.level, one.number) == (2, "1")
    sub = one.children[0]
    assert (sub.level, sub.number) == (3, "1.1")
    assert [(c.level, c.number) for c in sub.children] == [(4, "a"), (4, "b")]
    bullet = sub.children[0].children[0]
    assert bullet.level == 5 and bullet.children[0].level == 6
    assert roots[2].children == [] and text[roots[2].start : roots[2].end].endswith("Lưu VT.")


def test_v_v_is_not_a_roman_heading():
    assert parse_sections("V/v báo cáo tổng kết\nNội dung.") == []
