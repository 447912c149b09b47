"""Put Vietnamese diacritics back on a query typed without them, from the corpus's own words.

"nhiem vu ket luan 57" → "nhiệm vụ kết luận 57": each plain syllable has the accented forms
the corpus uses; a bigram Viterbi over those forms picks the likeliest sequence.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from vanban.text import strip_diacritics, tokens

MAX_CANDIDATES = 8
SMOOTHING = 0.5


class DiacriticRestorer:
    """Unigram and bigram counts of accented syllables, keyed by their plain spelling."""

    def __init__(self, texts: Iterable[str] = (), counts: tuple[Counter, Mapping[str, int]] | None = None) -> None:
        """From texts, or from unigram and bigram counts made at ingest (index/wordstats.py); a
        bigram's key is its two syllables with a space between."""
        self.unigrams: Counter[str] = Counter()
        self.bigrams: Mapping[str, int] = Counter()
        if counts is not None:
            self.unigrams, self.bigrams = counts
        for text in texts:
            toks = tokens(text)
            self.unigrams.update(toks)
            self.bigrams.update(f"{a} {b}" for a, b in zip(toks, toks[1:]))
        forms: dict[str, list[str]] = defaultdict(list)
        for tok, _ in self.unigrams.most_common():
            forms[strip_diacritics(tok)].append(tok)
        self.forms = {k: v[:MAX_CANDIDATES] for k, v in forms.items()}
        self.total = sum(self.unigrams.values()) or 1

    def _logp(self, prev: str | None, cur: str) -> float:
        uni = (self.unigrams[cur] + SMOOTHING) / (self.total + SMOOTHING * len(self.unigrams) + 1)
        if prev is None:
            return math.log(uni)
        return math.log((self.bigrams[f"{prev} {cur}"] + SMOOTHING * uni) / (self.unigrams[prev] + SMOOTHING))

    def restore(self, query: str) -> str:
        """The query's syllables with the corpus's likeliest diacritics; unknown words kept as typed."""
        plain = [strip_diacritics(t) for t in tokens(query)]
        if not plain:
            return query
        lattice = [self.forms.get(p, [p]) for p in plain]
        best: dict[str, tuple[float, list[str]]] = {c: (self._logp(None, c), [c]) for c in lattice[0]}
        for options in lattice[1:]:
            step = {}
            for c in options:
                score, path = max(((s + self._logp(prev, c), p) for prev, (s, p) in best.items()), key=lambda x: x[0])
                step[c] = (score, [*path, c])
            best = step
        return " ".join(max(best.values(), key=lambda x: x[0])[1])
