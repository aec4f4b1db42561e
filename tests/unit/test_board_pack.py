"""The PDF board pack (`community_roi.board_pack`, `community-roi export-pdf`).

The PDF is read back with a small parser written here (no PDF library is installed, and fpdf2,
which writes it, must not be the one reading it): objects and streams by regular expression,
Flate streams through zlib, then the literal strings of the text operators, decoded from
WinAnsi (Windows-1252), in the order they are drawn. Each string is one line on the page.

Figures are checked against `build_report` formatted with `community_roi.formatting`, the code the
dashboard uses, in both locales, with every kind of space read as a plain space: French thousands
are separated by a narrow no-break space, which Windows-1252 lacks (the PDF writes a no-break
space), and fpdf2 writes the no-break spaces of wrapped text as plain spaces once the lines are
laid out (they still keep `1 234 €` on one line).
"""

from __future__ import annotations

import json
import re
import shutil
import zlib
from dataclasses import replace

import duckdb
import pytest

from community_roi import board_pack, reasons
from community_roi import formatting as fmt
from community_roi.cli import main
from community_roi.report import build_report
from community_roi.settings import Settings

# --------------------------------------------------------------------------------------------
# reading a PDF back, independently of fpdf2

OBJECT = re.compile(rb"(\d+) 0 obj\b")
STREAM = re.compile(rb"stream\r?\n")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(",
            b")": b")", b"\\": b"\\"}


def pdf_objects(data: bytes) -> list[tuple[bytes, bytes | None]]:
    """(dictionary text, decoded stream or None) for every indirect object, read in file order
    so that bytes inside a compressed stream are never taken for an object."""
    out, pos = [], 0
    while (m := OBJECT.search(data, pos)) is not None:
        end = data.index(b"endobj", m.end())
        s = STREAM.search(data, m.end(), end)
        if s is None:
            out.append((data[m.end():end], None))
            pos = end + 6
            continue
        head = data[m.end():s.start()]
        length = int(re.search(rb"/Length (\d+)", head).group(1))
        stream = data[s.end():s.end() + length]
        if b"/FlateDecode" in head:
            stream = zlib.decompress(stream)
        out.append((head, stream))
        pos = data.index(b"endobj", s.end() + length) + 6
    return out


def _literal_strings(content: bytes) -> list[bytes]:
    """The `(...)` strings shown by Tj / TJ in a content stream, escapes resolved."""
    out, i, n = [], 0, len(content)
    while i < n:
        if content[i:i + 1] != b"(":
            i += 1
            continue
        depth, i, buf = 1, i + 1, bytearray()
        while i < n and depth:
            ch = content[i:i + 1]
            if ch == b"\\":
                nxt = content[i + 1:i + 2]
                if nxt in _ESCAPES:
                    buf += _ESCAPES[nxt]
                    i += 2
                elif nxt.isdigit():
                    octal = re.match(rb"[0-7]{1,3}", content[i + 1:i + 4]).group(0)
                    buf.append(int(octal, 8))
                    i += 1 + len(octal)
                else:
                    i += 2
                continue
            depth += ch == b"("
            depth -= ch == b")"
            if depth:
                buf += ch
            i += 1
        out.append(bytes(buf))
    return out


def pdf_raw_lines(data: bytes) -> list[str]:
    lines = []
    for head, stream in pdf_objects(data):
        if stream is not None and b"/Type" not in head:        # page content streams
            # literal strings appear in a content stream only as text shown by Tj / TJ
            lines += [s.decode("cp1252") for s in _literal_strings(stream)]
    return lines


def as_printed(text: str) -> str:
    """The text with no-break spaces (narrow or not) as plain spaces."""
    return text.replace(fmt.NNBSP, " ").replace(fmt.NBSP, " ")


def pdf_lines(data: bytes) -> list[str]:
    return [as_printed(line) for line in pdf_raw_lines(data)]


def pdf_text(data: bytes) -> str:
    """Every line joined by a space: a sentence wrapped over lines reads whole again."""
    return " ".join(pdf_lines(data))


