"""One row per channel of the first-order Markov chain: its removal effect (the relative drop in
the probability of conversion when every transition into the channel goes to (null) instead), the
removal effect's share of the sum over channels, and the conversion probabilities behind it.

Python because the removal effect needs absorption probabilities (a linear solve per channel);
paths and transitions stay set-based in SQL (int_attribution_transitions), so this step only ever
sees a channel x channel table, whatever the number of orders. Method:
community_roi.measure.markov.
"""

import pandas as pd

TYPES = {
    "channel": "VARCHAR", "removal_effect": "DOUBLE", "removal_share": "DOUBLE",
    "conversion_probability": "DOUBLE", "conversion_probability_without": "DOUBLE",
    "converting_paths": "BIGINT", "nonconverting_paths": "BIGINT",
}


def model(dbt, session):
    dbt.config(materialized="table")
    from community_roi.measure.markov import COLUMNS, removal_effects

    transitions = dbt.ref("int_attribution_transitions").df()
    result = removal_effects(transitions)
    frame = pd.DataFrame(result, columns=COLUMNS)
    session.register("_croi_markov_df", frame)
    casts = ", ".join(f'CAST("{c}" AS {TYPES[c]}) AS "{c}"' for c in COLUMNS)
    return session.sql(f"SELECT {casts} FROM _croi_markov_df")
