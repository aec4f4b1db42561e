"""Every user-visible text of the dashboard, in English and French, in one catalogue.

`t(key, locale, **values)` returns the text with `{values}` filled in (already formatted figures:
numbers are formatted by `formatting`, never here). Each entry holds both languages side by side,
so a text cannot be added in one language only (tests/app/test_app_units.py checks it). A missing
key raises KeyError: a page never shows a raw key. `label(kind, value, locale)` names the values
found in the data (channels, action types, cost kinds, attribution models...), falling back to the
value itself, readable, for one the catalogue does not know yet.

Reasons written by the marts, the estimator, the report and the loader (why a figure is missing,
why a row was set aside) are English in the data (the contract); `reason(text, locale)` translates
them for display (community_roi.reasons, shared with the board-pack PDF), one pattern per
template the code can produce, and leaves a text it does not know in English, unchanged.
"""

from __future__ import annotations

from community_roi import reasons
from community_roi.formatting import LOCALES

LANGUAGES = tuple(LOCALES)   # the locales formatting knows: one list for the whole product

CATALOGUE: dict[str, dict[str, str]] = {
    # -- navigation and sidebar ---------------------------------------------------------------
    "nav.results": {"en": "Results", "fr": "Résultats"},
    "nav.about": {"en": "About the data", "fr": "À propos des données"},
    # both languages in the switch's own label: it is drawn before the choice is read, and
    # whoever needs it may not read the current language
    "sidebar.language": {"en": "Language · Langue", "fr": "Language · Langue"},
    "sidebar.language_help": {
        "en": "Page text, numbers, money and dates. Also in the address: ?lang=fr.",
        "fr": "Textes, nombres, montants et dates. Aussi dans l'adresse : ?lang=fr."},
    "sidebar.filters": {"en": "Filters", "fr": "Filtres"},
    "sidebar.months": {"en": "Months shown", "fr": "Mois affichés"},
    "sidebar.months_value": {"en": "{months} ({n} months)", "fr": "{months} ({n} mois)"},
    "sidebar.months_help": {
        "en": "Applies to every page. Defaults to the analysis period, so the figures match the "
              "report.",
        "fr": "S'applique à toutes les pages. Par défaut, la période d'analyse : les chiffres "
              "sont alors ceux du rapport."},
    "sidebar.channel": {"en": "Channel", "fr": "Canal"},
    "sidebar.channel_help": {
        "en": "Picks one channel out on the pages that have figures per channel; each page says "
              "when it cannot.",
        "fr": "Met un canal en avant sur les pages qui ont des chiffres par canal ; chaque page "
              "indique quand elle ne le peut pas."},
    "sidebar.all_channels": {"en": "All channels", "fr": "Tous les canaux"},
    "sidebar.analysis_period": {"en": "Analysis period", "fr": "Période d'analyse"},
    "sidebar.period_overridden": {"en": "Set by CROI_PERIOD_START / CROI_PERIOD_END",
                                  "fr": "Fixée par CROI_PERIOD_START / CROI_PERIOD_END"},
    "sidebar.period_derived": {"en": "Derived from the data (see Methodology)",
                               "fr": "Déduite des données (voir Méthodologie)"},
    "sidebar.not_available": {"en": "Not available", "fr": "Indisponible"},
    "sidebar.no_orders": {"en": "No orders yet.", "fr": "Aucune commande pour l'instant."},
    "sidebar.too_short": {
        "en": "The data is too short for a whole month with a pre-period before it and a full "
              "horizon after it (see Methodology).",
        "fr": "Les données sont trop courtes pour un mois entier avec une période avant et un "
              "horizon complet après (voir Méthodologie)."},
    "sidebar.data_as_of": {"en": "Data as of", "fr": "Données du"},
    "sidebar.age_currency": {"en": "{age} · amounts in {currency}",
                             "fr": "{age} · montants en {currency}"},
    "sidebar.no_data": {"en": "No published data yet.",
                        "fr": "Aucune donnée publiée pour l'instant."},
    "filters.months": {"en": "Months shown: {months}", "fr": "Mois affichés : {months}"},
    "filters.months_not_applied": {
        "en": "The months filter does not apply here",
        "fr": "Le filtre des mois ne s'applique pas ici"},
    "filters.channel": {"en": "Channel: {channel}", "fr": "Canal : {channel}"},
    "filters.channel_not_applied": {
        "en": "Channel filter ({channel}) does not apply here",
        "fr": "Le filtre de canal ({channel}) ne s'applique pas ici"},
    "filters.help": {"en": "Change the filters in the sidebar; they stay set on every page.",
                     "fr": "Les filtres se règlent dans la barre latérale et restent les mêmes "
                           "sur toutes les pages."},

    # -- shared messages ----------------------------------------------------------------------
    "common.bad_config": {"en": "**The configuration is not valid:** {reason}",
                          "fr": "**La configuration n'est pas valide :** {reason}"},
    "common.no_data": {
        "en": "**No published data yet.** The dashboard shows the last run of the nightly "
              "pipeline that was published, and nothing has been published yet. To look at demo "
              "data, run `make demo`. To load your own landing folder, run `community-roi run "
              "--landing DIR --warehouse PATH`, then `community-roi dashboard --warehouse PATH`.",
        "fr": "**Aucune donnée publiée pour l'instant.** Le tableau de bord montre la dernière "
              "exécution publiée du traitement de nuit, et rien n'a encore été publié. Pour voir "
              "des données de démonstration, lancez `make demo`. Pour charger votre propre "
              "dossier de dépôt, lancez `community-roi run --landing DIR --warehouse PATH`, puis "
              "`community-roi dashboard --warehouse PATH`."},
    "common.looking_for": {"en": "Looking for `{path}`", "fr": "Fichier attendu : `{path}`"},
    "common.data_changed": {
        "en": "**The data was refreshed while this page was loading.** Reload to see the new "
              "figures.",
        "fr": "**Les données ont été actualisées pendant le chargement de la page.** Rechargez "
              "pour voir les nouveaux chiffres."},
    "common.reload": {"en": "Reload", "fr": "Recharger"},
    "common.not_available": {"en": "**{what}: not available yet.** {why}",
                             "fr": "**{what} : pas encore disponible.** {why}"},
    "common.not_published": {
        "en": "The nightly run has not published these figures yet; this section fills in by "
              "itself once it does.",
        "fr": "Le traitement de nuit n'a pas encore publié ces chiffres ; cette section se "
              "remplira d'elle-même dès qu'il le fera."},
    "common.range": {"en": "{low} to {high}", "fr": "{low} à {high}"},
    "common.download_csv": {"en": "Download CSV", "fr": "Télécharger en CSV"},

    # -- banners ------------------------------------------------------------------------------
    "banner.failed": {
        "en": "**The last refresh failed** ({when}, at the *{step}* step): {error}.{tail}",
        "fr": "**La dernière actualisation a échoué** ({when}, à l'étape *{step}*) : "
              "{error}.{tail}"},
    "banner.failed_tail": {
        "en": " The figures shown are from the last successful refresh, {when}.",
        "fr": " Les chiffres affichés sont ceux de la dernière actualisation réussie, {when}."},
    "banner.failed_nothing": {"en": " Nothing has been published yet.",
                              "fr": " Rien n'a encore été publié."},
    "banner.unknown_step": {"en": "unknown step", "fr": "inconnue"},
    "banner.no_reason": {"en": "no reason recorded", "fr": "aucune raison enregistrée"},
    "banner.stale": {
        "en": "**The data is stale:** last refreshed {when} ({age}), while a refresh is expected "
              "at least every {hours} hours. Check the nightly run.",
        "fr": "**Les données ne sont plus à jour :** dernière actualisation {when} ({age}), alors "
              "qu'une actualisation est attendue au moins toutes les {hours} heures. Vérifiez le "
              "traitement de nuit."},
    "banner.see_health": {"en": "See Data health", "fr": "Voir Santé des données"},

    # -- overview -----------------------------------------------------------------------------
    "overview.title": {"en": "Executive overview", "fr": "Synthèse"},
    "overview.all_channels": {
        "en": "The overview covers every channel: pick one out on Channels & actions.",
        "fr": "La synthèse couvre tous les canaux : un canal se détaille dans Canaux et "
              "actions."},
    "overview.no_months": {
        "en": "The published data holds no order, cost, engagement or mention dates.",
        "fr": "Les données publiées ne contiennent aucune date de commande, de coût, "
              "d'engagement ou de mention."},
    "overview.roi": {"en": "Return on investment", "fr": "Retour sur investissement"},
    "overview.roi_help": {
        "en": "(Incremental margin − cost) / cost over the analysis period. +50% means every "
              "euro spent came back with 50 cents of margin on top; −100% means nothing came "
              "back.",
        "fr": "(Marge incrémentale − coût) / coût sur la période d'analyse. +50 % : chaque euro "
              "dépensé est revenu avec 50 centimes de marge en plus ; −100 % : rien n'est "
              "revenu."},
    "overview.range": {"en": "90% range: {range}", "fr": "Intervalle à 90 % : {range}"},
    "overview.incremental_margin": {"en": "Incremental margin", "fr": "Marge incrémentale"},
    "overview.margin_help": {
        "en": "The gross margin engaged customers generated in the {days} days after their first "
              "engagement, minus what comparable customers who had not engaged suggest they "
              "would have generated anyway. Caused, not just observed.",
        "fr": "La marge brute des clients engagés dans les {days} jours suivant leur premier "
              "engagement, moins ce qu'ils auraient fait sans s'engager d'après des clients "
              "comparables non engagés. Causée, pas seulement observée."},
    "overview.cost": {"en": "Community cost", "fr": "Coût de la communauté"},
    "overview.cost_help": {
        "en": "All community costs of the months shown: cost lines, staff time at the loaded "
              "hourly cost, and the direct cost of actions.",
        "fr": "Tous les coûts de la communauté sur les mois affichés : lignes de coûts, temps "
              "des équipes au coût horaire chargé, et coûts directs des actions."},
    "overview.payback": {"en": "Payback", "fr": "Retour sur la dépense"},
    "overview.payback_help": {
        "en": "How many months of incremental margin, at the pace measured, repay the cost.",
        "fr": "Combien de mois de marge incrémentale, au rythme mesuré, remboursent le coût."},
    "overview.months_value": {"en": "{n} months", "fr": "{n} mois"},
    "overview.no_payback": {"en": "No payback: the incremental margin is not above zero.",
                            "fr": "Pas de retour : la marge incrémentale n'est pas positive."},
    "overview.engaged": {"en": "Engaged customers", "fr": "Clients engagés"},
    "overview.engaged_help": {
        "en": "Customers whose first engagement with the community (comment, reply, event...) "
              "falls in the months shown. Over the analysis period, these are the customers the "
              "ROI is measured on.",
        "fr": "Clients dont le premier engagement avec la communauté (commentaire, réponse, "
              "événement...) tombe dans les mois affichés. Sur la période d'analyse, ce sont les "
              "clients sur lesquels le ROI est mesuré."},
    "overview.index": {"en": "E-reputation index", "fr": "Indice d'e-réputation"},
    "overview.index_value": {"en": "{value} / 100", "fr": "{value} / 100"},
    "overview.index_help": {
        "en": "0 to 100 over all the listening data: 50 means as much praise as criticism "
              "(weighted by reach), 100 only praise. The change compares the months shown with "
              "the months before.",
        "fr": "De 0 à 100 sur toutes les données d'écoute : 50 signifie autant d'éloges que de "
              "critiques (pondérés par l'audience), 100 uniquement des éloges. La variation "
              "compare les mois affichés aux mois précédents."},
    "overview.points": {"en": "{n} pts", "fr": "{n} pts"},
    "overview.once": {"en": "measured once, over the analysis period",
                      "fr": "mesuré une fois, sur la période d'analyse"},
    "overview.vs": {"en": "vs {months}", "fr": "par rapport à {months}"},
    "overview.no_previous": {"en": "the {n} months before are not in the data",
                             "fr": "les {n} mois précédents manquent"},
    "overview.months_shown": {"en": "Months shown: {months}", "fr": "Mois affichés : {months}"},
    "overview.payback_note": {"en": "at the pace of the first {days} days",
                              "fr": "au rythme des {days} premiers jours"},
    "overview.index_note": {"en": "Level: all the listening data; change: months shown",
                            "fr": "Niveau : toutes les données d'écoute ; variation : mois "
                                  "affichés"},
    "overview.no_value_before": {"en": "no figure for the previous period",
                                 "fr": "pas de chiffre sur la période précédente"},
    "overview.mixed_periods": {
        "en": "ROI, incremental margin and payback are measured over the analysis period "
              "({period}); cost, engaged customers and the change in the index follow the "
              "months shown.",
        "fr": "ROI, marge incrémentale et retour sur la dépense sont mesurés sur la période "
              "d'analyse ({period}) ; le coût, les clients engagés et la variation de l'indice "
              "suivent les mois affichés."},
    "overview.sentence": {
        "en": "**Every {unit} spent on community management returned between {low} and {high} "
              "of margin** (best estimate {best}; 90% range).",
        "fr": "**Chaque {unit} dépensé en animation de communauté a rapporté entre {low} et "
              "{high} de marge** (estimation centrale {best} ; intervalle à 90 %)."},
    "overview.verdict_pays": {
        "en": "It pays for itself, even at the low end of the range.",
        "fr": "Elle est rentable, même au bas de l'intervalle."},
    "overview.verdict_loses": {
        "en": "It does not pay for itself: even the high end of the range is below what was "
              "spent.",
        "fr": "Elle n'est pas rentable : même le haut de l'intervalle reste sous la dépense."},
    "overview.verdict_unsure": {
        "en": "The range includes break-even, so we cannot yet say that it pays for itself.",
        "fr": "L'intervalle inclut le point mort : on ne peut pas encore dire qu'elle est "
              "rentable."},
    "overview.sentence_missing": {
        "en": "**The return on community management cannot be estimated yet:** {reason}.",
        "fr": "**Le retour de l'animation de communauté ne peut pas encore être estimé :** "
              "{reason}."},
    "overview.naive": {"en": "Naive difference per engaged customer",
                       "fr": "Écart naïf par client engagé"},
    "overview.naive_help": {
        "en": "Engaged customers' margin minus other customers' over the same days, with no "
              "matching. Shown to make the selection bias visible; never used for ROI.",
        "fr": "Marge des clients engagés moins celle des autres clients sur les mêmes jours, sans "
              "appariement. Affiché pour rendre le biais de sélection visible ; jamais utilisé "
              "pour le ROI."},
    "overview.causal": {"en": "Caused by community management, per engaged customer",
                        "fr": "Causé par l'animation de communauté, par client engagé"},
    "overview.naive_short": {"en": "Naive difference", "fr": "Écart naïf"},
    "overview.causal_short": {"en": "Causal estimate", "fr": "Estimation causale"},
    "overview.per_customer_axis": {"en": "Margin per engaged customer (90% range)",
                                   "fr": "Marge par client engagé (intervalle à 90 %)"},
    "overview.why_naive": {
        "en": "Why the two differ: customers who engage were already better customers before "
              "they engaged; the causal estimate compares them with similar customers who had "
              "not engaged, over the same days.",
        "fr": "Pourquoi les deux diffèrent : les clients qui s'engagent étaient déjà de meilleurs "
              "clients avant ; l'estimation causale les compare à des clients semblables non "
              "engagés, sur les mêmes jours."},
    "overview.trust_refreshed": {"en": "Data refreshed {age}", "fr": "Données actualisées {age}"},
    "overview.trust_rows": {
        "en": "{aside} of {read} rows set aside by the checks ({share})",
        "fr": "{aside} lignes sur {read} écartées par les contrôles ({share})"},
    "overview.trust_unlinked": {
        "en": "{n} engaging social accounts could not be linked to a customer (they count as "
              "not engaged, which makes the estimate cautious)",
        "fr": "{n} comptes sociaux engagés n'ont pas pu être reliés à un client (ils comptent "
              "comme non engagés, ce qui rend l'estimation prudente)"},
    "overview.see_health": {"en": "Data health: freshness, checks and rows set aside per source",
                            "fr": "Santé des données : fraîcheur, contrôles et lignes écartées "
                                  "par source"},
    "overview.trend_engaged": {"en": "Engaged customers", "fr": "Clients engagés"},
    "overview.trend_index": {"en": "E-reputation index, with rumours and buzz",
                             "fr": "Indice d'e-réputation, rumeurs et buzz"},
    "overview.pdf": {"en": "Download board pack (PDF)",
                     "fr": "Télécharger le dossier du conseil (PDF)"},
    "overview.pdf_help": {
        "en": "This overview on one A4 page, for the board pack: the same figures, in the "
              "language shown.",
        "fr": "Cette synthèse sur une page A4, pour le dossier du conseil : les mêmes chiffres, "
              "dans la langue affichée."},

    # -- channels and actions -----------------------------------------------------------------
    "channels.title": {"en": "Channels & actions", "fr": "Canaux et actions"},
    "channels.filter_why": {
        "en": "ROI and action types are measured over the analysis period.",
        "fr": "ROI et types d'action sont mesurés sur la période d'analyse."},
    "channels.roi_title": {"en": "Return by channel", "fr": "Retour par canal"},
    "channels.roi_caption": {
        "en": "Causal, over the analysis period. A customer belongs to the channel of their first "
              "engagement. The dashed line is break-even (ROI 0%).",
        "fr": "Causal, sur la période d'analyse. Un client appartient au canal de son premier "
              "engagement. La ligne pointillée est le point mort (ROI 0 %)."},
    "channels.roi_axis": {"en": "Return on investment (90% range)",
                          "fr": "Retour sur investissement (intervalle à 90 %)"},
    "channels.engaged_note": {"en": "{n} engaged customers", "fr": "{n} clients engagés"},
    "channels.not_estimated": {"en": "No estimate for {rows}: the reason is in the table.",
                               "fr": "Pas d'estimation pour {rows} : la raison figure dans le "
                                     "tableau."},
    "channels.actions_title": {"en": "By action type", "fr": "Par type d'action"},
    "channels.actions_caption": {
        "en": "Incremental margin per engaged customer, by the type of their first engagement, "
              "and what each type's actions cost (causal, analysis period).",
        "fr": "Marge incrémentale par client engagé, selon le type de son premier engagement, et "
              "ce que coûtent les actions de chaque type (causal, période d'analyse)."},
    "channels.per_customer_axis": {"en": "Margin per engaged customer (90% range)",
                                   "fr": "Marge par client engagé (intervalle à 90 %)"},
    "channels.action_cost_rule": {
        "en": "An action type's cost: the staff time and direct cost of its actions published in "
              "the period, plus a share of the other costs (tools, agency, ads...) in proportion "
              "to its staff minutes. A customer counts for the type of their first engagement.",
        "fr": "Coût d'un type d'action : le temps de travail et le coût direct de ses actions "
              "publiées sur la période, plus une part des autres coûts (outils, agence, "
              "publicité...) au prorata de ses minutes de travail. Un client compte pour le type "
              "de son premier engagement."},
    "channels.action_cost_unallocated": {
        "en": "{amount} of cost fell in months or on channels without any staff time: no action "
              "type can carry it, so it shows as its own row and counts in the total ({total}).",
        "fr": "{amount} de coûts tombent sur des mois ou des canaux sans aucun temps de travail : "
              "aucun type d'action ne peut les porter, ils figurent donc sur leur propre ligne et "
              "comptent dans le total ({total})."},
    "channels.cost_title": {"en": "Cost and community-manager time",
                            "fr": "Coût et temps des community managers"},
    "channels.no_cost": {"en": "No community cost was recorded in these months.",
                         "fr": "Aucun coût de communauté n'a été enregistré sur ces mois."},
    "channels.total_cost": {"en": "Community cost", "fr": "Coût de la communauté"},
    "channels.cm_hours": {"en": "Community-manager hours", "fr": "Heures de community managers"},
    "channels.cm_hours_help": {
        "en": "Staff minutes logged on community actions, in hours (staff time is valued at "
              "{rate} an hour).",
        "fr": "Minutes de travail saisies sur les actions de communauté, en heures (valorisées à "
              "{rate} de l'heure)."},
    "channels.cost_per_hour": {"en": "Cost per community-manager hour",
                               "fr": "Coût par heure de community manager"},
    "channels.cost_per_hour_help": {
        "en": "All community costs divided by the community-manager hours: what one hour of "
              "community work costs, tools, ads and gifts included.",
        "fr": "Tous les coûts de la communauté divisés par les heures de community managers : ce "
              "que coûte une heure de travail de communauté, outils, publicité et cadeaux "
              "compris."},
    "channels.top_actions": {"en": "Top actions", "fr": "Meilleures actions"},
    "channels.top_actions_caption": {
        "en": "The {n} actions published in the months shown that drew the most engaged "
              "customers (linked customers who engaged with them). Cost: the action's own staff "
              "time and direct cost.",
        "fr": "Les {n} actions publiées sur les mois affichés qui ont touché le plus de clients "
              "engagés (clients reliés ayant interagi avec elles). Coût : temps de travail et coût "
              "direct de l'action elle-même."},
    "channels.no_actions": {"en": "No community action was published in these months.",
                            "fr": "Aucune action de communauté n'a été publiée sur ces mois."},
    "channels.attribution_title": {"en": "Attribution: six models side by side",
                                   "fr": "Attribution : six modèles côte à côte"},
    "channels.no_touch": {
        "en": "No completed order in these months has a linked touch in its look-back window.",
        "fr": "Aucune commande terminée sur ces mois n'a de contact relié dans sa fenêtre "
              "d'attribution."},
    "channels.attribution_caption": {
        "en": "Attribution splits the revenue of orders that followed a touch among the channels "
              "touched; every model splits the same {total}. It shows the customer journey, not "
              "what the community caused: for that, read the return by channel above.",
        "fr": "L'attribution répartit le chiffre d'affaires des commandes précédées d'un contact "
              "entre les canaux touchés ; chaque modèle répartit les mêmes {total}. Elle décrit "
              "le parcours client, pas ce que la communauté a causé : pour cela, voir le retour "
              "par canal ci-dessus."},

    # -- e-reputation -------------------------------------------------------------------------
    "ereputation.title": {"en": "E-reputation", "fr": "E-réputation"},
    "ereputation.no_channel_mentions": {
        "en": "No mention is recorded on {channel}: every channel is shown.",
        "fr": "Aucune mention enregistrée sur {channel} : tous les canaux sont affichés."},
    "ereputation.all_data": {"en": "all the listening data", "fr": "toutes les données d'écoute"},
    "ereputation.net_sentiment": {"en": "Net sentiment", "fr": "Sentiment net"},
    "ereputation.net_sentiment_help": {
        "en": "Share of positive minus share of negative mentions by people outside the brand, "
              "from −100% to +100%. A dash means no mention could be scored.",
        "fr": "Part des mentions positives moins part des négatives, hors comptes de la marque, "
              "de −100 % à +100 %. Un tiret : aucune mention n'a pu être évaluée."},
    "ereputation.mentions": {"en": "Mentions", "fr": "Mentions"},
    "ereputation.mentions_help": {
        "en": "Posts and comments about the brand by people outside the brand.",
        "fr": "Publications et commentaires sur la marque, hors comptes de la marque."},
    "ereputation.defense_rate": {"en": "Community defence rate", "fr": "Taux de défense"},
    "ereputation.defense_help": {
        "en": "Among negative mentions that got a reply, the share whose first reply came from a "
              "member of the community speaking up for the brand, before the brand did.",
        "fr": "Parmi les mentions négatives ayant reçu une réponse, la part dont la première "
              "réponse vient d'un membre de la communauté qui défend la marque, avant elle."},
    "ereputation.response_time": {"en": "Brand response time", "fr": "Délai de réponse"},
    "ereputation.response_help": {
        "en": "Median time from a mention to the brand's first reply, over the mentions the "
              "brand replied to.",
        "fr": "Délai médian entre une mention et la première réponse de la marque, sur les "
              "mentions auxquelles elle a répondu."},
    "ereputation.minutes": {"en": "{n} min", "fr": "{n} min"},
    "ereputation.events": {"en": "Rumours and buzz", "fr": "Rumeurs et buzz"},
    "ereputation.events_value": {"en": "{rumours} rumours · {buzz} buzz",
                                 "fr": "{rumours} rumeurs · {buzz} buzz"},
    "ereputation.events_help": {
        "en": "Rumours (spikes of mostly negative mentions) · buzz (mostly positive) detected "
              "in the months shown.",
        "fr": "Rumeurs (pics de mentions surtout négatives) · buzz (surtout positives) détectés "
              "sur les mois affichés."},
    "ereputation.trend_title": {"en": "Index over time, with rumours and buzz",
                                "fr": "Indice dans le temps, rumeurs et buzz"},
    "ereputation.trend_caption": {
        "en": "Weekly index (50 = as much praise as criticism). Shaded bands: rumours (spikes of "
              "mostly negative mentions) and buzz (mostly positive), from start to end, named at "
              "their peak.",
        "fr": "Indice hebdomadaire (50 = autant d'éloges que de critiques). Bandes : rumeurs "
              "(pics de mentions surtout négatives) et buzz (surtout positives), du début à la "
              "fin, nommés à leur pic."},
    "ereputation.no_mentions": {"en": "No mention in these months.",
                                "fr": "Aucune mention sur ces mois."},
    "ereputation.events_title": {"en": "Rumours and buzz, and their effect on sales",
                                 "fr": "Rumeurs et buzz, et leur effet sur les ventes"},
    "ereputation.no_events": {"en": "No rumour or buzz was detected in these months.",
                              "fr": "Aucune rumeur ni aucun buzz détecté sur ces mois."},
    "ereputation.effect_axis": {"en": "Effect on margin (90% range)",
                                "fr": "Effet sur la marge (intervalle à 90 %)"},
    "ereputation.effect_caption": {
        "en": "Estimated effect of each event on gross margin during and just after it, against "
              "the sales expected without it. A range that crosses zero means no clear effect.",
        "fr": "Effet estimé de chaque événement sur la marge brute pendant et juste après, par "
              "rapport aux ventes attendues sans lui. Un intervalle qui traverse zéro signifie "
              "pas d'effet net."},
    "ereputation.ongoing": {"en": "ongoing", "fr": "en cours"},
    "ereputation.provisional": {"en": "provisional: sales window not complete",
                                "fr": "provisoire : fenêtre de ventes incomplète"},
    "ereputation.response_title": {"en": "Response time and community defence by month",
                                   "fr": "Délai de réponse et défense par mois"},
    "ereputation.response_axis": {"en": "Median response time (minutes)",
                                  "fr": "Délai de réponse médian (minutes)"},
    "ereputation.advocates_title": {"en": "Top advocates", "fr": "Meilleurs ambassadeurs"},
    "ereputation.advocates_caption": {
        "en": "Public handles of the people who speak up most for the brand (positive mentions, "
              "defending replies, reach).",
        "fr": "Comptes publics des personnes qui soutiennent le plus la marque (mentions "
              "positives, réponses en défense, audience)."},

    # -- loyalty ------------------------------------------------------------------------------
    "loyalty.title": {"en": "Loyalty", "fr": "Fidélité"},
    "loyalty.filter_why": {
        "en": "Retention and customer value are measured over the analysis period; programme "
              "activity follows the months shown.",
        "fr": "Rétention et valeur client sont mesurées sur la période d'analyse ; l'activité du "
              "programme suit les mois affichés."},
    "loyalty.retention_title": {"en": "Retention: engaged against comparable customers",
                                "fr": "Rétention : clients engagés et clients comparables"},
    "loyalty.retention_90d_engaged": {"en": "Engaged: 90-day retention",
                                      "fr": "Engagés : rétention à 90 jours"},
    "loyalty.retention_90d_engaged_help": {
        "en": "Share of engaged customers who ordered again in the 90 days after their first "
              "engagement.",
        "fr": "Part des clients engagés ayant recommandé dans les 90 jours suivant leur premier "
              "engagement."},
    "loyalty.retention_90d_matched_not_engaged": {
        "en": "Comparable: 90-day retention", "fr": "Comparables : rétention à 90 jours"},
    "loyalty.retention_90d_matched_not_engaged_help": {
        "en": "The same share for similar customers who had not engaged (same buying history "
              "before), over the same days.",
        "fr": "La même part pour des clients semblables non engagés (même historique d'achat), "
              "sur les mêmes jours."},
    "loyalty.uplift": {"en": "Uplift caused (90 days)", "fr": "Gain causé (90 jours)"},
    "loyalty.uplift_help": {
        "en": "Engaged minus comparable, in percentage points: the retention the community "
              "caused.",
        "fr": "Engagés moins comparables, en points : la rétention causée par la communauté."},
    "loyalty.points": {"en": "{n} pts", "fr": "{n} pts"},
    "loyalty.retention_caption": {
        "en": "Share still buying after each number of days. The grey dotted line (every "
              "non-engaged customer, no matching) shows how much a naive comparison would "
              "overstate the effect.",
        "fr": "Part de clients qui achètent encore après chaque durée. La ligne grise pointillée "
              "(tous les non-engagés, sans appariement) montre combien une comparaison naïve "
              "exagérerait l'effet."},
    "loyalty.value_title": {"en": "Customer value over 12 months",
                            "fr": "Valeur client sur 12 mois"},
    "loyalty.value_caption": {
        "en": "Gross margin per customer in the 12 months after the first engagement, engaged "
              "against comparable customers, overall and by loyalty-programme membership.",
        "fr": "Marge brute par client sur les 12 mois suivant le premier engagement, engagés et "
              "clients comparables, au total et selon l'adhésion au programme de fidélité."},
    "loyalty.programme_title": {"en": "Loyalty programme activity",
                                "fr": "Activité du programme de fidélité"},
    "loyalty.no_activity": {"en": "No programme activity in these months.",
                            "fr": "Aucune activité du programme sur ces mois."},

    # -- data health --------------------------------------------------------------------------
    "health.title": {"en": "Data health", "fr": "Santé des données"},
    "health.last_refresh": {"en": "Last refresh", "fr": "Dernière actualisation"},
    "health.no_status": {"en": "No run has recorded its outcome yet (`{path}`).",
                         "fr": "Aucune exécution n'a encore enregistré son résultat (`{path}`)."},
    "health.outcome": {"en": "Outcome", "fr": "Résultat"},
    "health.outcome_success": {"en": "Succeeded", "fr": "Réussie"},
    "health.outcome_failed": {"en": "Failed", "fr": "Échouée"},
    "health.outcome_running": {"en": "Running", "fr": "En cours"},
    "health.finished": {"en": "Finished", "fr": "Terminée"},
    "health.duration": {"en": "Duration", "fr": "Durée"},
    "health.checks": {"en": "Checks", "fr": "Contrôles"},
    "health.checks_failed": {"en": "{n} failed", "fr": "{n} en échec"},
    "health.checks_detail": {"en": "{passed} passed · {warn} warnings",
                             "fr": "{passed} réussis · {warn} alertes"},
    "health.checks_help": {
        "en": "The data tests run on every refresh (keys, accepted values, accounting identities, "
              "row reconciliation). A failed check stops the refresh before anything is "
              "published.",
        "fr": "Les tests de données exécutés à chaque actualisation (clés, valeurs admises, "
              "identités comptables, rapprochement des lignes). Un contrôle en échec arrête "
              "l'actualisation avant toute publication."},
    "health.failed_check": {"en": "**Failed at the *{step}* step:** {error}",
                            "fr": "**Échec à l'étape *{step}* :** {error}"},
    "health.traceback": {"en": "Technical details of the failure",
                         "fr": "Détails techniques de l'échec"},
    "health.run": {"en": "Run `{run}` ({orchestrator})", "fr": "Exécution `{run}` ({orchestrator})"},
    "health.steps": {"en": " · time per step: {steps}", "fr": " · durée par étape : {steps}"},
    "health.shown_from": {
        "en": "**The figures shown come from run `{run}`**, refreshed {when} ({age}) in "
              "{duration}.",
        "fr": "**Les chiffres affichés viennent de l'exécution `{run}`**, actualisée {when} "
              "({age}) en {duration}."},
    "health.published": {"en": "Published run `{run}`, refreshed {when} in {duration}",
                         "fr": "Exécution publiée `{run}`, actualisée {when} en {duration}"},
    "health.published_dbt": {
        "en": " · {models} models built, {tests} tests passed, {warn} warnings",
        "fr": " · {models} modèles construits, {tests} tests réussis, {warn} avertissements"},
    "health.stale_after": {"en": " · shown as stale after {hours} hours.",
                           "fr": " · signalée comme périmée après {hours} heures."},
    "health.sources": {"en": "Sources", "fr": "Sources"},
    "health.no_source": {"en": "No source has been loaded yet.",
                         "fr": "Aucune source n'a encore été chargée."},
    "health.state_no_file": {"en": "No data: no file received",
                             "fr": "Pas de données : aucun fichier reçu"},
    "health.state_all_aside": {"en": "No data: every row set aside",
                               "fr": "Pas de données : toutes les lignes écartées"},
    "health.state_rejected": {"en": "Some files rejected", "fr": "Fichiers rejetés"},
    "health.state_loaded": {"en": "Loaded", "fr": "Chargée"},
    "health.sources_caption": {
        "en": "Every row read is either loaded or quarantined with a reason. Amounts that could "
              "not be converted to the reporting currency (no exchange rate) are left out of the "
              "figures and counted here. Values outside a known list are kept as 'other'.",
        "fr": "Chaque ligne lue est soit chargée, soit mise en quarantaine avec une raison. Les "
              "montants non convertibles dans la devise du rapport (pas de taux de change) sont "
              "exclus des chiffres et comptés ici. Les valeurs hors liste sont gardées comme "
              "« other »."},
    "health.reasons": {"en": "Quarantine reasons", "fr": "Raisons de mise en quarantaine"},
    "health.no_quarantine": {"en": "No row was quarantined.",
                             "fr": "Aucune ligne n'a été mise en quarantaine."},
    "health.all_sources": {"en": "All sources", "fr": "Toutes les sources"},
    "health.example": {"en": "{file}, row {row}", "fr": "{file}, ligne {row}"},

    # -- methodology --------------------------------------------------------------------------
    "methodology.title": {"en": "Methodology", "fr": "Méthodologie"},
    "methodology.sources": {
        "en": "**Where the figures come from.** Every night the pipeline loads the files your "
              "systems drop in the landing folder (customers, orders, loyalty, community "
              "actions, engagements, mentions, costs), sets aside any row it cannot trust with "
              "the reason why, rebuilds every figure, checks them, and only then publishes "
              "them. This dashboard reads that published copy; if a night fails, it keeps "
              "showing the last good one and says so at the top of every page.",
        "fr": "**D'où viennent les chiffres.** Chaque nuit, le traitement charge les fichiers "
              "déposés par vos systèmes (clients, commandes, fidélité, actions de communauté, "
              "engagements, mentions, coûts), écarte toute ligne douteuse en indiquant pourquoi, "
              "recalcule tous les chiffres, les contrôle, et seulement ensuite les publie. Ce "
              "tableau de bord lit cette copie publiée ; si une nuit échoue, il continue "
              "d'afficher la dernière bonne version et le signale en haut de chaque page."},
    "methodology.question": {
        "en": "**The question.** Take the customers who first engaged with the community during "
              "the analysis period (a like, a comment, an event...). How much more gross margin "
              "did they bring in over the following 90 days than they would have *without* "
              "engaging? That extra margin is the **incremental margin**.",
        "fr": "**La question.** Prenons les clients qui se sont engagés pour la première fois "
              "avec la communauté pendant la période d'analyse (un j'aime, un commentaire, un "
              "événement...). Combien de marge brute de plus ont-ils apporté dans les 90 jours "
              "suivants, par rapport à ce qu'ils auraient fait *sans* s'engager ? Ce supplément "
              "est la **marge incrémentale**."},
    "methodology.naive": {
        "en": "**Why the obvious comparison misleads.** Customers who engage are usually the "
              "best customers already: they bought more *before* they ever engaged. Comparing "
              "them with everyone else (the **naive difference**) mostly measures that existing "
              "loyalty. The dashboard shows it beside the causal figure to make the gap visible; "
              "it is never used for ROI.",
        "fr": "**Pourquoi la comparaison évidente trompe.** Les clients qui s'engagent sont "
              "souvent déjà les meilleurs : ils achetaient davantage *avant* de s'engager. Les "
              "comparer à tous les autres (l'**écart naïf**) mesure surtout cette fidélité "
              "préexistante. Le tableau de bord l'affiche à côté du chiffre causal pour rendre "
              "l'écart visible ; il ne sert jamais au ROI."},
    "methodology.method": {
        "en": "**What we compare instead.** Each engaged customer is compared with similar "
              "customers who had not engaged yet (same length of relationship, segment and "
              "country), over exactly the same calendar days, so seasons and promotions affect "
              "both sides alike. We compare how each side's margin *changed* against its own "
              "past, so the engaged customers' higher loyalty cancels out. The month just before "
              "engaging is left out, because people often engage right after a purchase.",
        "fr": "**Ce que l'on compare à la place.** Chaque client engagé est comparé à des clients "
              "semblables pas encore engagés (même ancienneté, segment et pays), sur exactement "
              "les mêmes jours, pour que saisons et promotions touchent les deux côtés. On "
              "compare l'*évolution* de la marge de chacun par rapport à son propre passé : la "
              "fidélité plus forte des clients engagés s'annule. Le mois qui précède "
              "l'engagement est écarté, car on s'engage souvent juste après un achat."},
    "methodology.interval": {
        "en": "**What the range means.** Every estimate comes with a 90% range, for example "
              "“12 € per engaged customer (8 € to 16 €)”. It shows how much the figure could "
              "move by chance alone (which customers happened to be in the data). In our tests "
              "the range contained the true effect about 9 times out of 10. It does not cover a "
              "broken assumption (below).",
        "fr": "**Ce que signifie l'intervalle.** Chaque estimation a un intervalle à 90 %, par "
              "exemple « 12 € par client engagé (8 € à 16 €) ». Il montre de combien le chiffre "
              "pourrait varier par le seul hasard (quels clients figurent dans les données). "
              "Dans nos tests, l'intervalle contenait le vrai effet environ 9 fois sur 10. Il "
              "ne couvre pas une hypothèse non respectée (ci-dessous)."},
    "methodology.roi": {
        "en": "**Return on investment** = (incremental margin − community cost) / cost. The cost "
              "counts every cost line, staff time at the loaded hourly cost, and the direct cost "
              "of actions, over the months of the analysis period. If engaging changed nothing, "
              "ROI would be close to −100%: all the money spent lost. **Payback** is how many "
              "months of incremental margin, at the pace measured, repay the cost.",
        "fr": "**Retour sur investissement** = (marge incrémentale − coût de la communauté) / "
              "coût. Le coût inclut toutes les lignes de coûts, le temps des équipes au coût "
              "horaire chargé et les coûts directs des actions, sur les mois de la période "
              "d'analyse. Si l'engagement ne changeait rien, le ROI serait proche de −100 % : "
              "tout l'argent dépensé perdu. Le **retour sur la dépense** est le nombre de mois de "
              "marge incrémentale, au rythme mesuré, qui remboursent le coût."},
    "methodology.channels": {
        "en": "**By channel and action type.** A customer belongs to the channel, and to the "
              "action type, of their *first* engagement. A group with fewer than 30 engaged "
              "customers gets no figure, and the reason is shown instead of a made-up zero.",
        "fr": "**Par canal et type d'action.** Un client appartient au canal et au type d'action "
              "de son *premier* engagement. Un groupe de moins de 30 clients engagés n'a pas de "
              "chiffre : la raison est affichée au lieu d'un zéro inventé."},
    "methodology.attribution": {
        "en": "**Attribution** is a different question: it splits the revenue of orders that "
              "followed a touch among the channels touched, by six common rules (first touch, "
              "last touch, linear, time decay, position-based, Markov). It describes journeys; "
              "it does not say what the community caused.",
        "fr": "**L'attribution** répond à une autre question : elle répartit le chiffre "
              "d'affaires des commandes précédées d'un contact entre les canaux touchés, selon "
              "six règles courantes (premier contact, dernier contact, linéaire, décroissance "
              "temporelle, en U, Markov). Elle décrit des parcours ; elle ne dit pas ce que la "
              "communauté a causé."},
    "methodology.ereputation": {
        "en": "**E-reputation.** Net sentiment is the share of positive minus the share of "
              "negative mentions by people outside the brand. The index (0 to 100) weighs each "
              "mention by its reach, damped so that a huge account does not drown everyone else; "
              "50 means as much praise as criticism. Rumours and buzz are spikes of mentions well "
              "above the usual level, mostly negative or mostly positive; their effect on sales "
              "compares the margin during and after them with the margin expected without them.",
        "fr": "**E-réputation.** Le sentiment net est la part des mentions positives moins celle "
              "des négatives, hors comptes de la marque. L'indice (0 à 100) pondère chaque "
              "mention par son audience, atténuée pour qu'un très gros compte n'écrase pas les "
              "autres ; 50 signifie autant d'éloges que de critiques. Rumeurs et buzz sont des "
              "pics de mentions bien au-dessus du niveau habituel, surtout négatives ou surtout "
              "positives ; leur effet sur les ventes compare la marge pendant et après à celle "
              "attendue sans eux."},
    "methodology.loyalty": {
        "en": "**Loyalty.** Retention is the share of customers who order again within 30, 90 or "
              "180 days, for engaged customers and for comparable customers who had not "
              "engaged; the difference is what the community caused.",
        "fr": "**Fidélité.** La rétention est la part de clients qui recommandent sous 30, 90 ou "
              "180 jours, pour les clients engagés et pour des clients comparables non engagés ; "
              "la différence est ce que la communauté a causé."},
    "methodology.period": {
        "en": "**Analysis period.** Whole months in which customers first engaged, chosen so "
              "that each has enough history before and a full follow-up period after. It can be "
              "set by hand (CROI_PERIOD_START / CROI_PERIOD_END).",
        "fr": "**Période d'analyse.** Des mois entiers de premiers engagements, choisis pour que "
              "chacun ait assez d'historique avant et une période de suivi complète après. Elle "
              "peut être fixée à la main (CROI_PERIOD_START / CROI_PERIOD_END)."},
    "methodology.assumptions_title": {"en": "Assumptions", "fr": "Hypothèses"},
    "methodology.assumptions": {
        "en": "- **Parallel growth.** Without engaging, an engaged customer's margin would have "
              "grown or shrunk by the same percentage as that of comparable customers.\n"
              "- **No anticipation** beyond the month left out before the first engagement.\n"
              "- **No spillover.** Customers who did not engage were not influenced by the "
              "community (if they were, the estimate is too low).\n"
              "- **Correct linking.** Engaging accounts we cannot link to a customer count as "
              "not engaged, which also pushes the estimate down.\n"
              "- **The first engagement is the treatment:** what follows it counts as its "
              "effect.",
        "fr": "- **Évolution parallèle.** Sans engagement, la marge d'un client engagé aurait "
              "évolué du même pourcentage que celle des clients comparables.\n"
              "- **Pas d'anticipation** au-delà du mois écarté avant le premier engagement.\n"
              "- **Pas de contagion.** Les clients non engagés n'ont pas été influencés par la "
              "communauté (sinon l'estimation est trop basse).\n"
              "- **Liaison correcte.** Les comptes engagés non reliés à un client comptent comme "
              "non engagés, ce qui tire aussi l'estimation vers le bas.\n"
              "- **Le premier engagement est le traitement :** ce qui suit compte comme son "
              "effet."},
    "methodology.limits_title": {"en": "Limits", "fr": "Limites"},
    "methodology.limits": {
        "en": "- **\"Still active\" selection,** the main known bias: engaging shows a customer "
              "is still around, while some comparable customers may have quietly left, so the "
              "estimate can be too high. More data does not remove it.\n"
              "- **New customers** have no history to compare; the total assumes their effect "
              "equals the others' (in our tests this makes it 5–7% too low).\n"
              "- **Horizon only:** effects after 90 days, and on people who never became "
              "customers, are not counted.\n"
              "- **Small groups** have wide ranges, or no figure under 30 engaged customers.\n"
              "- **The e-reputation index of the months shown** weights days by their scored "
              "mentions (within about a tenth of a point of the exact figure).",
        "fr": "- **Sélection des clients « encore actifs »,** le principal biais connu : "
              "s'engager montre qu'un client est toujours là, alors que certains clients "
              "comparables ont pu partir sans bruit ; l'estimation peut être trop haute. Plus de "
              "données ne l'enlève pas.\n"
              "- **Les nouveaux clients** n'ont pas d'historique à comparer ; le total suppose "
              "que leur effet égale celui des autres (dans nos tests, il est alors 5 à 7 % trop "
              "bas).\n"
              "- **Horizon seulement :** les effets après 90 jours, et sur des personnes jamais "
              "devenues clientes, ne sont pas comptés.\n"
              "- **Les petits groupes** ont des intervalles larges, ou pas de chiffre sous 30 "
              "clients engagés.\n"
              "- **L'indice d'e-réputation des mois affichés** pondère les jours par leurs "
              "mentions évaluées (à un dixième de point près du chiffre exact)."},
    "methodology.documents_title": {"en": "Full documents", "fr": "Documents complets"},
    "methodology.documents": {
        "en": "- `docs/methodology.md`: the methods, their assumptions and the recovery "
              "benchmark, in detail\n"
              "- `docs/dashboard.md`: what each page shows and how the dashboard reads the data\n"
              "- `docs/landing-contract.md`: the input files, the report and the settings you "
              "can change",
        "fr": "- `docs/methodology.md` : les méthodes, leurs hypothèses et le test de "
              "restitution, en détail (en anglais)\n"
              "- `docs/dashboard.md` : ce que montre chaque page et comment le tableau de bord "
              "lit les données\n"
              "- `docs/landing-contract.md` : les fichiers d'entrée, le rapport et les réglages "
              "modifiables"},
    "methodology.read_here": {"en": "Read docs/methodology.md here",
                              "fr": "Lire docs/methodology.md ici (en anglais)"},

    # -- charts -------------------------------------------------------------------------------
    "chart.month": {"en": "Month", "fr": "Mois"},
    "chart.week": {"en": "Week of", "fr": "Semaine du"},
    "chart.figure": {"en": "Figure", "fr": "Indicateur"},
    "chart.newly_engaged": {"en": "Newly engaged", "fr": "Nouveaux engagés"},
    "chart.engaged_to_date": {"en": "Engaged to date", "fr": "Engagés à date"},
    "chart.bars": {"en": "{what} (bars)", "fr": "{what} (barres)"},
    "chart.line": {"en": "{what} (line)", "fr": "{what} (ligne)"},
    "chart.mentions": {"en": "Mentions", "fr": "Mentions"},
    "chart.net_sentiment": {"en": "Net sentiment", "fr": "Sentiment net"},
    "chart.quarantined": {"en": "Quarantined at load", "fr": "Quarantaine au chargement"},
    "chart.unconvertible": {"en": "Amount not convertible", "fr": "Montant non convertible"},
    "chart.rows_set_aside": {"en": "Rows set aside", "fr": "Lignes écartées"},
    "chart.source": {"en": "Source", "fr": "Source"},
    "chart.rows": {"en": "Rows", "fr": "Lignes"},
    "chart.count": {"en": "Count", "fr": "Nombre"},
    "chart.cost_kind": {"en": "Kind of cost", "fr": "Nature du coût"},
    "chart.channel": {"en": "Channel", "fr": "Canal"},
    "chart.cost": {"en": "Cost", "fr": "Coût"},
    "chart.scope": {"en": "Scope", "fr": "Périmètre"},
    "chart.estimate": {"en": "Estimate", "fr": "Estimation"},
    "chart.low": {"en": "Low (5%)", "fr": "Bas (5 %)"},
    "chart.high": {"en": "High (95%)", "fr": "Haut (95 %)"},
    "chart.model": {"en": "Attribution model", "fr": "Modèle d'attribution"},
    "chart.credited_revenue": {"en": "Revenue credited", "fr": "CA attribué"},
    "chart.reputation_index": {"en": "E-reputation index", "fr": "Indice d'e-réputation"},
    "chart.rumour": {"en": "Rumour", "fr": "Rumeur"},
    "chart.buzz": {"en": "Buzz", "fr": "Buzz"},
    "chart.event": {"en": "Event", "fr": "Événement"},
    "chart.start": {"en": "Start", "fr": "Début"},
    "chart.engaged": {"en": "Engaged customers", "fr": "Clients engagés"},
    "chart.comparable": {"en": "Comparable customers, not engaged",
                         "fr": "Clients comparables non engagés"},
    "chart.all_not_engaged": {"en": "All non-engaged customers (naive)",
                              "fr": "Tous les non-engagés (naïf)"},
    "chart.days_after": {"en": "Days after the first engagement",
                         "fr": "Jours après le premier engagement"},
    "chart.still_buying": {"en": "Still buying", "fr": "Achètent encore"},
    "chart.margin_per_member": {"en": "Gross margin per active member",
                                "fr": "Marge brute par membre actif"},
    "chart.group": {"en": "Group", "fr": "Groupe"},
    "chart.active_members": {"en": "Active members", "fr": "Membres actifs"},

    # -- table columns ------------------------------------------------------------------------
    "col.channel": {"en": "Channel", "fr": "Canal"},
    "col.channels": {"en": "Channels", "fr": "Canaux"},
    "col.action_type": {"en": "Action type", "fr": "Type d'action"},
    "col.engaged_customers": {"en": "Engaged customers", "fr": "Clients engagés"},
    "col.incremental_margin": {"en": "Incremental margin", "fr": "Marge incrémentale"},
    "col.per_customer": {"en": "Per engaged customer", "fr": "Par client engagé"},
    "col.low": {"en": "Low (5%)", "fr": "Bas (5 %)"},
    "col.high": {"en": "High (95%)", "fr": "Haut (95 %)"},
    "col.cost": {"en": "Cost", "fr": "Coût"},
    "col.roi": {"en": "ROI", "fr": "ROI"},
    "col.roi_low": {"en": "ROI low (5%)", "fr": "ROI bas (5 %)"},
    "col.roi_high": {"en": "ROI high (95%)", "fr": "ROI haut (95 %)"},
    "col.payback_months": {"en": "Payback (months)", "fr": "Retour (mois)"},
    "col.cost_per_engaged": {"en": "Cost per engaged customer", "fr": "Coût par client engagé"},
    "col.naive_per_customer": {"en": "Naive difference per customer",
                               "fr": "Écart naïf par client"},
    "col.reason": {"en": "Why no figure", "fr": "Pourquoi pas de chiffre"},
    "col.staff_cost": {"en": "Staff time cost", "fr": "Coût du temps des équipes"},
    "col.cm_hours": {"en": "Community-manager hours", "fr": "Heures de community managers"},
    "col.cost_per_hour": {"en": "Cost per hour", "fr": "Coût par heure"},
    "col.event": {"en": "Event", "fr": "Événement"},
    "col.start": {"en": "Start", "fr": "Début"},
    "col.peak": {"en": "Peak", "fr": "Pic"},
    "col.end": {"en": "End", "fr": "Fin"},
    "col.mentions": {"en": "Mentions", "fr": "Mentions"},
    "col.net_sentiment": {"en": "Net sentiment", "fr": "Sentiment net"},
    "col.sales_effect": {"en": "Effect on margin", "fr": "Effet sur la marge"},
    "col.note": {"en": "Note", "fr": "Remarque"},
    "col.example": {"en": "Example", "fr": "Exemple"},
    "col.rank": {"en": "Rank", "fr": "Rang"},
    "col.action": {"en": "Action", "fr": "Action"},
    "col.published": {"en": "Published", "fr": "Publiée le"},
    "col.campaign": {"en": "Campaign", "fr": "Campagne"},
    "col.topic": {"en": "Topic", "fr": "Thème"},
    "col.engagements": {"en": "Engagements", "fr": "Engagements"},
    "col.action_cost": {"en": "Cost (staff time + direct)", "fr": "Coût (temps + direct)"},
    "col.handle": {"en": "Public handle", "fr": "Compte public"},
    "col.score": {"en": "Advocacy score", "fr": "Score d'ambassadeur"},
    "col.defending_replies": {"en": "Defending replies", "fr": "Réponses en défense"},
    "col.positive_mentions": {"en": "Positive mentions", "fr": "Mentions positives"},
    "col.average_reach": {"en": "Average reach", "fr": "Audience moyenne"},
    "col.last_seen": {"en": "Last seen", "fr": "Vu pour la dernière fois"},
    "col.days": {"en": "Days", "fr": "Jours"},
    "col.evaluated": {"en": "Evaluated", "fr": "Évalués"},
    "col.retention_engaged": {"en": "Engaged", "fr": "Engagés"},
    "col.retention_comparable": {"en": "Comparable", "fr": "Comparables"},
    "col.uplift": {"en": "Uplift", "fr": "Gain"},
    "col.retention_naive": {"en": "All non-engaged (naive)", "fr": "Tous non-engagés (naïf)"},
    "col.group": {"en": "Group", "fr": "Groupe"},
    "col.margin_engaged": {"en": "12-month margin, engaged", "fr": "Marge 12 mois, engagés"},
    "col.margin_comparable": {"en": "12-month margin, comparable",
                              "fr": "Marge 12 mois, comparables"},
    "col.margin_naive": {"en": "12-month margin, all non-engaged (naive)",
                         "fr": "Marge 12 mois, tous non-engagés (naïf)"},
    "col.month": {"en": "Month", "fr": "Mois"},
    "col.active_members": {"en": "Active members", "fr": "Membres actifs"},
    "col.points_earned": {"en": "Points earned", "fr": "Points gagnés"},
    "col.points_redeemed": {"en": "Points redeemed", "fr": "Points utilisés"},
    "col.tier_ups": {"en": "Tier upgrades", "fr": "Montées de niveau"},
    "col.orders_per_member": {"en": "Orders per member", "fr": "Commandes par membre"},
    "col.margin_per_member": {"en": "Margin per member", "fr": "Marge par membre"},
    "col.source": {"en": "Source", "fr": "Source"},
    "col.state": {"en": "State", "fr": "État"},
    "col.last_loaded": {"en": "Last loaded", "fr": "Dernier chargement"},
    "col.age": {"en": "Age", "fr": "Ancienneté"},
    "col.files": {"en": "Files", "fr": "Fichiers"},
    "col.rejected_files": {"en": "Rejected files", "fr": "Fichiers rejetés"},
    "col.rows_read": {"en": "Rows read", "fr": "Lignes lues"},
    "col.loaded": {"en": "Loaded", "fr": "Chargées"},
    "col.quarantined": {"en": "Quarantined", "fr": "En quarantaine"},
    "col.unconvertible": {"en": "Amount not convertible", "fr": "Montant non convertible"},
    "col.mapped_other": {"en": "Mapped to 'other'", "fr": "Classées « other »"},
    "col.rows": {"en": "Rows", "fr": "Lignes"},
    "col.quarantine_reason": {"en": "Reason", "fr": "Raison"},
}