def assert_valid_one_page_a4_landscape(data: bytes) -> None:
    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    heads = [head for head, _ in pdf_objects(data)]
    pages = [h for h in heads if re.search(rb"/Type /Page(?![a-zA-Z])", h)]
    assert len(pages) == 1
    (tree,) = [h for h in heads if b"/Type /Pages" in h]
    assert re.search(rb"/Count 1\b", tree)
    box = re.search(rb"/MediaBox \[([\d. ]+)\]", data).group(1).split()
    width, height = float(box[2]), float(box[3])
    assert (round(width), round(height)) == (842, 595)          # A4, landscape, in points
    fonts = [h for h in heads if b"/Type /Font" in h]
    assert fonts and all(b"/BaseFont /Helvetica" in f and b"/WinAnsiEncoding" in f
                         for f in fonts)


def after(lines: list[str], label: str) -> str:
    """The line drawn right after a tile's label (on one line or wrapped on two): the value."""
    label = as_printed(label)
    for i in range(len(lines)):
        for k in (1, 2):
            if " ".join(lines[i:i + k]) == label:
                return lines[i + k]
    raise AssertionError(f"{label!r} is not on the page")


# --------------------------------------------------------------------------------------------
# no pipeline needed


def test_the_parser_reads_back_what_fpdf2_wrote_including_the_euro_sign():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(text="1\u00a0234,5\u00a0€ (net) \\ œ")
    assert pdf_raw_lines(bytes(pdf.output())) == ["1\u00a0234,5\u00a0€ (net) \\ œ"]


def test_characters_outside_windows_1252_are_substituted_never_an_error():
    pdf = board_pack._PDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(text=fmt.money(1234.5, "PLN", "fr", 1) + " " + fmt.money(-3, "EUR", "fr"))
    assert pdf_raw_lines(bytes(pdf.output())) == ["1\u00a0234,5\u00a0z? -3\u00a0€"]


def test_unknown_locale_and_missing_serving_file_are_clear_errors(tmp_path):
    s = Settings.from_env(warehouse=tmp_path / "wh.duckdb", home=tmp_path)
    with pytest.raises(ValueError, match="unknown locale"):
        board_pack.overview_pdf(s, "de")
    with pytest.raises(FileNotFoundError, match="no published data"):
        board_pack.overview_pdf(s, "en")


