"""The dashboard's plain parts: number formats per locale, the freshness rule, the guard that
keeps a cached result from belonging to the wrong published version, the language catalogue, the
previous-period rule and the CSV download."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta

import duckdb
import formatting as fmt  # streamlit_app/, put on the path by tests/app/conftest.py
import pytest
import queries

from community_roi import pipeline


@pytest.mark.parametrize("value, locale, decimals, expected", [
    (1234.5, "en", 1, "€1,234.5"),
    (1234.5, "fr", 1, "1\u202f234,5\u00a0€"),
    (1234567.891, "en", 0, "€1,234,568"),
    (1234567.891, "fr", 2, "1\u202f234\u202f567,89\u00a0€"),
    (11110.5, "en", 0, "€11,111"),          # half up, not half to even
    (-42.0, "en", 0, "-€42"),
    (-42.0, "fr", 0, "-42\u00a0€"),
    (-0.4, "en", 0, "€0"),                   # no "-€0"
    (0, "en", 0, "€0"),
    (None, "en", 0, fmt.MISSING),            # missing is a dash, never a zero
    (float("nan"), "fr", 0, fmt.MISSING),
])
def test_money(value, locale, decimals, expected):
    assert fmt.money(value, "EUR", locale, decimals) == expected


def test_other_currencies_and_numbers():
    assert fmt.money(1500, "USD") == "$1,500"
    assert fmt.money(1500, "CHF") == "CHF 1,500"
    assert fmt.money(1500, "CHF", "fr") == "1\u202f500\u00a0CHF"
    assert fmt.money(1500, "XYZ") == "XYZ 1,500"
    assert fmt.number(1234567, "fr") == "1\u202f234\u202f567"
    assert fmt.percent(0.256) == "26%"
    assert fmt.percent(0.256, "fr") == "26\u00a0%"
    assert fmt.percent(0.25, signed=True) == "+25%"
    assert fmt.percent(-0.25, signed=True) == "-25%"
    assert fmt.percent(0.0, signed=True) == "0%"
    assert fmt.percent(None) == fmt.MISSING


def test_dates_times_and_durations():
    assert fmt.month_label("2026-04-01") == "Apr 2026"
    assert fmt.month_label("2026-04", "fr") == "avr. 2026"
    assert fmt.date_label("2026-11-24", "fr") == "24 nov. 2026"
    # a UTC instant shown in the reporting time zone, winter and summer
    assert fmt.datetime_label("2026-11-24T03:12:00Z", "Europe/Paris") == "24 Nov 2026, 04:12 CET"
    assert fmt.datetime_label("2026-07-01T03:12:00Z", "Europe/Paris", "fr") == (
        "1 juil. 2026 à 05:12 CEST")
    assert fmt.datetime_label(datetime(2026, 11, 24, 3, 12), "UTC") == "24 Nov 2026, 03:12 UTC"
    assert fmt.datetime_label(None) == fmt.MISSING
    assert fmt.duration(4.25) == "4.3\u00a0s"
    assert fmt.duration(185) == "3\u00a0min 05\u00a0s"
    assert fmt.duration(3720) == "1\u00a0h 02\u00a0min"
    assert fmt.age(0.5) == "30 minutes ago"
    assert fmt.age(1) == "1 hour ago"
    assert fmt.age(50) == "2 days ago"
    assert fmt.age(5, "fr") == "il y a 5 heures"


def test_freshness_rule():
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    meta = {"info": {"finished_at": "2026-11-23T00:00:00Z"}, "published_at": None}
    fresh = pipeline.freshness(meta, {"status": "success"}, 36, now=now)
    assert fresh.age_hours == 36 and not fresh.is_stale and not fresh.last_run_failed
    fresh = pipeline.freshness(meta, {"status": "failed"}, 35, now=now)
    assert fresh.is_stale and fresh.last_run_failed
    # the run record's finished_at is missing: fall back to the publish time (naive = UTC)
    fresh = pipeline.freshness({"info": {}, "published_at": datetime(2026, 11, 24, 11, 0)}, None,
                              36, now=now)
    assert fresh.age_hours == 1 and fresh.last_run is None
    # nothing published: not "stale", the pages say there is no data instead
    fresh = pipeline.freshness(None, {"status": "failed"}, 36, now=now)
    assert fresh.refreshed_at is None and not fresh.is_stale and fresh.last_run_failed
    assert pipeline.freshness(meta, None, 36, now=now + timedelta(hours=1)).is_stale


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_a_read_from_another_published_version_is_refused(serving_copy):
    """Readers attach the serving file from an in-memory connection, so a read after a publish
    sees the new file even while another session still holds the old one (connect(path) would
    share DuckDB's per-path instance and read the old file). The cached queries also check the
    run id they read against the version they were asked for, as a second line of defence."""
    s = serving_copy
    version = queries.current_version(s)
    assert version.run_id and version.serving == str(s.serving)
    assert not queries.source_health(s, version).empty

    wrong = version._replace(run_id="some-other-run")
    with pytest.raises(queries.DataChanged):
        queries.source_health(s, wrong)

    # a real publish while an old connection is open
    new = s.serving.with_name("new.duckdb")
    shutil.copyfile(s.serving, new)
    con = duckdb.connect(str(new))
    con.execute("UPDATE meta.run SET run_id = 'next-run'")
    con.close()
    held = duckdb.connect(str(s.serving), read_only=True)   # another session mid-query
    try:
        os.replace(new, s.serving)
        after = queries.current_version(s)
        assert after.inode != version.inode
        # the new file is read, not the one the held connection still has open
        assert not queries.source_health(s, after._replace(run_id="next-run")).empty
        with pytest.raises(queries.DataChanged):
            queries.source_health(s, after._replace(run_id=version.run_id))
    finally:
        held.close()
    assert queries.current_version(s).run_id == "next-run"
    # a session still on the old version reads the old file (its reader holds the replaced
    # inode), consistently, and no query result is served from the cache here
    queries.source_health.clear()
    assert not queries.source_health(s, version).empty
    assert queries.run_meta(s, version)["run_id"] == version.run_id


def test_no_serving_file_means_no_version(tmp_path):
    from community_roi.settings import Settings

    assert queries.current_version(Settings.from_env(warehouse=tmp_path / "wh.duckdb")) is None


# --------------------------------------------------------------------------------------------
# the language catalogue, the filters and the CSV download


def test_the_catalogue_has_every_text_in_both_languages():
    import re
    import string

    import i18n

    from community_roi.settings import PROJECT_ROOT

    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}
    for key, entry in i18n.CATALOGUE.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(entry.values()), key
        assert fields(entry["en"]) == fields(entry["fr"]), key       # same blanks to fill
    for kind, values in i18n.LABELS.items():
        for value, entry in values.items():
            assert set(entry) == set(i18n.LANGUAGES), (kind, value)
    # every key the app asks for exists (literal keys; built ones are checked by the AppTests)
    app = PROJECT_ROOT / "streamlit_app"
    used = set()
    for path in [*app.glob("*.py"), *app.glob("app_pages/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]+)["']""", path.read_text()))
    assert used and not used - set(i18n.CATALOGUE), sorted(used - set(i18n.CATALOGUE))
    # and every key is asked for: quoted in the app, or built from a quoted part by one of the
    # pages' f-strings (t(f"health.outcome_{state}"), t(f"methodology.{section}"),
    # t(f"loyalty.{key}") and its "_help")
    code = "".join(p.read_text() for p in [*app.glob("*.py"), *app.glob("app_pages/*.py")]
                   if p.name != "i18n.py")
    quoted = set(re.findall(r"""["']([a-z_0-9.]+)["']""", code))
    built = ("health.outcome_", "methodology.", "loyalty.")

    def asked(key: str) -> bool:
        if key in quoted:
            return True
        part = next((key.removeprefix(b) for b in built if key.startswith(b)), None)
        return part is not None and (part in quoted or part.removesuffix("_help") in quoted)

    unused = sorted(k for k in i18n.CATALOGUE if not asked(k))
    assert not unused, unused
    with pytest.raises(KeyError):
        i18n.t("no.such_key")


