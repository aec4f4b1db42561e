"""Behaviour of the bundled sentiment scorer: rules in both languages, the SQL function, CSV files."""

from __future__ import annotations

import csv
import math

import duckdb
import pytest

from community_roi.sentiment import (
    detect_language,
    register_duckdb_function,
    score_csv,
    score_text,
    score_texts,
)


def pos(text: str) -> bool:
    s = score_text(text)
    return s is not None and s > 0


def neg(text: str) -> bool:
    s = score_text(text)
    return s is not None and s < 0


# -- empty input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [None, "", "   ", "\n\t"])
def test_no_text_gives_none(text):
    assert score_text(text) is None


def test_missing_value_from_pandas_gives_none():
    assert score_text(float("nan")) is None


def test_text_without_sentiment_scores_zero():
    assert score_text("The flight departs at 7 from gate B12") == 0.0
    assert score_text("Le vol part à 7 heures de la porte B12") == 0.0


# -- polarity in both languages -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I love this airline, the crew was amazing",
    "Great service, thank you!",
    "Cette série est géniale, je recommande",
    "Service client au top, merci !",
])
def test_plainly_positive(text):
    assert pos(text)


@pytest.mark.parametrize("text", [
    "Worst customer service ever",
    "My flight was cancelled and my bag is lost",
    "Une série nulle, une vraie perte de temps",
    "Colis perdu, service client injoignable",
])
def test_plainly_negative(text):
    assert neg(text)


# -- negation flips the sign -------------------------------------------------------------------

@pytest.mark.parametrize("plain, negated", [
    ("The food was good", "The food was not good"),
    ("I like it, great crew", "I don't think it was great"),
    ("This is helpful", "This is never helpful"),
    ("C'est bien", "C'est pas bien"),
    ("J'aime cette série", "Je n'aime pas cette série"),
    ("J'aime cette série", "J'aime pas cette série"),
    ("Un épisode intéressant", "Un épisode sans intérêt"),
    ("Le scénario est crédible", "Le scénario n'est jamais crédible"),
    ("Le personnage est drôle", "Aucun personnage n'est drôle"),
])
def test_negation_flips_sign(plain, negated):
    assert pos(plain), plain
    assert neg(negated), negated


def test_negated_service_expectation_is_a_complaint():
    assert neg("I never received my refund")
    assert neg("Still no response from anyone")
    assert neg("Toujours pas reçu mon colis")
    assert neg("Le site ne fonctionne pas")


def test_negation_idioms_are_not_double_negated():
    assert pos("Pas mal du tout, cette saison")
    assert pos("Not bad at all")
    assert neg("Ce n'est pas terrible")
    assert pos("No problem, thanks!")


# -- intensifiers, caps, elongation, punctuation -------------------------------------------------

@pytest.mark.parametrize("base, stronger", [
    ("The service was good", "The service was very good"),
    ("The service was bad", "The service was extremely bad"),
    ("Une série bien", "Une série vraiment très bien"),
    ("C'est nul", "C'est trop nul"),
    ("This is good", "This is GOOD, honestly"),
    ("so good", "soooo goooood"),
    ("Great flight", "Great flight!!!"),
])
def test_intensifiers_increase_magnitude(base, stronger):
    a, b = score_text(base), score_text(stronger)
    assert a != 0 and b != 0
    assert math.copysign(1, a) == math.copysign(1, b)
    assert abs(b) > abs(a), (base, a, stronger, b)


def test_dampener_decreases_magnitude():
    assert 0 < score_text("It was somewhat good") < score_text("It was good")
    assert 0 < score_text("C'est assez bien") < score_text("C'est bien")


def test_but_weights_what_follows():
    assert neg("The seats were nice but the crew was rude")
    assert pos("Le début est lent mais la suite est excellente")


# -- emoji and informal spelling ---------------------------------------------------------------

def test_emoji_and_emoticons():
    assert pos("see you soon 😍")
    assert pos("flight done :)")
    assert neg("third delay today 😡")
    assert neg("vol encore en retard :(")
    assert pos("❤️❤️❤️")
    assert neg("👎")


@pytest.mark.parametrize("text, sign", [
    ("trop bien cette série mdr", 1),
    ("grave kiffé l'épisode", 1),
    ("c'est ouf", 1),
    ("bof bof", -1),
    ("c nul", -1),
    ("tjrs pas de réponse", -1),
    ("gooood job guys", 1),
    ("ugh smh", -1),
    ("thx u rock", 1),
])
def test_informal_spelling(text, sign):
    s = score_text(text)
    assert s is not None and math.copysign(1, s) == sign and s != 0, (text, s)


def test_accent_and_elision_insensitive():
    assert score_text("une série géniale") == score_text("une serie geniale")
    assert score_text("GÉNIAL") > 0
    assert neg("l'épisode est décevant") and neg("l episode est decevant")


def test_hashtags_split():
    assert neg("on time? #NotHappy")
    assert neg("#fail")


def test_sarcastic_thanks_in_a_complaint():
    assert neg("Thanks for the 3 hour delay and the lost bag")
    assert neg("Thanks for nothing")
    assert neg("Merci pour rien")
    assert pos("Thanks for getting me home safely!")