def test_export_pdf_without_published_data_is_a_one_line_error(tmp_path, capsys):
    out = tmp_path / "pack.pdf"
    code = main(["export-pdf", "--out", str(out), "--warehouse", str(tmp_path / "wh.duckdb")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and not out.exists()
    assert len(err.splitlines()) == 1 and err.startswith("community-roi export-pdf: no published")


# --------------------------------------------------------------------------------------------
# the realistic demo world (tests/conftest.py `world`, shared with the e-reputation tests)


def _expected_figures(report: dict, payback: float, locale: str) -> dict[str, str]:
    cur = report["currency"]
    inc = report["incrementality"]
    roi, margin = report["roi"], inc["incremental_margin"]
    per, naive = inc["per_engaged_customer"], inc["naive_per_engaged_customer"]
    return {
        "roi": fmt.percent(roi["estimate"], locale, signed=True),
        "roi_low": fmt.percent(roi["low"], locale, signed=True),
        "roi_high": fmt.percent(roi["high"], locale, signed=True),
        "margin": fmt.money(margin["estimate"], cur, locale),
        "margin_low": fmt.money(margin["low"], cur, locale),
        "margin_high": fmt.money(margin["high"], cur, locale),
        "cost": fmt.money(report["cost"]["total"], cur, locale),
        "payback": fmt.number(payback, locale, 1),
        "engaged": fmt.number(inc["engaged_customers"], locale),
        "index": fmt.number(report["ereputation"]["reputation_index"], locale, 1),
        "causal_per_customer": fmt.money(per["estimate"], cur, locale, 2),
        "naive_per_customer": fmt.money(naive, cur, locale, 2),
        "period_start": fmt.date_label(report["period"]["start"], locale),
        "period_end": fmt.date_label(report["period"]["end"], locale),
        "per_euro_low": fmt.money(1 + roi["low"], cur, locale, 2),
        "per_euro_high": fmt.money(1 + roi["high"], cur, locale, 2),
    }


@pytest.fixture(scope="module")
def world_settings(world) -> Settings:
    return world[0]


@pytest.mark.slow  # the shared demo world runs the whole pipeline once per session
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_one_page_with_the_report_figures_in_each_locale(world_settings, locale):
    report = build_report(world_settings)
    with duckdb.connect(str(world_settings.serving), read_only=True) as con:
        (payback,) = con.execute("SELECT payback_months FROM marts.rpt_roi "
                                 "WHERE scope = 'overall'").fetchone()
    assert report["roi"] is not None and payback is not None   # the world measures an ROI

    data = board_pack.overview_pdf(world_settings, locale)
    assert_valid_one_page_a4_landscape(data)
    assert len(data) < 60_000
    lines, text = pdf_lines(data), pdf_text(data)
    expected = _expected_figures(report, payback, locale)
    for name, figure in expected.items():
        assert as_printed(figure) in text, (name, figure)
    t = board_pack.TEXT[locale]
    assert after(lines, t["tile_roi"].upper()) == as_printed(expected["roi"])
    assert after(lines, t["tile_margin"].upper()) == as_printed(expected["margin"])
    assert after(lines, t["tile_cost"].upper()) == as_printed(expected["cost"])
    assert after(lines, t["tile_engaged"].upper()) == as_printed(expected["engaged"])
    assert after(lines, t["tile_erep"].upper()) == as_printed(expected["index"])
    assert after(lines, t["tile_payback"].upper()) == as_printed(
        t["payback_value"].format(n=expected["payback"]))
    assert report["run_id"] in text
    assert as_printed(fmt.datetime_label(report["published_at"], "Europe/Paris", locale)) in text

    # the sentence: the result with its uncertainty, in euros of margin per euro spent
    roi = report["roi"]
    case = ("positive" if roi["low"] > 0 else "negative" if roi["high"] < 0 else "uncertain")
    one = fmt.money(1, "EUR", locale)
    sentence = t[f"sentence_{case}"].format(one=one, low=expected["per_euro_low"],
                                            high=expected["per_euro_high"])
    assert as_printed(sentence) in text
    assert as_printed(t["naive_why"]) in text
    # the trend charts: axis labels down to the latest month of the overview
    with duckdb.connect(str(world_settings.serving), read_only=True) as con:
        (last_month,) = con.execute("SELECT max(month_start) FROM "
                                    "marts.rpt_executive_overview").fetchone()
    assert lines.count(as_printed(fmt.month_label(last_month, locale))) == 3
    assert not any("stale" in line or "failed" in line for line in lines)


@pytest.fixture
def world_copy(world_settings, tmp_path) -> Settings:
    """The world's published file under a fresh warehouse path, free to change."""
    s = Settings.from_env(warehouse=tmp_path / "wh.duckdb", home=tmp_path)
    shutil.copyfile(world_settings.serving, s.serving)
    return s


def _set_overall_roi(s: Settings, estimate, low, high, reason=None) -> None:
    with duckdb.connect(str(s.serving)) as con:
        con.execute("UPDATE marts.rpt_roi SET roi_estimate = ?, roi_low = ?, roi_high = ?, "
                    "reason = ? WHERE scope = 'overall'", [estimate, low, high, reason])


# ROI interval -> what the sentence says, in each locale
SENTENCES = {
    (0.4, 1.1): {
        "en": ("between €1.40 and €2.10 of incremental margin (90% interval): it more than "
               "pays for itself."),
        "fr": ("entre 1,40\u00a0€ et 2,10\u00a0€ de marge incrémentale (intervalle à "
               "90\u00a0%)\u00a0: l'activité est plus que rentabilisée.")},
    (-0.25, 0.6): {
        "en": ("The return is uncertain: for every €1 spent on community management, the "
               "brand earned between €0.75 and €1.60"),
        "fr": ("Le retour est incertain\u00a0: pour 1\u00a0€ de dépense en community "
               "management, la marque a gagné entre 0,75\u00a0€ et 1,60\u00a0€")},
    (-0.8, -0.2): {
        "en": ("between €0.20 and €0.80 of incremental margin (90% interval): it does not pay "
               "for itself yet."),
        "fr": ("entre 0,20\u00a0€ et 0,80\u00a0€ de marge incrémentale (intervalle à "
               "90\u00a0%)\u00a0: l'activité n'est pas encore rentable.")},
}


@pytest.mark.slow
@pytest.mark.parametrize("interval", list(SENTENCES), ids=["pays", "uncertain", "does-not-pay"])
def test_the_sentence_says_whether_it_pays_and_how_sure_we_are(world_copy, interval):
    low, high = interval
    _set_overall_roi(world_copy, (low + high) / 2, low, high)
    for locale, sentence in SENTENCES[interval].items():
        text = pdf_text(board_pack.overview_pdf(world_copy, locale))
        assert text.count(as_printed(sentence)) == 1, locale


@pytest.mark.slow
def test_an_roi_without_interval_says_so(world_copy):
    _set_overall_roi(world_copy, 0.25, None, None)
    text = pdf_text(board_pack.overview_pdf(world_copy, "en"))
    assert ("earned about €1.25 of incremental margin; no 90% interval is available (no "
            "bootstrap draws: interval unavailable).") in text
    assert "no 90% interval: no bootstrap draws" in text


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_a_missing_roi_shows_the_reports_reason_never_zero(world_copy, locale):
    reason = "no community cost recorded for this scope: ROI undefined"
    _set_overall_roi(world_copy, None, None, None, reason)
    report = build_report(world_copy)
    assert report["roi"] is None and report["roi_reason"] == reason

    data = board_pack.overview_pdf(world_copy, locale)
    assert_valid_one_page_a4_landscape(data)
    lines, text = pdf_lines(data), pdf_text(data)
    t = board_pack.TEXT[locale]
    assert after(lines, t["tile_roi"].upper()) == fmt.MISSING
    # in the page's language (community_roi.reasons), never the English data text on a French page
    shown = reasons.translate(reason, locale)
    assert (shown != reason) == (locale == "fr")
    assert as_printed(t["sentence_missing"].format(reason=shown)) in text
    # the margin is still measured, so it is still shown
    margin = report["incrementality"]["incremental_margin"]["estimate"]
    assert after(lines, t["tile_margin"].upper()) == as_printed(fmt.money(margin, "EUR", locale))


@pytest.mark.slow
def test_a_failed_last_run_and_stale_data_are_said_at_the_top(world_copy):
    world_copy.run_status_file.write_text(json.dumps({
        "run_id": "20991231T000000Z", "status": "failed", "failed_step": "transform",
        "error": "dbt build failed: 1 test failed", "finished_at": "2099-12-31T00:05:00Z"}))
    stale = replace(world_copy, stale_after_hours=0)
    text = pdf_text(board_pack.overview_pdf(stale, "en"))
    assert ("The last refresh failed (31 Dec 2099, 01:05 CET, at the transform step): dbt build "
            "failed: 1 test failed. These figures are from the last successful refresh.") in text
    assert "The data is stale: published" in text
    assert "expected at least every 0 hours" in text


# --------------------------------------------------------------------------------------------
# the hand-written fixture: too short for an analysis period, so nothing causal can be computed


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_a_run_without_analysis_period_shows_dashes_and_reasons(fixture_run, locale):
    report = build_report(fixture_run)
    assert report["roi"] is None and report["incrementality"]["incremental_margin"] is None
    data = board_pack.overview_pdf(fixture_run, locale)
    assert_valid_one_page_a4_landscape(data)
    lines, text = pdf_lines(data), pdf_text(data)
    t = board_pack.TEXT[locale]
    for label in ("tile_roi", "tile_margin", "tile_cost", "tile_payback", "tile_engaged"):
        assert after(lines, t[label].upper()) == fmt.MISSING, label
    def shown(why: str) -> str:
        return as_printed(reasons.translate(why, locale))

    assert as_printed(t["sentence_missing"].format(reason=shown(report["roi_reason"]))) in text
    assert shown(report["period"]["reason"]) in text     # the cost tile says why there is no cost
    assert shown(report["incrementality"]["naive_per_engaged_customer_reason"]) in text


@pytest.mark.slow
def test_export_pdf_writes_the_file(fixture_run, tmp_path, capsys):
    out = tmp_path / "board pack.pdf"
    code = main(["export-pdf", "--out", str(out), "--locale", "fr",
                 "--warehouse", str(fixture_run.warehouse)])
    assert code == 0, capsys.readouterr().err
    data = out.read_bytes()
    assert_valid_one_page_a4_landscape(data)
    assert "Community management : synthèse pour le conseil" in pdf_text(data)
    assert [p.name for p in tmp_path.iterdir()] == ["board pack.pdf"]   # no temporary left
