"""Answers with verified citations, assembled from search results."""