# Names of values found in the data; an unknown value is shown readable (`crisis_response` ->
# `Crisis response`), so new data never breaks a page.
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "channel": {
        "instagram": {"en": "Instagram", "fr": "Instagram"},
        "facebook": {"en": "Facebook", "fr": "Facebook"},
        "tiktok": {"en": "TikTok", "fr": "TikTok"},
        "youtube": {"en": "YouTube", "fr": "YouTube"},
        "linkedin": {"en": "LinkedIn", "fr": "LinkedIn"},
        "x": {"en": "X", "fr": "X"},
        "email": {"en": "Email", "fr": "E-mail"},
        "event": {"en": "Events", "fr": "Événements"},
        "review_site": {"en": "Review sites", "fr": "Sites d'avis"},
        "shared": {"en": "Shared (not allocated)", "fr": "Commun (non réparti)"},
        "other": {"en": "Other", "fr": "Autre"},
    },
    "action_type": {
        "post": {"en": "Post", "fr": "Publication"},
        "reply": {"en": "Reply", "fr": "Réponse"},
        "video": {"en": "Video", "fr": "Vidéo"},
        "story": {"en": "Story", "fr": "Story"},
        "live": {"en": "Live", "fr": "Direct"},
        "event": {"en": "Event", "fr": "Événement"},
        "ama": {"en": "Ask me anything", "fr": "Questions-réponses"},
        "contest": {"en": "Contest", "fr": "Concours"},
        "newsletter": {"en": "Newsletter", "fr": "Lettre d'information"},
        "moderation": {"en": "Moderation", "fr": "Modération"},
        "crisis_response": {"en": "Crisis response", "fr": "Réponse de crise"},
        "other": {"en": "Other", "fr": "Autre"},
        "ugc_campaign": {"en": "UGC campaign", "fr": "Campagne UGC"},
        "(unknown)": {"en": "Not linked to an action", "fr": "Sans action reliée"},
        "(unallocated)": {"en": "Not allocated (no staff time)",
                          "fr": "Non réparti (sans temps de travail)"},
    },
    "cost_kind": {
        "staff_time": {"en": "Staff time", "fr": "Temps des équipes"},
        "action_direct": {"en": "Direct cost of actions", "fr": "Coût direct des actions"},
        "costs:ads_boost": {"en": "Ads boost", "fr": "Publicité"},
        "costs:agency": {"en": "Agency", "fr": "Agence"},
        "costs:tools": {"en": "Tools", "fr": "Outils"},
        "costs:gifts": {"en": "Gifts", "fr": "Cadeaux"},
        "costs:events": {"en": "Events", "fr": "Événements"},
        "costs:staff": {"en": "Staff", "fr": "Personnel"},
        "costs:freelance": {"en": "Freelance", "fr": "Indépendants"},
        "costs:other": {"en": "Other", "fr": "Autre"},
    },
    "model": {
        "first_touch": {"en": "First touch", "fr": "Premier contact"},
        "last_touch": {"en": "Last touch", "fr": "Dernier contact"},
        "linear": {"en": "Linear", "fr": "Linéaire"},
        "time_decay": {"en": "Time decay", "fr": "Décroissance temporelle"},
        "position_based": {"en": "Position-based", "fr": "En U"},
        "markov": {"en": "Markov (data-driven)", "fr": "Markov (données)"},
    },
    "event": {
        "rumor": {"en": "Rumour", "fr": "Rumeur"},
        "buzz": {"en": "Buzz", "fr": "Buzz"},
    },
    "member_group": {
        "community_member": {"en": "Members who engaged", "fr": "Membres engagés"},
        "other_member": {"en": "Other members", "fr": "Autres membres"},
    },
    "value_scope": {
        "overall:all": {"en": "All engaged customers", "fr": "Tous les clients engagés"},
        "loyalty_member:member": {"en": "Loyalty members", "fr": "Membres du programme"},
        "loyalty_member:not_member": {"en": "Not in the programme",
                                      "fr": "Hors programme"},
    },
    "currency": {
        "EUR": {"en": "euro", "fr": "euro"},
        "USD": {"en": "dollar", "fr": "dollar"},
        "GBP": {"en": "pound", "fr": "livre"},
        "CHF": {"en": "franc", "fr": "franc"},
    },
}


def reason(text, locale: str = "en") -> str | None:
    """A reason from the data in `locale` (community_roi.reasons: English unchanged, an unknown
    text left in English, None/NaN -> None)."""
    return reasons.translate(text, locale)


def t(key: str, locale: str = "en", **values) -> str:
    """The text for `key` in `locale` (English when the language is unknown), filled in."""
    entry = CATALOGUE[key]
    text = entry.get(locale) or entry["en"]
    return text.format(**values) if values else text


def label(kind: str, value, locale: str = "en", default: str | None = None) -> str:
    """The name of a value from the data: a channel, an action type, a cost kind..."""
    entry = LABELS.get(kind, {}).get(str(value))
    if entry is not None:
        return entry.get(locale) or entry["en"]
    if default is not None:
        return default
    text = str(value).split(":", 1)[-1].replace("_", " ").strip()
    return text[:1].upper() + text[1:]
