"""Reasons from the data (why a figure is missing, why a row was set aside) in the reader's
language.

The marts, the estimator (community_roi.measure), the JSON report and the loader write reasons in
English: they are the data contract. `translate(text, locale)` renders one for display (the
dashboard through `i18n.reason`, the board-pack PDF) and leaves a text it does not know in
English, unchanged. tests/app/test_reasons.py holds one example per template and checks that
every reason a real run produces is translated.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

# -- reasons: why a figure is missing ------------------------------------------------------------
# The marts, the estimator (community_roi.measure), the JSON report and the loader write these in
# English: they are the data contract. Each entry matches one template the code can produce, over
# the whole English text; the French template uses the captured groups as they are (numbers,
# dates, file and column names are never reformatted). A group named `reason` is itself a reason
# (translated in turn); a group named in REASON_WORDS is one of a few known words. Order matters:
# the first match wins. Source of each template in the comment above it.
_R = re.compile

REASON_WORDS: dict[str, dict[str, str]] = {
    # DuckDB's CSV error types (community_roi.load, malformed lines), lower-cased
    "csv_error": {
        "cast": "valeur non convertible",
        "missing columns": "colonnes manquantes",
        "too many columns": "trop de colonnes",
        "unquoted value": "guillemet mal placé",
        "line size over maximum": "ligne trop longue",
        "invalid unicode": "caractères unicode invalides",
        "invalid state": "état invalide",
    },
}

REASONS_FR: tuple[tuple[re.Pattern, str], ...] = (
    # -- marts (dbt_project/models) ------------------------------------------------------------
    # rpt_loyalty_summary, rpt_ereputation_summary, fct_incrementality.py
    (_R(r"no valid analysis period \(see dim_analysis_period\)"),
     "pas de période d'analyse valide (voir dim_analysis_period)"),
    # rpt_loyalty_summary
    (_R(r"no engaged customer of the analysis period has (?P<n>\d+) days of orders after "
        r"engaging"),
     ("aucun client engagé de la période d'analyse n'a {n} jours de commandes après son "
      "engagement")),
    (_R(r"retention without engaging could not be estimated"),
     "la rétention sans engagement n'a pas pu être estimée"),
    (_R(r"no engaged customer with (?P<n>\d+) months of orders after engaging"),
     "aucun client engagé n'a {n} mois de commandes après son engagement"),
    # rpt_customer_value
    (_R(r"no engaged customer of the analysis period has (?P<n>\d+) complete months of orders "
        r"after engaging"),
     ("aucun client engagé de la période d'analyse n'a {n} mois complets de commandes après son "
      "engagement")),
    (_R(r"fewer than (?P<n>\d+) engaged customers with a pre-period long enough to estimate "
        r"their margin without engaging"),
     ("moins de {n} clients engagés ont une période avant assez longue pour estimer leur marge "
      "sans engagement")),
    # rpt_retention_curves
    (_R(r"no engaged customer of the analysis period has a complete window for this horizon"),
     "aucun client engagé de la période d'analyse n'a de fenêtre complète pour cet horizon"),
    (_R(r"fewer than (?P<n>\d+) engaged customers with a pre-period long enough to estimate "
        r"their retention without engaging"),
     ("moins de {n} clients engagés ont une période avant assez longue pour estimer leur "
      "rétention sans engagement")),
    # rpt_brand_response, rpt_ereputation_summary
    (_R(r"no non-brand mention received a brand reply"),
     "aucune mention hors marque n'a reçu de réponse de la marque"),
    # rpt_community_defense, rpt_ereputation_summary
    (_R(r"no negative non-brand mention received a reply"),
     "aucune mention négative hors marque n'a reçu de réponse"),
    # rpt_ereputation_summary
    (_R(r"no mentions loaded"), "aucune mention chargée"),
    (_R(r"no non-brand mention carries a sentiment"),
     "aucune mention hors marque ne porte de sentiment"),
    (_R(r"no non-brand mention with a sentiment in the analysis period"),
     "aucune mention hors marque avec un sentiment dans la période d'analyse"),
    # fct_reputation_events (rpt_reputation_events.sales_effect_reason)
    (_R(r"no orders in the sales window"), "aucune commande dans la fenêtre de ventes"),
    (_R(r"fewer than (?P<n>\d+) comparable weekdays around the event: no baseline"),
     "moins de {n} jours de semaine comparables autour de l'événement : pas de référence"),
    # rpt_roi
    (_R(r"cost of months or channels without staff minutes: no action type to carry it "
        r"\(counted in the overall cost\)"),
     ("coût de mois ou de canaux sans temps de travail : aucun type d'action pour le porter "
      "(compté dans le coût total)")),
    (_R(r"no engaged customer of the analysis period first engaged with this action type: no "
        r"incremental margin, ROI undefined"),
     ("aucun client engagé de la période d'analyse ne s'est d'abord engagé avec ce type "
      "d'action : pas de marge incrémentale, ROI non défini")),
    # rpt_roi, measure.incrementality.roi_interval
    (_R(r"no community cost recorded for this scope: ROI undefined"),
     "aucun coût de communauté enregistré pour ce périmètre : ROI non défini"),
    # rpt_top_actions
    (_R(r"direct cost not convertible to the reporting currency: cost unknown"),
     "coût direct non convertible dans la devise du rapport : coût inconnu"),
    (_R(r"no linked customer engaged with this action: cost per engaged customer undefined"),
     ("aucun client relié ne s'est engagé avec cette action : coût par client engagé non "
      "défini")),
    # int_unconvertible_amounts
    (_R(r"no (?P<currency>\S+) rate to reporting currency on or before (?P<date>\S+)"),
     "pas de taux {currency} vers la devise du rapport au {date} ou avant"),

    # -- the estimator (community_roi.measure.incrementality) ----------------------------------
    (_R(r"no incrementality row for (?P<scope>[^=]*)=(?P<value>.*)"),
     "pas de ligne d'incrémentalité pour {scope}={value}"),
    (_R(r"incremental margin could not be estimated"),
     "la marge incrémentale n'a pas pu être estimée"),
    (_R(r"no bootstrap draws: interval unavailable"),   # also the report's roi_reason
     "pas de tirages bootstrap : intervalle indisponible"),
    (_R(r"no orders: incrementality cannot be estimated"),
     "aucune commande : l'incrémentalité ne peut pas être estimée"),
    (_R(r"post-period incomplete: cohorts up to (?P<end>\S+) need orders through "
        r"(?P<through>\S+), data ends (?P<last>\S+)"),
     ("période après incomplète : les cohortes jusqu'au {end} demandent des commandes jusqu'au "
      "{through}, les données s'arrêtent au {last}")),
    (_R(r"pre-period too short: (?P<p>\d+) days of history before the period minus the "
        r"(?P<g>\d+)-day anticipation gap leaves fewer than (?P<n>\d+) days"),
     ("période avant trop courte : {p} jours d'historique avant la période, moins l'écart "
      "d'anticipation de {g} jours, laissent moins de {n} jours")),
    (_R(r"no engaged customer has a cohort date in the period"),
     "aucun client engagé n'a de date de cohorte dans la période"),
    (_R(r"too few engaged customers: (?P<n>\d+) < (?P<m>\d+) needed for an estimate"),
     "trop peu de clients engagés : {n} < {m} nécessaires pour une estimation"),
    (_R(r"too few engaged customers with comparable non-engaged customers: (?P<n>\d+) of "
        r"(?P<of>\d+) \(< (?P<m>\d+)\)"),
     ("trop peu de clients engagés avec des clients non engagés comparables : {n} sur {of} "
      "(< {m})")),

    # -- the JSON report (community_roi.report) ------------------------------------------------
    (_R(r"no files in the landing folder"), "aucun fichier dans le dossier de dépôt"),
    (_R(r"every row was quarantined"), "toutes les lignes ont été mises en quarantaine"),
    (_R(r"no orders: the analysis period cannot be derived"),
     "aucune commande : la période d'analyse ne peut pas être déduite"),
    (_R(r"the data is too short for a whole month with a (?P<p>\d+)-day pre-period and a full "
        r"horizon after it; add history or set CROI_PERIOD_START/END"),
     ("les données sont trop courtes pour un mois entier avec une période avant de {p} jours et "
      "un horizon complet après ; ajoutez de l'historique ou fixez CROI_PERIOD_START/END")),
    (_R(r"no analysis period"), "pas de période d'analyse"),
    (_R(r"cost mart not published"), "table des coûts non publiée"),
    (_R(r"no cost recorded in the period \(no costs rows, staff minutes or direct costs\)"),
     ("aucun coût enregistré sur la période (ni lignes de coûts, ni temps de travail, ni coûts "
      "directs)")),
    (_R(r"could not be estimated"), "n'a pas pu être estimé"),
    (_R(r"causal incrementality is not published"),
     "l'incrémentalité causale n'est pas publiée"),
    (_R(r"no overall estimate"), "pas d'estimation d'ensemble"),
    (_R(r"no engaged or comparison customers"), "aucun client engagé ni de comparaison"),
    (_R(r"linkage mart not published"), "table des liaisons non publiée"),
    (_R(r"no community cost recorded on this channel in the period"),
     "aucun coût de communauté enregistré sur ce canal pendant la période"),
    (_R(r"ROI could not be computed"), "le ROI n'a pas pu être calculé"),
    (_R(r"attribution marts not published"), "tables d'attribution non publiées"),
    (_R(r"no completed order in the period has a linked touch in its look-back window"),
     ("aucune commande finalisée de la période n'a de contact relié dans sa fenêtre "
      "d'attribution")),
    (_R(r"e-reputation marts not published"), "tables d'e-réputation non publiées"),
    (_R(r"not estimable"), "non estimable"),
    (_R(r"event detection not published"), "détection des événements non publiée"),
    (_R(r"could not be computed"), "n'a pas pu être calculé"),
    (_R(r"loyalty marts not published"), "tables de fidélité non publiées"),
    (_R(r"no usable data for (?P<sources>.+): ROI cannot be computed without customers, orders "
        r"and engagements"),
     ("aucune donnée exploitable pour {sources} : le ROI ne peut pas être calculé sans clients, "
      "commandes et engagements")),

    # -- rows and files set aside at load (community_roi.load, rpt_quarantine_reasons) ---------
    (_R(r"(?P<reason>.+); file unreadable: (?P<detail>.*)", re.DOTALL),
     "{reason} ; fichier illisible : {detail}"),
    (_R(r"malformed CSV line (?P<line>\d+): (?P<csv_error>[^(]*?) \((?P<detail>.*)\)",
        re.DOTALL),
     "ligne CSV {line} mal formée : {csv_error} ({detail})"),
    (_R(r"line (?P<n>\d+) is not a JSON object"), "la ligne {n} n'est pas un objet JSON"),
    (_R(r"(?P<column>[\w.]+): cannot read '(?P<value>.*)' as an ISO-8601 timestamp",
        re.DOTALL),
     "{column} : impossible de lire '{value}' comme un horodatage ISO-8601"),
    (_R(r"(?P<column>[\w.]+): cannot read '(?P<value>.*)' as a date \(YYYY-MM-DD\)", re.DOTALL),
     "{column} : impossible de lire '{value}' comme une date (AAAA-MM-JJ)"),
    (_R(r"(?P<column>[\w.]+): '(?P<value>.*)' is not a month \(YYYY-MM\)", re.DOTALL),
     "{column} : '{value}' n'est pas un mois (AAAA-MM)"),
    (_R(r"(?P<column>[\w.]+): '(?P<value>.*)' is not a decimal number \(use \. as the decimal "
        r"separator\)", re.DOTALL),
     "{column} : '{value}' n'est pas un nombre décimal (le séparateur décimal est le point)"),
    (_R(r"(?P<column>[\w.]+): '(?P<value>.*)' is not a whole number", re.DOTALL),
     "{column} : '{value}' n'est pas un nombre entier"),
    (_R(r"(?P<column>[\w.]+): '(?P<value>.*)' is not a boolean \((?P<values>[^()]*)\)",
        re.DOTALL),
     "{column} : '{value}' n'est pas un booléen ({values})"),
    (_R(r"(?P<column>[\w.]+): unknown value '(?P<value>.*)' \(expected one of "
        r"(?P<values>[^()]*)\)", re.DOTALL),
     "{column} : valeur inconnue '{value}' (valeurs attendues : {values})"),
    (_R(r"(?P<column>[\w.]+): '(?P<value>.*)' is not an ISO-4217 currency code", re.DOTALL),
     "{column} : '{value}' n'est pas un code de devise ISO 4217"),
    (_R(r"(?P<column>[\w.]+): required value is missing"),
     "{column} : valeur obligatoire manquante"),
    (_R(r"(?P<column>[\w.]+): (?P<value>.*) out of range \(must be (?P<op>>=|>|<=) "
        r"(?P<bound>[^()\s]+)\)", re.DOTALL),
     "{column} : {value} hors limites (doit être {op} {bound})"),
    (_R(r"file (?P<file>.+) rejected: missing required column (?P<columns>.+)", re.DOTALL),
     "fichier {file} rejeté : colonne obligatoire manquante {columns}"),
    (_R(r"file (?P<file>.+): accepted rows fail the '(?P<source>[^']*)' expectation suite: "
        r"(?P<failed>.*)", re.DOTALL),
     ("fichier {file} : les lignes acceptées ne passent pas la suite d'attentes '{source}' : "
      "{failed}")),
    (_R(r"(?P<file>.+): unsupported file format \(expected one of (?P<formats>[^()]*)\)",
        re.DOTALL),
     "{file} : format de fichier non pris en charge (formats attendus : {formats})"),
    (_R(r"duplicate column (?P<column>'.*'|\".*\")", re.DOTALL),
     "colonne en double {column}"),
)

_MORE = re.compile(r"(?P<text>.+) \(\+(?P<n>\d+) more\)", re.DOTALL)


def translate(text, locale: str = "en") -> str | None:
    """A reason from the data (why a figure is missing, why a row was set aside) in `locale`.

    None or NaN gives None; English, an unknown language or a text no template matches gives the
    English text unchanged (never a blank, never an error). A composed reason is translated part
    by part: `a; b` and `a (+N more)`."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):   # NaN, NaT, pd.NA
        return None
    text = str(text)
    if locale != "fr":
        return text
    return _reason_fr(text)


# a page shows the same few reasons on every rerun: match the ~70 patterns once per text
@lru_cache(maxsize=4096)
def _reason_fr(text: str) -> str:
    # `a; b` (the loader joins a row's reasons so): part by part when every part is known, else
    # one template may hold the `; ` itself (or a quoted value does)
    parts = text.split("; ")
    shown = [_reason_fr(part) for part in parts] if len(parts) > 1 else parts
    if len(parts) > 1 and all(f != e for f, e in zip(shown, parts)):
        return " ; ".join(shown)
    for pattern, template in REASONS_FR:
        match = pattern.fullmatch(text)
        if match:
            values = match.groupdict()
            for name, value in values.items():
                if name == "reason":
                    values[name] = _reason_fr(value)
                elif name in REASON_WORDS:
                    values[name] = REASON_WORDS[name].get(value.strip().lower(), value)
            return template.format(**values)
    more = _MORE.fullmatch(text)
    if more:
        return f"{_reason_fr(more['text'])} (+{more['n']} de plus)"
    if shown != parts:          # the parts it knows, the others in English
        return " ; ".join(shown)
    return text
