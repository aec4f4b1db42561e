"""The executive overview as a one-page PDF "board pack" (A4 landscape), in English or French.

`overview_pdf(settings, locale)` reads only the published serving copy: the headline figures come
from `build_report(settings)` (the report contract, so the PDF and `community-roi report --json`
never disagree), the monthly trend and the weekly e-reputation index from three small queries
(`rpt_executive_overview`, `rpt_ereputation_weekly`, `rpt_roi` for the payback). Figures are
formatted by `community_roi.formatting`, the module the dashboard uses.

What is on the page: title, analysis period, run id and publication time; six headline tiles
(ROI and incremental margin with their 90% intervals, community cost, payback, engaged customers,
e-reputation index); one plain-words sentence with the result and its uncertainty; the naive
difference beside the causal one with why they differ; three small trend charts drawn with fpdf2
primitives; a footnote on method and data freshness. A figure the report gives as `null` is shown
as a dash with the report's reason, never as 0.

Font: the PDF core font Helvetica with the Windows-1252 ("WinAnsi") encoding. Every PDF reader
has it built in, so nothing is embedded or shipped (the file stays ~10 KB) and it works the same
in the slim Docker image, which has no system fonts. Windows-1252 holds everything the two
locales print (the euro and pound signs, French accents, no-break space, guillemets, en and em
dashes); the one character it lacks, the narrow no-break space French uses between thousands, is
written as a no-break space, which looks the same at this size. Any other character outside
Windows-1252 (a currency symbol such as zł, say) prints as "?" rather than failing the export.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import duckdb
from fpdf import FPDF

from community_roi import formatting as fmt
from community_roi import reasons
from community_roi.pipeline import freshness, read_status
from community_roi.publish import serving_connection
from community_roi.report import _has_table, _missing, build_report, roi_verdict
from community_roi.settings import Settings

LOCALES = tuple(fmt.LOCALES)
MAX_TREND_MONTHS = 36          # older months are left off the charts (the tiles cover the period)

# what the PDF writes instead of characters Windows-1252 lacks
PDF_CHAR_SUBSTITUTES = {fmt.NNBSP: fmt.NBSP, "\u2212": "-", "\u2009": " ", "\u2248": "~"}

# Okabe-Ito, as the dashboard's charts (streamlit_app/charts.py), in RGB
BLUE, ORANGE, GREEN, VERMILLION, GREY = (0, 114, 178), (230, 159, 0), (0, 158, 115), \
    (213, 94, 0), (153, 153, 153)
INK, MUTED, FAINT, TILE, SHADE = (33, 37, 41), (96, 103, 112), (200, 204, 208), \
    (246, 247, 249), (236, 238, 241)

TEXT = {
    "en": {
        "title": "Community management: board pack",
        "subtitle": "Executive overview · analysis period {start} – {end} (months of first "
                    "engagement)",
        "no_period": "Executive overview · no analysis period: {reason}",
        "run": "Run {run_id}",
        "published": "Published {when}",
        "failed": "The last refresh failed ({when}, at the {step} step): {error}. These figures "
                  "are from the last successful refresh.",
        "stale": "The data is stale: published {age}, while a refresh is expected at least every "
                 "{hours} hours.",
        "tile_roi": "ROI",
        "tile_margin": "Incremental margin",
        "tile_cost": "Community cost",
        "tile_payback": "Payback",
        "tile_engaged": "Engaged customers",
        "tile_erep": "E-reputation index",
        "interval": "90% interval: {low} to {high}",
        "interval_short": "90%: {low} to {high}",
        "no_interval": "no 90% interval: {reason}",
        "why_not_computed": "not computed",
        "why_no_interval": "no interval",
        "why_unknown": "unknown",
        "why_no_mention": "no mention with a sentiment",
        "why_no_cost": "no community cost recorded in the period",
        "roi_sub_tail": "(margin - cost) / cost",
        "margin_sub_tail": "over {h} days after first engagement",
        "cost_sub": "cost lines, staff time and actions in the period",
        "payback_value": "{n} months",
        "payback_sub": "at the margin pace of the first {h} days",
        "payback_not_repaid": "no incremental margin to repay the cost",
        "engaged_sub": "first engaged in the period; {unlinked} engaged handles not linked to a "
                       "customer",
        "engaged_sub_short": "first engaged in the period",
        "erep_sub": "0-100, 50 = as much praise as criticism (all listening data)",
        "erep_sub_sentiment": "; net sentiment {net} in the period",
        "sentence_positive": "For every {one} spent on community management, the brand earned "
                             "between {low} and {high} of incremental margin (90% interval): it "
                             "more than pays for itself.",
        "sentence_uncertain": "The return is uncertain: for every {one} spent on community "
                              "management, the brand earned between {low} and {high} of "
                              "incremental margin (90% interval), so we cannot yet say whether "
                              "it pays for itself.",
        "sentence_negative": "For every {one} spent on community management, the brand earned "
                             "between {low} and {high} of incremental margin (90% interval): it "
                             "does not pay for itself yet.",
        "sentence_no_interval": "For every {one} spent on community management, the brand earned "
                                "about {estimate} of incremental margin; no 90% interval is "
                                "available ({reason}).",
        "sentence_missing": "The return on community management cannot be stated for this "
                            "run: {reason}.",
        "naive_title": "Causal vs naive: margin per engaged customer over {h} days",
        "causal_label": "Causal (matched comparison)",
        "naive_label": "Naive (engaged minus not engaged)",
        "naive_why": "Why they differ: customers who engage were already better customers, so "
                     "the naive gap mixes their loyalty with the effect of community work. Only "
                     "the causal figure, measured against comparable customers who had not "
                     "engaged yet, is used for ROI.",
        "chart_revenue": "Revenue from engaged customers, by month",
        "chart_cost": "Community cost, by month",
        "chart_erep": "E-reputation index, by week (0-100)",
        "chart_empty": "Not published yet",
        "shaded": "Shaded: analysis period. Revenue from engaged customers is observed, not "
                  "caused.",
        "method": "Method: incremental margin is the margin engaged customers generated in the "
                  "{h} days after their first engagement, minus what comparable customers who "
                  "had not engaged yet (matched on prior behaviour, pre-period difference "
                  "removed) show they would have generated anyway: staggered "
                  "difference-in-differences, 90% bootstrap intervals. ROI = (incremental "
                  "margin - community cost) / community cost. Details: docs/methodology.md.",
        "freshness": "Data: orders up to {last_order}; run {run_id} published {published}; "
                     "this page generated {generated}. Amounts in {currency}.",
        "page_title": "Community management board pack",
    },
    "fr": {
        "title": "Community management : synthèse pour le conseil",
        "subtitle": "Vue d'ensemble · période d'analyse du {start} au {end} (mois du premier "
                    "engagement)",
        "no_period": "Vue d'ensemble · pas de période d'analyse : {reason}",
        "run": "Exécution {run_id}",
        "published": "Publiée le {when}",
        "failed": "La dernière actualisation a échoué ({when}, à l'étape {step}) : {error}. Ces "
                  "chiffres sont ceux de la dernière actualisation réussie.",
        "stale": "Données anciennes : publiées {age}, alors qu'une actualisation est attendue au "
                 "moins toutes les {hours} heures.",
        "tile_roi": "ROI",
        "tile_margin": "Marge incrémentale",
        "tile_cost": "Coût du community management",
        "tile_payback": "Délai de retour",
        "tile_engaged": "Clients engagés",
        "tile_erep": "Indice d'e-réputation",
        "interval": "intervalle à 90 % : {low} à {high}",
        "interval_short": "90 % : {low} à {high}",
        "no_interval": "pas d'intervalle à 90 % : {reason}",
        "why_not_computed": "non calculé",
        "why_no_interval": "pas d'intervalle",
        "why_unknown": "inconnue",
        "why_no_mention": "aucune mention avec un sentiment",
        "why_no_cost": "aucun coût de community management enregistré sur la période",
        "roi_sub_tail": "(marge - coût) / coût",
        "margin_sub_tail": "sur {h} jours après le premier engagement",
        "cost_sub": "coûts, temps des équipes et actions de la période",
        "payback_value": "{n} mois",
        "payback_sub": "au rythme de marge des {h} premiers jours",
        "payback_not_repaid": "aucune marge incrémentale pour rembourser le coût",
        "engaged_sub": "premier engagement dans la période ; {unlinked} comptes engagés non "
                       "reliés à un client",
        "engaged_sub_short": "premier engagement dans la période",
        "erep_sub": "0-100, 50 = autant d'éloges que de critiques (toute l'écoute)",
        "erep_sub_sentiment": " ; sentiment net {net} sur la période",
        "sentence_positive": "Pour {one} de dépense en community management, la marque a gagné "
                             "entre {low} et {high} de marge incrémentale (intervalle à 90 %) : "
                             "l'activité est plus que rentabilisée.",
        "sentence_uncertain": "Le retour est incertain : pour {one} de dépense en community "
                              "management, la marque a gagné entre {low} et {high} de marge "
                              "incrémentale (intervalle à 90 %) ; on ne peut pas encore dire si "
                              "l'activité est rentable.",
        "sentence_negative": "Pour {one} de dépense en community management, la marque a gagné "
                             "entre {low} et {high} de marge incrémentale (intervalle à 90 %) : "
                             "l'activité n'est pas encore rentable.",
        "sentence_no_interval": "Pour {one} de dépense en community management, la marque a "
                                "gagné environ {estimate} de marge incrémentale ; aucun "
                                "intervalle à 90 % n'est disponible ({reason}).",
        "sentence_missing": "Le retour du community management ne peut pas être établi pour "
                            "cette exécution : {reason}.",
        "naive_title": "Causal ou naïf : marge par client engagé sur {h} jours",
        "causal_label": "Causal (comparaison appariée)",
        "naive_label": "Naïf (engagés moins non engagés)",
        "naive_why": "Pourquoi l'écart : les clients qui s'engagent étaient déjà de meilleurs "
                     "clients ; l'écart naïf mélange leur fidélité et l'effet du community "
                     "management. Seul le chiffre causal, mesuré face à des clients comparables "
                     "pas encore engagés, sert au ROI.",
        "chart_revenue": "Chiffre d'affaires des clients engagés, par mois",
        "chart_cost": "Coût du community management, par mois",
        "chart_erep": "Indice d'e-réputation, par semaine (0-100)",
        "chart_empty": "Pas encore publié",
        "shaded": "En grisé : période d'analyse. Le chiffre d'affaires des clients engagés est "
                  "observé, pas causé.",
        "method": "Méthode : la marge incrémentale est la marge générée par les clients engagés "
                  "dans les {h} jours suivant leur premier engagement, moins ce que des clients "
                  "comparables pas encore engagés (appariés sur leur comportement antérieur, "
                  "écart d'avant retiré) montrent qu'ils auraient généré de toute façon : "
                  "différence de différences échelonnée, intervalles bootstrap à 90 %. ROI = "
                  "(marge incrémentale - coût) / coût. Détails : docs/methodology.md.",
        "freshness": "Données : commandes jusqu'au {last_order} ; exécution {run_id} publiée le "
                     "{published} ; page générée le {generated}. Montants en {currency}.",
        "page_title": "Synthèse community management pour le conseil",
    },
}




def _french_spaces(text: str) -> str:
    """A no-break space before `:`, `;` and `%`, as French typography has it, so a line never
    starts with one of them."""
    for mark in (":", ";", "%"):
        text = text.replace(f" {mark}", f"{fmt.NBSP}{mark}")
    return text


TEXT["fr"] = {key: _french_spaces(value) for key, value in TEXT["fr"].items()}


# --------------------------------------------------------------------------------------------
# data


@dataclass
class _Extras:
    """What the report does not carry: read on the report's connection, so the same run."""
    timezone: str
    finished_at: datetime | None
    payback_months: float | None = None
    months: list[tuple[date, float | None, float | None]] = field(default_factory=list)
    weeks: list[tuple[date, float | None]] = field(default_factory=list)
    has_overview: bool = False
    has_weekly: bool = False


