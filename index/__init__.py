"""Chunks → a searchable store: embeddings, FAISS, BM25, hybrid search."""
