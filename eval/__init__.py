"""Measurements: speed benchmarks and retrieval quality."""