def _extras(con: duckdb.DuckDBPyConnection) -> _Extras:
    info_json, settings_json = con.execute("SELECT info, settings FROM meta.run").fetchone()
    info = json.loads(info_json or "{}")
    out = _Extras(timezone=json.loads(settings_json).get("timezone") or "UTC",
                  finished_at=fmt.parse_utc(info.get("finished_at")))
    if _has_table(con, "rpt_roi"):
        row = con.execute("SELECT payback_months FROM marts.rpt_roi "
                          "WHERE scope = 'overall' AND scope_value = 'all'").fetchone()
        out.payback_months = None if row is None or _missing(row[0]) else float(row[0])
    if _has_table(con, "rpt_executive_overview"):
        out.has_overview = True
        out.months = [(m, cost, revenue) for m, cost, revenue in con.execute(
            "SELECT month_start, community_cost, revenue_engaged_customers "
            "FROM marts.rpt_executive_overview ORDER BY month_start").fetchall()
            ][-MAX_TREND_MONTHS:]
    if _has_table(con, "rpt_ereputation_weekly"):
        out.has_weekly = True
        out.weeks = con.execute(
            "SELECT week_start, reputation_index FROM marts.rpt_ereputation_weekly "
            "WHERE channel = 'all' ORDER BY week_start").fetchall()
    return out


