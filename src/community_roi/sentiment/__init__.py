"""Sentiment for mentions and engagement texts (French, English, mixed), in [-1, 1].

A rule-based scorer that ships with the project: no model, nothing downloaded at run time. See
docs/sentiment.md for how it works, the licences of what it ships and its measured accuracy.

    score_text("Vol annulé, toujours pas remboursé")   # -> negative
    score_texts(df["text"].tolist())                    # cached by distinct text
    register_duckdb_function(con)                       # SQL: croi_sentiment(text)
    score_csv("mentions.csv", "text", "scored.csv")     # streams, keeps every column as-is
"""

from __future__ import annotations

from ._engine import detect_language
from ._engine import score_one as score_text
from ._io import register_duckdb_function, score_csv, score_texts

# A score strictly above this counts as positive; 0 (no sentiment signal) and below count as
# negative in the benchmark's positive/negative split.
from .evaluation import POSITIVE_THRESHOLD

__all__ = [
    "POSITIVE_THRESHOLD",
    "detect_language",
    "register_duckdb_function",
    "score_csv",
    "score_text",
    "score_texts",
]
