"""Accuracy and speed of the bundled sentiment scorer on real labelled posts.

    .venv/bin/python benchmarks/sentiment_accuracy.py

Reads ../shared/data/sentiment/ next to the repository (never copied into it: the files' licences
forbid redistribution). Prints, per data set: rows (positive/negative), accuracy on the
positive/negative split (score > 0 = positive, 0 or below = negative, neutral posts excluded),
balanced accuracy, the share of posts with a non-zero score, the majority-class baseline and plain
VADER's accuracy with the same rule; then throughput in texts per second (median of 3 runs).
English tweets are also reported on the two halves of a CRC-32 split of tweet_id: the tuning half
(looked at while writing rules) and the held-out half (never looked at).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/sentiment"
sys.path.insert(0, str(ROOT / "src"))

from community_roi.sentiment import _engine, _io, score_texts
from community_roi.sentiment import evaluation as ev


def vader_scorer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return lambda texts: [analyzer.polarity_scores(t)["compound"] for t in texts]


def throughput(fn, texts, runs=3, cold=False) -> float:
    rates = []
    for _ in range(runs):
        _io._SHARED_CACHE.clear()          # every run scores every text for real
        if cold:
            _engine._resolve_cache.clear()
        t0 = time.perf_counter()
        fn(texts)
        rates.append(len(texts) / (time.perf_counter() - t0))
    return statistics.median(rates)


def main() -> int:
    if not DATA.is_dir():
        print(f"No labelled sentiment data at {DATA}: nothing to measure. "
              "(The files are kept outside the repository; see docs/sentiment.md.)")
        return 0
    datasets = ev.load_all(DATA)
    vader = vader_scorer()
    header = (f"{'dataset':28} {'rows (pos/neg)':>16} {'accuracy':>9} {'balanced':>9} "
              f"{'scored':>7} {'majority':>9} {'VADER':>7}")
    print(f"Sentiment accuracy, positive vs negative (neutral excluded); data: {DATA}")
    print(header)
    print("-" * len(header))
    for d in datasets:
        r = ev.score_with(score_texts, d)
        v = ev.score_with(vader, d)
        rows = f"{r.n_pos + r.n_neg} ({r.n_pos}/{r.n_neg})"
        print(f"{r.name:28} {rows:>16} {r.accuracy:9.3f} {r.balanced_accuracy:9.3f} "
              f"{r.coverage:7.1%} {r.majority:9.3f} {v.accuracy:7.3f}")
    print("accuracy: share right with score > 0 = positive; balanced: mean of the per-class "
          "recalls;\nscored: share with a non-zero score; majority: always the larger class; "
          "VADER: plain vaderSentiment compound, same rule.")

    neutral = ev.load_neutral_english(DATA)
    ns = score_texts(neutral)
    print(f"\nNeutral tweets (not in the headline): {len(ns)}; scored exactly 0: "
          f"{sum(1 for s in ns if s == 0) / len(ns):.1%}; |score| < 0.3: "
          f"{sum(1 for s in ns if s is not None and abs(s) < 0.3) / len(ns):.1%}; "
          f"> 0: {sum(1 for s in ns if s and s > 0) / len(ns):.1%}")

    tweets = ev.load_english(DATA)["all"].texts
    reviews = ev.load_french(DATA, "train").texts + ev.load_french(DATA, "dev").texts
    print()
    print("Throughput, texts/s (median of 3 runs; each run scores every text once, no repeats):")
    print(f"  {'':34} {'tweets (en)':>12} {'reviews (fr)':>13}")
    for label, fn, cold in [
        ("croi scorer, empty word cache", score_texts, True),
        ("croi scorer, warm word cache", score_texts, False),
        ("plain VADER", vader, False),
    ]:
        print(f"  {label:34} {throughput(fn, tweets, cold=cold):12,.0f} "
              f"{throughput(fn, reviews, cold=cold):13,.0f}")
    print(f"  (tweets: {len(tweets)} texts, mean {sum(map(len, tweets)) / len(tweets):.0f} chars; "
          f"reviews: {len(reviews)} texts, mean {sum(map(len, reviews)) / len(reviews):.0f} chars)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