# --------------------------------------------------------------------------------------------
# the words


@dataclass
class _Tile:
    label: str
    value: str
    sub: str
    accent: tuple[int, int, int] = BLUE


class _Words:
    """Every string of the page for one report and locale."""

    def __init__(self, report: dict, extras: _Extras, locale: str, stale_after_hours: int,
                 status: dict | None, now: datetime):
        self.r, self.x, self.loc = report, extras, locale
        self.t = TEXT[locale]
        self.cur = report["currency"]
        self.h = report["horizon_days"]
        self.stale_after_hours, self.status, self.now = stale_after_hours, status, now

    def why(self, section: dict, key: str, fallback: str = "why_not_computed") -> str:
        """The report's `<key>_reason` in the page's language (community_roi.reasons), else
        the catalogue's `fallback`."""
        text = section.get(f"{key}_reason") if key else section.get("reason")
        return reasons.translate(str(text), self.loc) if text else self.t[fallback]

    # formatting, in the page's locale and the report's currency
    def money(self, v, decimals=0):
        return fmt.money(v, self.cur, self.loc, decimals)

    def pct(self, v, signed=False):
        return fmt.percent(v, self.loc, 0, signed)

    def when(self, v):
        return fmt.datetime_label(v, self.x.timezone, self.loc)

    def interval(self, low, high, f) -> str:
        return self.t["interval"].format(low=f(low), high=f(high))

    # header
    def subtitle(self) -> str:
        p = self.r["period"]
        if p.get("start") is None or p.get("reason"):
            return self.t["no_period"].format(reason=self.why(p, "", "why_unknown"))
        return self.t["subtitle"].format(start=fmt.date_label(p["start"], self.loc),
                                         end=fmt.date_label(p["end"], self.loc))

    def run_lines(self) -> list[str]:
        return [self.t["run"].format(run_id=self.r["run_id"]),
                self.t["published"].format(when=self.when(self.r["published_at"]))]

    def warnings(self) -> list[str]:
        """The dashboard's banners (pipeline.freshness: the same rule), in the page's words."""
        out = []
        fresh = freshness({"info": {"finished_at": self.x.finished_at},
                           "published_at": self.r["published_at"]},
                          self.status, self.stale_after_hours, self.now)
        if fresh.last_run_failed:
            st = fresh.last_run
            out.append(self.t["failed"].format(
                when=self.when(st.get("finished_at") or st.get("started_at")),
                step=st.get("failed_step") or "?", error=st.get("error") or "?"))
        if fresh.is_stale:
            out.append(self.t["stale"].format(age=fmt.age(fresh.age_hours, self.loc),
                                              hours=self.stale_after_hours))
        return out

    # the result in one sentence
    def sentence(self) -> tuple[str, tuple[int, int, int]]:
        roi = self.r.get("roi")
        one = self.money(1)
        if roi is None:
            return self.t["sentence_missing"].format(reason=self.why(self.r, "roi")), GREY
        if roi.get("low") is None or roi.get("high") is None:
            return self.t["sentence_no_interval"].format(
                one=one, estimate=self.money(1 + roi["estimate"], 2),
                reason=self.why(self.r, "roi", "why_no_interval")), ORANGE
        low, high = self.money(1 + roi["low"], 2), self.money(1 + roi["high"], 2)
        key, colour = {"pays": ("sentence_positive", GREEN),
                       "loses": ("sentence_negative", VERMILLION),
                       "uncertain": ("sentence_uncertain", ORANGE)}[roi_verdict(roi)]
        return self.t[key].format(one=one, low=low, high=high), colour

    # the six tiles
    def tiles(self) -> list[_Tile]:
        t, r = self.t, self.r
        inc = r["incrementality"]
        tiles = []
        roi = r.get("roi")
        if roi is None:
            tiles.append(_Tile(t["tile_roi"], fmt.MISSING, self.why(r, "roi"), GREY))
        else:
            sub = (self.interval(roi["low"], roi["high"], lambda v: self.pct(v, True))
                   if roi.get("low") is not None
                   else t["no_interval"].format(reason=self.why(r, "roi", "why_no_interval")))
            tiles.append(_Tile(t["tile_roi"], self.pct(roi["estimate"], True),
                               f"{sub}\n{t['roi_sub_tail']}"))
        margin = inc.get("incremental_margin")
        if margin is None:
            tiles.append(_Tile(t["tile_margin"], fmt.MISSING,
                               self.why(inc, "incremental_margin"), GREY))
        else:
            tiles.append(_Tile(t["tile_margin"], self.money(margin["estimate"]),
                               self.interval(margin["low"], margin["high"], self.money) + "\n"
                               + t["margin_sub_tail"].format(h=self.h)))
        cost = r["cost"].get("total")
        tiles.append(_Tile(t["tile_cost"], self.money(cost),
                           t["cost_sub"] if cost is not None else self.why(r["cost"], "total"),
                           BLUE if cost is not None else GREY))
        tiles.append(self._payback_tile())
        engaged = inc.get("engaged_customers")
        period = r["period"]
        if engaged is None or period.get("start") is None or period.get("reason"):
            # no analysis period: "engaged in the period" is undefined, not zero
            why = (self.why(period, "") if period.get("reason")
                   else self.why(inc, "engaged_customers"))
            tiles.append(_Tile(t["tile_engaged"], fmt.MISSING, why, GREY))
        else:
            unlinked = inc.get("unlinked_engaged_handles")
            sub = (t["engaged_sub"].format(unlinked=fmt.number(unlinked, self.loc))
                   if unlinked else t["engaged_sub_short"])
            tiles.append(_Tile(t["tile_engaged"], fmt.number(engaged, self.loc), sub))
        e = r["ereputation"]
        index = e.get("reputation_index")
        if index is None:
            tiles.append(_Tile(t["tile_erep"], fmt.MISSING,
                               (self.why(e, "reputation_index") if e.get("reputation_index_reason")
                                else self.why(e, "mentions", "why_no_mention")),
                               GREY))
        else:
            sub = t["erep_sub"]
            if e.get("net_sentiment") is not None:
                sub += t["erep_sub_sentiment"].format(net=self.pct(e["net_sentiment"], True))
            tiles.append(_Tile(t["tile_erep"], fmt.number(index, self.loc, 1), sub))
        return tiles

    def _payback_tile(self) -> _Tile:
        t, r = self.t, self.r
        months = self.x.payback_months
        if months is not None:
            return _Tile(t["tile_payback"],
                         t["payback_value"].format(n=fmt.number(months, self.loc, 1)),
                         t["payback_sub"].format(h=self.h))
        margin = r["incrementality"].get("incremental_margin")
        if margin is None:
            reason = self.why(r["incrementality"], "incremental_margin")
        elif margin["estimate"] <= 0:
            reason = t["payback_not_repaid"]
        else:
            reason = self.why(r, "roi", "why_no_cost")
        return _Tile(t["tile_payback"], fmt.MISSING, reason, GREY)

    # causal vs naive
    def naive(self) -> dict:
        inc = self.r["incrementality"]
        causal = inc.get("per_engaged_customer")
        naive = inc.get("naive_per_engaged_customer")
        return {
            "title": self.t["naive_title"].format(h=self.h),
            "causal": causal, "naive": naive,
            "causal_text": (self.money(causal["estimate"], 2) + "  ("
                            + self.t["interval_short"].format(low=self.money(causal["low"], 2),
                                                              high=self.money(causal["high"], 2))
                            + ")")
            if causal is not None else f"{fmt.MISSING}  "
            f"{self.why(inc, 'per_engaged_customer')}",
            "naive_text": self.money(naive, 2) if naive is not None
            else f"{fmt.MISSING}  {self.why(inc, 'naive_per_engaged_customer')}",
            "why": self.t["naive_why"],
        }

    def footnotes(self) -> list[str]:
        p = self.r["period"]
        last_order = fmt.date_label(p.get("last_order_date"), self.loc)
        return [self.t["method"].format(h=self.h),
                self.t["freshness"].format(last_order=last_order, run_id=self.r["run_id"],
                                           published=self.when(self.r["published_at"]),
                                           generated=self.when(self.now),
                                           currency=self.cur)]


