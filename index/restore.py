"""Put Vietnamese diacritics back on a query typed without them, from the corpus's own words.

"nhiem vu ket luan 57" → "nhiệm vụ kết luận 57": each plain syllable has the accented forms
the corpus uses; a bigram Viterbi over those forms picks the likeliest sequence. A syllable the
corpus never uses takes the commonest form in general Vietnamese (wordfreq's word list):
"cach nau pho" → "cách nấu phổ", not "cách nau phổ", which reads as nothing and so as on topic.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cache

from vanban.text import strip_diacritics, tokens

log = logging.getLogger(__name__)

MAX_CANDIDATES = 8
SMOOTHING = 0.5


@cache
def general_forms() -> dict[str, str]:
    """The commonest accented form of each plain syllable in general Vietnamese, from wordfreq's
    Vietnamese word list (subtitles, Wikipedia, news); empty when wordfreq is not installed."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:
        log.info("wordfreq is not installed: syllables the corpus never uses keep no diacritics")
        return {}
    best: dict[str, tuple[str, float]] = {}
    for word, freq in get_frequency_dict("vi", wordlist="small").items():
        toks = tokens(word)
        if len(toks) != 1 or toks[0] != word or not word.isalpha():
            continue
        plain = strip_diacritics(word)
        if plain not in best or freq > best[plain][1]:
            best[plain] = (word, freq)
    return {plain: word for plain, (word, _) in best.items()}


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
        """The query's syllables with the corpus's likeliest diacritics; a syllable the corpus never uses
        with the general language's commonest, else as typed."""
        plain = [strip_diacritics(t) for t in tokens(query)]
        if not plain:
            return query
        general = general_forms()
        lattice = [self.forms.get(p) or [general.get(p, p)] for p in plain]
        best: dict[str, tuple[float, list[str]]] = {c: (self._logp(None, c), [c]) for c in lattice[0]}
        for options in lattice[1:]:
            step = {}
            for c in options:
                score, path = max(((s + self._logp(prev, c), p) for prev, (s, p) in best.items()), key=lambda x: x[0])
                step[c] = (score, [*path, c])
            best = step
        return " ".join(max(best.values(), key=lambda x: x[0])[1])
