"""Great Expectations suites per landing source, built from the contract.

The suites are code (this module), derived from `contract.SOURCES`, so they cannot drift from the
contract. The loader runs them on each file's accepted rows as Arrow -> pandas frames in bounded
chunks: GE's SQL datasource against DuckDB reports every expectation as failed (results are fetched
after the connection closes), so we never validate through SQL.

Row-level rules (with a human reason per row) live in load.py; GE is the independent second check
that what we accept really meets the contract. A file whose accepted rows fail the suite is rejected
whole, which is a bug signal, not a normal path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache, lru_cache

from community_roi import contract as c

for _name in ("great_expectations", "great_expectations._docs_decorators"):
    logging.getLogger(_name).setLevel(logging.WARNING)


@dataclass
class SuiteResult:
    success: bool
    evaluated: int
    failed: list[str] = field(default_factory=list)   # "expectation(column): n unexpected"

    def merge(self, other: SuiteResult) -> SuiteResult:
        return SuiteResult(self.success and other.success, max(self.evaluated, other.evaluated),
                           self.failed + other.failed)


def build_suite(source_name: str):
    """The expectation suite for one source (accepted, typed rows)."""
    import great_expectations as gx
    from great_expectations import expectations as gxe

    src = c.SOURCES[source_name]
    suite = gx.ExpectationSuite(name=f"landing_{source_name}_v{c.CONTRACT_VERSION}")
    for col in src.columns:
        suite.add_expectation(gxe.ExpectColumnToExist(column=col.name))
        if col.required:
            suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=col.name))
        if col.type == c.ENUM:
            suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(column=col.name,
                                                                  value_set=list(col.values)))
        if col.type in (c.DECIMAL, c.INTEGER) and (col.min_value is not None
                                                   or col.max_value is not None):
            suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(
                column=col.name, min_value=col.min_value, max_value=col.max_value,
                strict_min=col.exclusive_min))
        if col.type == c.CURRENCY:
            suite.add_expectation(gxe.ExpectColumnValueLengthsToEqual(column=col.name, value=3))
        if col.type == c.MONTH:
            suite.add_expectation(gxe.ExpectColumnValuesToMatchRegex(
                column=col.name, regex=r"^\d{4}-(?:0[1-9]|1[0-2])$"))
    return suite


@lru_cache(maxsize=1)
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    # tqdm bars per expectation would flood Airflow task logs and the CLI's own progress lines
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


@cache
def _batch_definition(source_name: str):
    ctx = _context()
    ds = ctx.data_sources.add_or_update_pandas(name=f"croi_{source_name}")
    asset = ds.add_dataframe_asset(name=source_name)
    return asset.add_batch_definition_whole_dataframe(f"{source_name}_file")


@cache
def _suite(source_name: str):
    return build_suite(source_name)


def validate_frame(source_name: str, frame) -> SuiteResult:
    """Validate one pandas frame against the source's suite."""
    batch = _batch_definition(source_name).get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(_suite(source_name))
    failed = []
    for r in result.results:
        if not r.success:
            cfg = r.expectation_config
            n = (r.result or {}).get("unexpected_count")
            failed.append(f"{cfg.type}({cfg.kwargs.get('column')}): {n} unexpected"
                          if n is not None else f"{cfg.type}({cfg.kwargs.get('column')})")
    return SuiteResult(bool(result.success), len(result.results), failed)


def validate_relation(source_name: str, relation, chunk_rows: int = 1_000_000) -> SuiteResult:
    """Validate a DuckDB relation in bounded Arrow chunks, so a big file never sits whole in pandas."""
    total: SuiteResult | None = None
    reader = relation.fetch_record_batch(chunk_rows)
    for batch in reader:
        if batch.num_rows == 0:
            continue
        res = validate_frame(source_name, batch.to_pandas())
        total = res if total is None else total.merge(res)
    if total is None:  # empty accepted set: nothing to contradict the contract
        return SuiteResult(True, 0)
    return total
