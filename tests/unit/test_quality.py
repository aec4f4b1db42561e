"""The Great Expectations suites validate Arrow/pandas batches, and can both pass and fail."""

from __future__ import annotations

import duckdb

from community_roi import quality


def _orders(con):
    con.execute("""CREATE OR REPLACE TABLE o AS
        SELECT 'o' || i AS order_id, 'c' || i AS customer_id, TIMESTAMP '2024-01-01' AS ordered_at,
               i * 1.0 AS revenue, NULL::DOUBLE AS gross_margin, 'EUR' AS currency,
               'completed' AS status, 'online' AS sales_channel
        FROM range(5000) t(i)""")


def test_suite_passes_on_contract_conforming_rows():
    con = duckdb.connect()
    _orders(con)
    res = quality.validate_relation("orders", con.table("o"), chunk_rows=2000)
    assert res.success and res.evaluated > 10 and res.failed == []


def test_suite_fails_and_names_the_broken_expectations():
    con = duckdb.connect()
    _orders(con)
    con.execute("UPDATE o SET status = 'lost' WHERE order_id IN ('o1', 'o2')")
    con.execute("UPDATE o SET revenue = -1 WHERE order_id = 'o4999'")  # in the last chunk
    res = quality.validate_relation("orders", con.table("o"), chunk_rows=2000)
    assert not res.success
    assert "expect_column_values_to_be_in_set(status): 2 unexpected" in res.failed
    assert "expect_column_values_to_be_between(revenue): 1 unexpected" in res.failed


def test_every_source_has_a_suite_with_its_required_columns():
    from community_roi import contract

    for name, src in contract.SOURCES.items():
        suite = quality.build_suite(name)
        not_null = {e.column for e in suite.expectations
                    if e.expectation_type == "expect_column_values_to_not_be_null"}
        assert set(src.required_columns) <= not_null, name
