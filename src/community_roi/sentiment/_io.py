"""Batch scoring: Python lists, a DuckDB scalar function and streamed CSV files."""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Sequence
from pathlib import Path

from ._engine import score_one

SQL_FUNCTION_NAME = "croi_sentiment"
_CSV_BLOCK_BYTES = 4 << 20   # read this much of the file at a time


_SHARED_CACHE: dict[str, float | None] = {}
_SHARED_CACHE_MAX = 200_000   # texts; cleared when full (a nightly run repeats many texts)


def score_texts(texts: Sequence[str | None]) -> list[float | None]:
    """Score many texts; each distinct text is scored once (also across calls, up to a bound)."""
    cache = _SHARED_CACHE
    if len(cache) > _SHARED_CACHE_MAX:
        cache.clear()
    out: list[float | None] = []
    append = out.append
    for t in texts:
        if t is None:
            append(None)
            continue
        try:
            append(cache[t])
        except KeyError:
            s = score_one(t)
            cache[t] = s
            append(s)
        except TypeError:  # unhashable / odd input: score its string form
            append(score_one(str(t)))
    return out


def _arrow_udf(texts):
    import pyarrow as pa

    return pa.array(score_texts(texts.to_pylist()), type=pa.float64())


def register_duckdb_function(con, name: str = SQL_FUNCTION_NAME):
    """Register ``croi_sentiment(VARCHAR) -> DOUBLE`` on a DuckDB connection (vectorised, Arrow).

    NULL or empty text gives NULL. Returns the connection.
    """
    try:  # duckdb >= 1.5 / 2.x
        from duckdb.func import FunctionNullHandling
        from duckdb.sqltypes import DOUBLE, VARCHAR
    except ImportError:  # duckdb 1.4
        from duckdb import FunctionNullHandling
        from duckdb.typing import DOUBLE, VARCHAR

    import duckdb

    with contextlib.suppress(duckdb.Error):   # not registered yet
        con.remove_function(name)
    con.create_function(
        name, _arrow_udf, [VARCHAR], DOUBLE, type="arrow",
        null_handling=FunctionNullHandling.SPECIAL, side_effects=False,
    )
    return con


def score_csv(in_path: str | os.PathLike, text_column: str, out_path: str | os.PathLike,
              *, sentiment_column: str = "sentiment", block_bytes: int = _CSV_BLOCK_BYTES) -> int:
    """Write ``in_path``'s rows to ``out_path`` with a ``sentiment`` column added.

    Every input column is read as text and written back unchanged (ids with leading zeros stay as
    they are); the file is streamed ``block_bytes`` at a time, so it need not fit in memory. An existing non-empty
    ``sentiment`` value is kept; an empty one is filled. Returns the number of rows written.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    in_path, out_path = Path(in_path), Path(out_path)
    with open(in_path, newline="", encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh), None)
    if not header:
        raise ValueError(f"{in_path}: empty file, no header")
    if text_column not in header:
        raise ValueError(f"{in_path}: no column {text_column!r} (columns: {', '.join(header)})")
    if len(set(header)) != len(header):
        raise ValueError(f"{in_path}: duplicate column names")

    reader = pacsv.open_csv(
        in_path,
        read_options=pacsv.ReadOptions(block_size=block_bytes, encoding="utf8"),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in header},
            strings_can_be_null=False, quoted_strings_can_be_null=False,
        ),
    )
    has_existing = sentiment_column in header
    out_cols = header if has_existing else [*header, sentiment_column]
    rows = 0
    tmp = out_path.with_name(out_path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(out_cols)
        for batch in reader:
            cols = {name: batch.column(name).to_pylist() for name in header}
            scores = score_texts([t if t != "" else None for t in cols[text_column]])
            if has_existing:
                kept = cols[sentiment_column]
                cols[sentiment_column] = [
                    k if k.strip() != "" else _fmt(s) for k, s in zip(kept, scores)]
            else:
                cols[sentiment_column] = [_fmt(s) for s in scores]
            writer.writerows(zip(*(cols[c] for c in out_cols)))
            rows += batch.num_rows
    os.replace(tmp, out_path)
    return rows


def _fmt(score: float | None) -> str:
    return "" if score is None else f"{score:.4f}"