# -- range ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "love love love LOVE amazing awesome perfect best!!!!!!! 😍😍😍😍",
    "worst worst HORRIBLE disgusting awful never again!!!!! 😡😡😡😡",
    "génial génial génial génial excellent parfait sublime",
    "a" * 10_000,
    "!!!!!!!!",
    "12345",
])
def test_score_in_range(text):
    s = score_text(text)
    assert s is not None and -1.0 <= s <= 1.0


def test_odd_input_is_handled():
    assert score_text("\x00\u200b\ufeff") is not None
    assert -1 <= score_text("😂" * 500) <= 1


# -- language detection ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, lang", [
    ("Le service client ne répond jamais", "fr"),
    ("C'était vraiment très bien, merci", "fr"),
    ("The customer service never answers", "en"),
    ("Thanks for the quick reply", "en"),
    ("une série géniale", "fr"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_mixed_text_uses_both_lexicons():
    assert pos("Super expérience, the crew was awesome")
    assert neg("Vol annulé, worst airline ever")
    assert pos("c'est top, really nice")


# -- batch API -----------------------------------------------------------------------------------

def test_score_texts_matches_score_text_and_keeps_order():
    texts = ["great", None, "", "awful", "great", "c'est nul"]
    out = score_texts(texts)
    assert out == [score_text(t) for t in texts]
    assert out[1] is None and out[2] is None


# -- DuckDB --------------------------------------------------------------------------------------

def test_duckdb_function_fills_missing_sentiment_set_based():
    con = duckdb.connect()
    register_duckdb_function(con)
    con.execute("create table mentions (id varchar, text varchar, sentiment double)")
    con.execute("""insert into mentions values
        ('001', 'I love this brand', null),
        ('002', 'Service client nul, jamais de réponse', null),
        ('003', null, null),
        ('004', '', null),
        ('005', 'whatever it says', 0.25)""")
    con.execute("update mentions set sentiment = croi_sentiment(text) where sentiment is null")
    rows = dict(con.execute("select id, sentiment from mentions order by id").fetchall())
    assert rows["001"] > 0
    assert rows["002"] < 0
    assert rows["003"] is None and rows["004"] is None
    assert rows["005"] == 0.25   # a score given by the source tool is kept
    assert con.execute("select typeof(croi_sentiment('ok'))").fetchone()[0] == "DOUBLE"


def test_duckdb_function_matches_python_over_many_rows():
    con = duckdb.connect()
    register_duckdb_function(con)
    texts = [f"message {i}: " + ("great" if i % 3 else "awful") for i in range(5000)]
    con.execute("create table t as select * from (select unnest(?) as text)", [texts])
    got = [r[0] for r in con.execute(
        "select croi_sentiment(text) from t order by text").fetchall()]
    assert got == score_texts(sorted(texts))


def test_duckdb_register_twice_is_fine():
    con = duckdb.connect()
    register_duckdb_function(con)
    register_duckdb_function(con)
    assert con.execute("select croi_sentiment('nul')").fetchone()[0] < 0


# -- CSV -----------------------------------------------------------------------------------------

def test_score_csv_round_trip_keeps_every_column_and_value(tmp_path):
    src = tmp_path / "mentions.csv"
    rows = [
        ["mention_id", "channel", "text", "likes", "posted_at"],
        ["000123", "x", "Love the new app, great job!", "007", "2026-01-02T10:00:00Z"],
        ["000124", "facebook", 'Colis "perdu", aucune réponse\ndu SAV', "", "2026-01-02T11:00:00Z"],
        ["000125", "instagram", "", "0", ""],
        ["0", "forum", "1e5", "NaN", "null"],
    ]
    with open(src, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "scored.csv"
    n = score_csv(src, "text", out, block_bytes=64)
    assert n == 4
    with open(out, newline="", encoding="utf-8") as fh:
        got = list(csv.reader(fh))
    assert got[0] == rows[0] + ["sentiment"]
    for original, written in zip(rows[1:], got[1:]):
        assert written[:-1] == original   # every value as it was: leading zeros, NaN, null, 1e5
    s = [w[-1] for w in got[1:]]
    assert float(s[0]) > 0
    assert float(s[1]) < 0
    assert s[2] == ""                     # no text, no score
    assert -1 <= float(s[3]) <= 1


def test_score_csv_handles_bom_crlf_and_existing_sentiment(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("\ufeffid,text,sentiment\r\n01,awful,\r\n02,awful,0.5\r\n".encode())
    out = tmp_path / "out.csv"
    assert score_csv(src, "text", out) == 2
    with open(out, newline="", encoding="utf-8") as fh:
        got = list(csv.reader(fh))
    assert got[0] == ["id", "text", "sentiment"]
    assert got[1][0] == "01" and float(got[1][2]) < 0   # empty: filled
    assert got[2] == ["02", "awful", "0.5"]              # given by the source tool: kept


def test_score_csv_rejects_unknown_column(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(ValueError, match="text"):
        score_csv(src, "text", tmp_path / "out.csv")


def test_score_csv_streams_a_larger_file(tmp_path):
    src = tmp_path / "big.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i in range(30_000):
            w.writerow([f"{i:08d}", "great" if i % 2 else "terrible"])
    out = tmp_path / "big_scored.csv"
    assert score_csv(src, "text", out, block_bytes=16 << 10) == 30_000
    with open(out, newline="", encoding="utf-8") as fh:
        r = csv.reader(fh)
        next(r)
        first = next(r)
    assert first[0] == "00000000" and float(first[2]) < 0