def test_labels_of_values_from_the_data():
    import i18n

    assert i18n.label("channel", "event", "fr") == "Événements"
    assert i18n.label("model", "markov") == "Markov (data-driven)"
    assert i18n.label("cost_kind", "costs:new_kind") == "New kind"     # unknown: readable
    assert i18n.label("currency", "XYZ", default="€1") == "€1"


def test_the_previous_period_must_be_in_the_data():
    from datetime import date

    import common

    f = common.Filters(date(2026, 4, 1), date(2026, 6, 1), None, first_month=date(2026, 1, 1))
    assert f.months == 3 and f.previous() == (date(2026, 1, 1), date(2026, 3, 1))
    f = common.Filters(date(2026, 3, 1), date(2026, 6, 1), None, first_month=date(2026, 1, 1))
    assert f.previous() is None                      # four months before are not all there
    assert common.add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)


def test_ereputation_totals_weigh_months_by_scored_mentions():
    import pandas as pd

    monthly = pd.DataFrame({"mentions": [10, 30], "scored_mentions": [10, 30],
                            "net_sentiment": [0.5, None], "reputation_index": [60.0, 40.0]})
    totals = queries.ereputation_totals(monthly)
    assert totals == {"mentions": 40, "net_sentiment": 0.5, "reputation_index": 45.0}
    assert queries.ereputation_totals(None)["reputation_index"] is None


def test_csv_downloads_hold_the_raw_values():
    import common
    import pandas as pd

    df = pd.DataFrame({"Canal": ["Événements"], "Coût": [1234.5], "ROI": [None]})
    text = common.csv_bytes(df).decode("utf-8-sig")
    assert text.splitlines() == ["Canal,Coût,ROI", "Événements,1234.5,"]