# --------------------------------------------------------------------------------------------
# drawing


class _PDF(FPDF):
    def normalize_text(self, text: str) -> str:
        for char, substitute in PDF_CHAR_SUBSTITUTES.items():
            text = text.replace(char, substitute)
        if not self.is_ttf_font:
            text = text.encode(self.core_fonts_encoding, errors="replace").decode(
                self.core_fonts_encoding)
        return super().normalize_text(text)


def _fit_lines(pdf: FPDF, text: str, width: float, max_lines: int) -> list[str]:
    """The text wrapped to `width`, cut to `max_lines` with an ellipsis."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += pdf.multi_cell(width, 1, paragraph, dry_run=True, output="LINES") or [""]
    if not pdf.is_ttf_font:     # fpdf2 hands back the encoded text: back to str for cell()
        lines = [line.encode("latin-1").decode(pdf.core_fonts_encoding) for line in lines]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1].rstrip()
        while last and pdf.get_string_width(last + "…") > width - 1:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines


def _write_lines(pdf: FPDF, x: float, y: float, width: float, lines: list[str], height: float,
                 align: str = "L") -> float:
    for line in lines:
        pdf.set_xy(x, y)
        pdf.cell(width, height, line, align=align)
        y += height
    return y


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _month_position(d: date, months: list[date]) -> float | None:
    """Where a date falls on the month axis (slot i spans month i), None when off the axis."""
    start = date(d.year, d.month, 1)
    try:
        i = months.index(start)
    except ValueError:
        return None
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return i + (d - start).days / (nxt - start).days


class _Chart:
    """A small chart with a title, a shaded analysis period and month labels."""

    def __init__(self, pdf: FPDF, x, y, w, h, title, months: list[date], period, locale):
        self.pdf, self.months, self.loc = pdf, months, locale
        pdf.set_font("helvetica", "B", 8)
        pdf.set_text_color(*INK)
        pdf.set_xy(x, y)
        pdf.cell(w, 4, title)
        self.gutter = 17
        self.px, self.py = x + self.gutter, y + 6
        self.pw, self.ph = w - self.gutter - 1, h - 6 - 5
        self.slot = self.pw / max(len(months), 1)
        if period and months:
            start, end = period
            inside = [i for i, m in enumerate(months) if start <= m <= end]
            if inside:
                pdf.set_fill_color(*SHADE)
                pdf.rect(self.px + inside[0] * self.slot, self.py,
                         (inside[-1] - inside[0] + 1) * self.slot, self.ph, style="F")

    def y_axis(self, ymax: float, ticks: list[float], label, dashed: float | None = None):
        pdf = self.pdf
        self.ymax = ymax
        pdf.set_font("helvetica", "", 5.5)
        pdf.set_text_color(*MUTED)
        pdf.set_line_width(0.1)
        for tick in ticks:
            y = self.y(tick)
            pdf.set_draw_color(*FAINT)
            if dashed is not None and tick == dashed:
                pdf.set_dash_pattern(dash=0.8, gap=0.8)
            pdf.line(self.px, y, self.px + self.pw, y)
            pdf.set_dash_pattern()
            pdf.set_xy(self.px - self.gutter, y - 1.5)
            pdf.cell(self.gutter - 1, 3, label(tick), align="R")

    def y(self, value: float) -> float:
        return self.py + self.ph - self.ph * max(0.0, min(value / self.ymax, 1.0))

    def x_labels(self):
        pdf = self.pdf
        n = len(self.months)
        step = max(1, math.ceil(n / 6))
        pdf.set_font("helvetica", "", 5.5)
        pdf.set_text_color(*MUTED)
        for i in sorted(range(n - 1, -1, -step)):      # always label the latest month
            pdf.set_xy(self.px + (i + 0.5) * self.slot - 9, self.py + self.ph + 0.8)
            pdf.cell(18, 3, fmt.month_label(self.months[i], self.loc), align="C")

    def bars(self, values: list[float | None], color):
        self.pdf.set_fill_color(*color)
        for i, v in enumerate(values):
            if v is None or v <= 0:
                continue            # no bar: a missing month is not drawn as a zero
            y = self.y(v)
            bar = min(self.slot * 0.7, 9.0)
            self.pdf.rect(self.px + (i + 0.5) * self.slot - bar / 2, y, bar,
                          self.py + self.ph - y, style="F")

    def line(self, points: list[tuple[float, float | None]], color):
        """Points at month positions; None breaks the line."""
        pdf = self.pdf
        pdf.set_draw_color(*color)
        pdf.set_line_width(0.45)
        segment: list[tuple[float, float]] = []
        for pos, v in points + [(0.0, None)]:
            if v is None:
                if len(segment) > 1:
                    pdf.polyline(segment)
                elif segment:
                    pdf.set_fill_color(*color)
                    pdf.ellipse(segment[0][0] - 0.4, segment[0][1] - 0.4, 0.8, 0.8, style="F")
                segment = []
                continue
            segment.append((self.px + pos * self.slot, self.y(v)))
        pdf.set_line_width(0.2)

    def empty(self, text):
        pdf = self.pdf
        pdf.set_font("helvetica", "I", 8)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(self.px, self.py + self.ph / 2 - 2)
        pdf.cell(self.pw, 4, text, align="C")


def _render(words: _Words, extras: _Extras, locale: str) -> bytes:
    t = words.t
    pdf = _PDF(orientation="L", unit="mm", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)          # one page, whatever the text: long text is cut
    pdf.set_margins(12, 10, 12)
    pdf.set_title(t["page_title"])
    pdf.set_lang(locale)
    pdf.set_creator("community-roi")
    pdf.set_creation_date(words.now)
    pdf.add_page()
    left, width = 12.0, pdf.w - 24.0

    # header ------------------------------------------------------------------------------
    pdf.set_text_color(*INK)
    pdf.set_font("helvetica", "B", 18)
    pdf.set_xy(left, 10)
    pdf.cell(width * 0.7, 9, t["title"])
    pdf.set_font("helvetica", "", 8)
    pdf.set_text_color(*MUTED)
    _write_lines(pdf, left + width * 0.55, 11, width * 0.45, words.run_lines(), 4, align="R")
    pdf.set_font("helvetica", "", 9.5)
    pdf.set_xy(left, 19.5)
    pdf.cell(width, 5, _fit_lines(pdf, words.subtitle(), width, 1)[0])
    warnings = words.warnings()
    y = 25.5
    if warnings:
        pdf.set_font("helvetica", "B", 7.5)
        pdf.set_text_color(*VERMILLION)
        y = _write_lines(pdf, left, y, width, _fit_lines(pdf, " ".join(warnings), width, 2), 3.4)
    pdf.set_draw_color(*FAINT)
    pdf.set_line_width(0.3)
    pdf.line(left, y + 1, left + width, y + 1)

    # the sentence --------------------------------------------------------------------------
    sentence, accent = words.sentence()
    box_y = y + 3.5
    for size in (12.5, 11.5, 10.5, 9.5, 8.5):
        pdf.set_font("helvetica", "B", size)
        lines = _fit_lines(pdf, sentence, width - 10, 99)
        if len(lines) <= 3:
            break
    lines = _fit_lines(pdf, sentence, width - 10, 3)
    line_h = size * 0.3528 * 1.3
    box_h = max(len(lines) * line_h + 5, 14)
    pdf.set_fill_color(*TILE)
    pdf.rect(left, box_y, width, box_h, style="F")
    pdf.set_fill_color(*accent)
    pdf.rect(left, box_y, 1.6, box_h, style="F")
    pdf.set_text_color(*INK)
    _write_lines(pdf, left + 6, box_y + (box_h - len(lines) * line_h) / 2, width - 10, lines,
                 line_h)

    # tiles ---------------------------------------------------------------------------------
    tiles = words.tiles()
    gap = 4.0
    tile_w = (width - gap * (len(tiles) - 1)) / len(tiles)
    pdf.set_font("helvetica", "B", 7.5)
    labels = [_fit_lines(pdf, tile.label.upper(), tile_w - 5, 2) for tile in tiles]
    value_dy = 3 + 3.5 * max(len(lines) for lines in labels) + 1   # same row for every value
    # room for the longest sub-text (a reason, longer in French), 5 to 7 lines
    pdf.set_font("helvetica", "", 6.6)
    needed = max(len(_fit_lines(pdf, tile.sub, tile_w - 5, 99)) for tile in tiles)
    sub_dy, sub_lines = value_dy + 11.5, min(7, max(5, needed))
    tile_y = box_y + box_h + 4
    tile_h = sub_dy + sub_lines * 2.9 + 2
    for i, tile in enumerate(tiles):
        x = left + i * (tile_w + gap)
        pdf.set_fill_color(*TILE)
        pdf.rect(x, tile_y, tile_w, tile_h, style="F")
        pdf.set_fill_color(*tile.accent)
        pdf.rect(x, tile_y, tile_w, 1.1, style="F")
        pdf.set_font("helvetica", "B", 7.5)
        pdf.set_text_color(*MUTED)
        _write_lines(pdf, x + 2.5, tile_y + 3, tile_w - 5, labels[i], 3.5)
        value_size = 19
        pdf.set_font("helvetica", "B", value_size)
        while pdf.get_string_width(tile.value) > tile_w - 5 and value_size > 11:
            value_size -= 1
            pdf.set_font("helvetica", "B", value_size)
        pdf.set_text_color(*(INK if tile.value != fmt.MISSING else GREY))
        pdf.set_xy(x + 2.5, tile_y + value_dy)
        pdf.cell(tile_w - 5, 10, tile.value)
        pdf.set_font("helvetica", "", 6.6)
        pdf.set_text_color(*(MUTED if tile.value != fmt.MISSING else INK))
        _write_lines(pdf, x + 2.5, tile_y + sub_dy, tile_w - 5,
                     _fit_lines(pdf, tile.sub, tile_w - 5, sub_lines), 2.9)

    # causal vs naive ----------------------------------------------------------------------
    n = words.naive()
    strip_y = tile_y + tile_h + 5
    pdf.set_font("helvetica", "B", 8.5)
    pdf.set_text_color(*INK)
    pdf.set_xy(left, strip_y)
    pdf.cell(width * 0.6, 4, n["title"])
    why_x = left + width * 0.6
    label_w, bar_w = 50.0, 55.0
    bar_x, text_x = left + label_w, left + label_w + bar_w + 3
    text_w = why_x - 4 - text_x
    values = [v for v in ((n["causal"] or {}).get("low"), (n["causal"] or {}).get("high"),
                          (n["causal"] or {}).get("estimate"), n["naive"]) if v is not None]
    lo, hi = min([0.0, *values]), max([0.0, *values])
    span = (hi - lo) or 1.0

    def bx(v):
        return bar_x + bar_w * (v - lo) / span

    rows = [(t["causal_label"], n["causal"] and n["causal"]["estimate"], n["causal_text"], BLUE),
            (t["naive_label"], n["naive"], n["naive_text"], GREY)]
    for j, (label, value, text, color) in enumerate(rows):
        ry = strip_y + 6 + j * 7
        pdf.set_font("helvetica", "", 7.5)
        pdf.set_text_color(*INK)
        pdf.set_xy(left, ry)
        pdf.cell(label_w - 2, 4.5, label)
        if value is not None:
            pdf.set_fill_color(*color)
            pdf.rect(min(bx(0), bx(value)), ry + 0.5, abs(bx(value) - bx(0)), 3.5, style="F")
        if j == 0 and n["causal"] is not None:
            c = n["causal"]
            pdf.set_draw_color(*INK)
            pdf.set_line_width(0.3)
            pdf.line(bx(c["low"]), ry + 2.25, bx(c["high"]), ry + 2.25)
            for end in (c["low"], c["high"]):
                pdf.line(bx(end), ry + 0.9, bx(end), ry + 3.6)
        if value is not None:
            pdf.set_font("helvetica", "B", 7.5)
            _write_lines(pdf, text_x, ry, text_w, _fit_lines(pdf, text, text_w, 1), 4.5)
        else:       # the reason, on up to two lines
            pdf.set_font("helvetica", "", 6.8)
            _write_lines(pdf, text_x, ry - 0.6, text_w, _fit_lines(pdf, text, text_w, 2), 2.9)
    pdf.set_draw_color(*FAINT)
    pdf.set_line_width(0.2)
    pdf.line(bx(0), strip_y + 5.5, bx(0), strip_y + 18)
    pdf.set_font("helvetica", "", 7.5)
    pdf.set_text_color(*MUTED)
    _write_lines(pdf, why_x, strip_y + 5.5, width - (why_x - left),
                 _fit_lines(pdf, n["why"], width - (why_x - left), 4), 3.4)

    # trend charts ---------------------------------------------------------------------------
    chart_y = strip_y + 22
    chart_h = 190 - chart_y
    cgap = 7.0
    cw = (width - 2 * cgap) / 3
    months = [m for m, _, _ in extras.months]
    p = words.r["period"]
    period = ((date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))
              if p.get("start") and not p.get("reason") else None)
    cur_money = words.money
    for k, (title, col, color) in enumerate(((t["chart_revenue"], 2, BLUE),
                                             (t["chart_cost"], 1, ORANGE))):
        chart = _Chart(pdf, left + k * (cw + cgap), chart_y, cw, chart_h, title, months,
                       period, locale)
        series = [None if _missing(row[col]) else float(row[col]) for row in extras.months]
        known = [v for v in series if v is not None]
        if not extras.has_overview or not months or not known:
            chart.empty(t["chart_empty"])
            continue
        top = _nice_ceiling(max(known) * 1.04)      # a little headroom above the tallest bar
        chart.y_axis(top, [0, top / 2, top], cur_money)
        chart.bars(series, color)
        chart.x_labels()
    chart = _Chart(pdf, left + 2 * (cw + cgap), chart_y, cw, chart_h, t["chart_erep"], months,
                   period, locale)
    points = []
    for week_start, index in extras.weeks:
        pos = _month_position(week_start + timedelta(days=3), months) if months else None
        if pos is not None:
            points.append((pos, None if _missing(index) else float(index)))
    if not extras.has_weekly or not points or all(v is None for _, v in points):
        chart.empty(t["chart_empty"])
    else:
        chart.y_axis(100.0, [0, 50, 100], lambda v: fmt.number(v, locale), dashed=50)
        chart.line(points, GREEN)
        chart.x_labels()

    # footnote -------------------------------------------------------------------------------
    pdf.set_font("helvetica", "I", 6.5)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(left, 191)
    pdf.cell(width, 3, t["shaded"])
    pdf.set_font("helvetica", "", 6.5)
    fy = 195.0
    for note in words.footnotes():
        fy = _write_lines(pdf, left, fy, width, _fit_lines(pdf, note, width, 2), 2.9)
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------------


def overview_pdf(settings: Settings, locale: str = "en",
                 con: duckdb.DuckDBPyConnection | None = None) -> bytes:
    """The board pack of the last published run, as PDF bytes (one A4 landscape page). `con`:
    an open connection on the serving copy (the dashboard passes the version it shows).

    Raises FileNotFoundError when nothing is published, ValueError for an unknown locale."""
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}: choose one of {', '.join(LOCALES)}")
    if con is None:     # one connection for the report and the extras: one run, no re-read
        with serving_connection(settings) as own:
            return overview_pdf(settings, locale, own)
    report = build_report(settings, con)
    extras = _extras(con)
    words = _Words(report, extras, locale, settings.stale_after_hours, read_status(settings),
                   datetime.now(UTC))
    return _render(words, extras, locale)
