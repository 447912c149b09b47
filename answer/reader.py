"""The reader: weighs candidate units with a logistic model fitted on questions, and says how sure it is.

The weights live in answer/reader.json beside the command that fitted them (see `command` there).
A unit's probability is that of stating what the question asks. The confidence of an answer comes
from a second logistic model, fitted on whether the answers built on the best units were right,
over a few signals of the answer as a whole (CONFIDENCE): how probable its unit is, how far ahead
of the next one, and what kind of answer it is.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answer.features import FEATURES

# What the confidence model reads about an answer.
CONFIDENCE: tuple[str, ...] = (
    "logit",  # logit of the best unit's probability
    "lead",  # … minus the logit of the best unit elsewhere in the documents
    "gap",  # … minus the logit of the next unit an answer may come from, outside the best one's paragraph
    "block",  # the answer is a list or a section
    "value",  # the question asks for a value, and the answer states one
    "subject",  # the question names the document it is about
    "english",
    "plain",  # typed without diacritics
)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


WEIGHTS = Path(__file__).with_name("reader.json")


class ReaderError(ValueError):
    """A weights file that does not fit the features this code computes."""


@dataclass(frozen=True)
class Reader:
    """Fitted weights over FEATURES, the calibration of the best unit's probability, and the thresholds."""

    weights: np.ndarray
    intercept: float
    calibration: tuple[float, ...] = (1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)  # CONFIDENCE weights, then intercept
    show: float = 0.5  # below this confidence the answer is shown as the nearest passages
    not_found: float = 0.0  # below this probability of the best unit, the corpus does not answer
    second: float = 0.5  # a second unit is shown when its probability is this share of the best

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each candidate (one row of FEATURES) states the answer."""
        if len(rows) == 0:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights + self.intercept)))

    def confidence(self, signals: list[float]) -> float:
        """Calibrated probability that an answer is right, from its CONFIDENCE signals."""
        *weights, intercept = self.calibration
        z = sum(w * x for w, x in zip(weights, signals)) + intercept
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Reader:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ReaderError(f"{path}: not a reader weights file ({exc})") from exc
        if not isinstance(data, dict):
            raise ReaderError(f"{path}: not a reader weights file (expected a JSON object)")
        names = data.get("features")
        if names != list(FEATURES) or data.get("confidence") != list(CONFIDENCE):
            missing = sorted(set(FEATURES) - set(names or []))
            raise ReaderError(
                f"{path}: its weights are for other features (missing: {', '.join(missing) or 'none'}); "
                'refit them with the command the README gives ("Refitting the reader")'
            )
        if len(data.get("weights") or []) != len(FEATURES) or len(data.get("calibration") or []) != len(CONFIDENCE) + 1:
            raise ReaderError(f"{path}: its weights or calibration do not have one number per feature")
        return cls(
            np.asarray(data["weights"], dtype=np.float64),
            float(data["intercept"]),
            tuple(data["calibration"]),
            float(data.get("show", 0.5)),
            float(data.get("not_found", 0.0)),
            float(data.get("second", 0.5)),
        )

    def to_json(self, **about) -> dict:
        return {
            **about,
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "confidence": list(CONFIDENCE),
            "calibration": [round(float(x), 6) for x in self.calibration],
            "show": self.show,
            "not_found": self.not_found,
            "second": self.second,
        }


def neutral() -> Reader:
    """Equal weight on the question's words in the unit and on its search rank: a start before fitting."""
    weights = np.zeros(len(FEATURES))
    for name, w in (("lex", 2.0), ("rank", 1.0), ("value", 1.0), ("dense", 10.0)):
        weights[FEATURES.index(name)] = w
    return Reader(weights, -3.0, (1.0, *[0.0] * (len(CONFIDENCE) - 1), 0.0))
