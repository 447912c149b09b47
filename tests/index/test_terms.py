"""Word tables on disk: written with a segment, mapped and looked up in place when a store is open."""

from __future__ import annotations

from collections import Counter

from index.build import ingest_corpus
from index.store import load_store
from index.terms import CountTable, ListTable, Summed
from index.wordstats import WordStats


def test_count_tables_read_back_and_add_up_across_segments(tmp_path):
    first = {"hội_nghị": 3, "biển": 1, "đảo": 7}
    second = {"biển": 2, "tập": 5}
    for name, counts in (("a", first), ("b", second)):
        (tmp_path / name).mkdir()
        CountTable.write(tmp_path / name, "df", counts)
    a, b = CountTable.open(tmp_path / "a", "df"), CountTable.open(tmp_path / "b", "df")
    assert dict(a.items()) == first and dict(b.items()) == second
    older = Counter({"đảo": 1, "cũ": 4})  # a segment of an older store, read whole
    joined = Summed([a, b, older])
    assert joined["biển"] == 3 and joined["đảo"] == 8 and joined["cũ"] == 4 and joined["không có"] == 0
    assert joined.get("tập") == 5 and joined.get("không có") is None
    assert "tập" in joined and "không có" not in joined
    assert set(joined) == {"hội_nghị", "biển", "đảo", "tập", "cũ"}


def test_list_tables_give_each_term_its_items(tmp_path):
    lists = {"kết_luận": [4, 0, 2], "57": [2], "lạng_sơn": []}
    ListTable.write(tmp_path, "names", lists)
    table = ListTable.open(tmp_path, "names")
    assert table.get("kết_luận").tolist() == [0, 2, 4]
    assert table.get("57").tolist() == [2] and table.get("lạng_sơn").tolist() == []
    assert table.get("không có").tolist() == []
    assert {t: items.tolist() for t, items in table.items()} == {"kết_luận": [0, 2, 4], "57": [2], "lạng_sơn": []}


def test_an_open_store_reads_the_counts_ingest_made(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    loaded = load_store(store)
    counted = WordStats.of(loaded.documents, loaded.chunks)
    words = loaded.wordstats
    for name in ("df_marked", "df_plain", "bigrams"):
        table, expected = getattr(words, name), getattr(counted, name)
        assert len(expected) > 20
        assert {t: table[t] for t in expected} == dict(expected)
    assert words.passages == counted.passages and words.unigrams == counted.unigrams
    assert words.refs == counted.refs and words.headings == counted.headings and words.places == counted.places
    for doc_id, (marked, plain) in counted.names.items():
        assert all(doc_id in words.naming(t, False) for t in marked)
        assert all(doc_id in words.naming(t, True) for t in plain)
    # read back whole to merge: the same statistics
    segment = store / "segments" / loaded.manifest["segments"][0]
    again = WordStats.load(segment)
    for name in ("df_marked", "df_plain", "bigrams", "unigrams"):
        assert getattr(again, name) == getattr(counted, name)
    assert {d: (set(m), set(p)) for d, (m, p) in again.names.items()} == {
        d: (set(m), set(p)) for d, (m, p) in counted.names.items()
    }
