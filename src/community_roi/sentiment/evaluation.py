"""Measure the scorer on labelled posts kept outside the project (../shared/data/sentiment/).

The labelled files may not be redistributed, so they are read where they are and never copied. Used
by ``benchmarks/sentiment_accuracy.py`` and ``tests/accuracy/test_sentiment_accuracy.py``.

Headline figure: accuracy on positive vs negative posts only (neutral excluded), a post counting as
positive when its score is strictly above ``POSITIVE_THRESHOLD`` (0.0) and negative otherwise, so a
post with no sentiment signal (score 0) counts as negative.

English tweets are split in two halves by a hash of ``tweet_id`` (CRC-32, even = tuning half, odd =
held-out half): rules and thresholds were tuned looking at the tuning half only, and the held-out
half shows whether that tuning overfit. French: ``train`` was used for tuning, ``dev`` is the
headline.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

POSITIVE_THRESHOLD = 0.0

EN_FILE = "en_airline_tweets_dev.csv"
FR_TRAIN_FILE = "fr_allocine_tv_reviews_train.tsv"
FR_DEV_FILE = "fr_allocine_tv_reviews_dev.tsv"


@dataclass(frozen=True)
class Labelled:
    name: str
    texts: list[str]
    labels: list[int]          # 1 positive, 0 negative


@dataclass(frozen=True)
class Result:
    name: str
    n_pos: int
    n_neg: int
    accuracy: float
    balanced_accuracy: float
    coverage: float            # share of posts with a non-zero score
    majority: float            # accuracy of always answering the larger class


def default_data_dir() -> Path:
    """``../shared/data/sentiment`` next to the repository root."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "sentiment"


def en_half(tweet_id: str) -> str:
    return "tuning" if zlib.crc32(tweet_id.strip().encode("ascii", "replace")) % 2 == 0 \
        else "held-out"


def load_english(data_dir: Path) -> dict[str, Labelled]:
    """Positive/negative tweets: all, tuning half, held-out half."""
    groups: dict[str, tuple[list[str], list[int]]] = {
        "all": ([], []), "tuning": ([], []), "held-out": ([], [])}
    with open(data_dir / EN_FILE, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            label = row["airline_sentiment"].strip()
            if label not in ("positive", "negative"):
                continue
            y = 1 if label == "positive" else 0
            for g in ("all", en_half(row["tweet_id"])):
                groups[g][0].append(row["text"])
                groups[g][1].append(y)
    names = {"all": "en tweets, all", "tuning": "en tweets, tuning half",
             "held-out": "en tweets, held-out half"}
    return {k: Labelled(names[k], t, y) for k, (t, y) in groups.items()}


def load_neutral_english(data_dir: Path) -> list[str]:
    """Tweets labelled neutral: not part of the headline, shown for what a 0 score means."""
    with open(data_dir / EN_FILE, newline="", encoding="utf-8") as fh:
        return [r["text"] for r in csv.DictReader(fh) if r["airline_sentiment"].strip() == "neutral"]


def load_french(data_dir: Path, which: str) -> Labelled:
    path = data_dir / (FR_TRAIN_FILE if which == "train" else FR_DEV_FILE)
    texts, labels = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                continue
            label, _, text = line.partition("\t")
            if label.strip() not in ("0", "1"):
                continue
            labels.append(int(label))
            texts.append(text)
    return Labelled(f"fr reviews, {which}", texts, labels)


def load_all(data_dir: Path) -> list[Labelled]:
    en = load_english(data_dir)
    return [en["all"], en["tuning"], en["held-out"],
            load_french(data_dir, "train"), load_french(data_dir, "dev")]


def evaluate(data: Labelled, scores: Sequence[float | None],
             threshold: float = POSITIVE_THRESHOLD) -> Result:
    pred = [1 if (s is not None and s > threshold) else 0 for s in scores]
    n = len(pred)
    n_pos = sum(data.labels)
    n_neg = n - n_pos
    correct = sum(p == y for p, y in zip(pred, data.labels))
    tp = sum(p == 1 and y == 1 for p, y in zip(pred, data.labels))
    tn = sum(p == 0 and y == 0 for p, y in zip(pred, data.labels))
    bal = ((tp / n_pos if n_pos else 0.0) + (tn / n_neg if n_neg else 0.0)) / 2
    cov = sum(1 for s in scores if s) / n if n else 0.0
    return Result(data.name, n_pos, n_neg, correct / n if n else 0.0, bal, cov,
                  max(n_pos, n_neg) / n if n else 0.0)


def score_with(scorer: Callable[[Sequence[str]], list[float | None]], data: Labelled) -> Result:
    return evaluate(data, scorer(data.texts))
