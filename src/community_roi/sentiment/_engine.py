"""Rule-based bilingual (French / English) sentiment scorer.

Everything it needs ships with the project or with an installed package: VADER's English lexicon and
booster/negation lists (MIT, from the ``vaderSentiment`` package), and the project's own hand-written
tables in this folder (``lexicon_en.tsv``, ``lexicon_fr.tsv``, ``emoji.tsv``; Apache-2.0). Nothing is
downloaded and nothing is learned at run time.

One text goes through:

1. clean-up: URLs and @handles dropped, camel-case hashtags split (``#NotHappy`` -> ``not happy``),
   curly apostrophes straightened, French elision expanded (``l'``, ``j'``, ``n'``, ``qu'`` ...),
   accents folded (``génial`` == ``genial``);
2. tokens: words, emoticons, emoji and clause punctuation, with ALL-CAPS and elongated
   (``soooo``) words remembered for emphasis;
3. language: French or English from function words and accents; a text that is not clearly one
   language (mixed, or too short to tell) is scored with both lexicons;
4. multi-word expressions (``on hold``, ``still waiting``, ``pas mal``, ``perte de temps``) joined into
   one token, longest first;
5. per-token valence (VADER scale, -4..4), changed by the words before it: intensifiers
   (``very``, ``très``, ``trop``), negation (``not``, ``ne ... pas``, ``jamais``, ``sans``), post-verbal
   French negation (``j'aime pas``), ALL CAPS and elongation;
6. sentence rules: ``but`` / ``mais`` weight what follows; complaint context (delays, cancellations,
   waiting times, negated service expectations such as ``never received``) discounts ironic praise
   (``thanks for the 3 hour delay``); ``!`` amplifies;
7. the sum is squashed into (-1, 1) with VADER's normalisation ``s / sqrt(s^2 + 15)``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

# -- constants (VADER's, empirically derived by its authors) -------------------------------------
B_INCR = 0.293
C_INCR = 0.733
N_SCALAR = -0.74
ALPHA = 15.0

# Tuned on the tuning halves only (see docs/sentiment.md): how much ironic praise is kept when the
# text is a complaint, and how much complaint signal it takes to call it one.
IRONY_FACTOR = 0.5
IRONY_MIN_COMPLAINT = 1.0

IRREALIS_FACTOR = 0.3
NEG_STOPS_AT_SENTIMENT = True

NEG_WINDOW = 3          # words before a sentiment word that a negator can reach
BOOST_WINDOW = 3        # same for intensifiers (with VADER's 1, 0.95, 0.9 decay)

# token kinds
VAL = 0         # plain sentiment word
BOOST = 1       # intensifier / dampener: value is the scalar
NEG = 2         # negator
EXPECT = 3      # neutral unless negated: value is the valence once negated ("never received")
CONTRAST = 4    # but / mais: what comes after weighs more
DURATION = 5    # hours, days ... after a number: a complaint about waiting
VALBOOST = 6    # a word of its own and an intensifier before another sentiment word ("super")
NE = 7          # French "ne": negates up to the closing pas/jamais/plus/rien and a little after
POSTNEG = 8     # French post-verbal negator without "ne" ("j'aime pas"): also negates the word before
NEUTRAL = 9     # blocks a look-up in the other language's lexicon (false friends: FR "dire")
IRREALIS = 10   # "would be", "aurait pu": what follows is wished for, not had

_KIND_NAMES = {
    "val": VAL, "boost": BOOST, "neg": NEG, "expect": EXPECT, "contrast": CONTRAST,
    "duration": DURATION, "valboost": VALBOOST, "ne": NE, "postneg": POSTNEG, "neutral": NEUTRAL,
    "irrealis": IRREALIS,
}

_PACKAGE = "community_roi.sentiment"


@dataclass(frozen=True)
class Entry:
    value: float
    kind: int = VAL
    complaint: bool = False   # counts towards the complaint context
    irony: bool = False       # positive word that reads as sarcasm in a complaint
    selfneg: bool = False     # expression that carries its own negation ("pas mal", "not bad")


@dataclass
class Lexicon:
    words: dict[str, Entry] = field(default_factory=dict)
    # first token -> list of (token tuple, joined token), longest first
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)


# -- text normalisation ---------------------------------------------------------------------------

def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c))
        if base != ch and base.isascii():
            table[cp] = base.lower()
    table.update({ord("œ"): "oe", ord("Œ"): "oe", ord("æ"): "ae", ord("Æ"): "ae", ord("ß"): "ss",
                  ord("’"): "'", ord("‘"): "'", ord("`"): "'", ord("´"): "'", ord("ʼ"): "'",
                  ord("“"): '"', ord("”"): '"', ord("«"): '"', ord("»"): '"',
                  ord("\u2026"): "...", ord("\u00a0"): " ", ord("\u202f"): " ",
                  ord("\ufe0f"): "", ord("\u200d"): ""})
    return table


_FOLD = _fold_table()

_URL_HANDLE = re.compile(r"https?://\S+|www\.\S+|(?<!\w)@\w+|&amp;|&lt;|&gt;")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|\d)|[A-Z]?[a-z]+|\d+")
_ELISION = re.compile(r"\b(qu|jusqu|lorsqu|puisqu|[ljcdnmts])'(?=[a-z\d])")
_ELISION_FULL = {"l": "le", "j": "je", "c": "ce", "d": "de", "n": "ne", "m": "me", "t": "te",
                 "s": "se", "qu": "que", "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque"}
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_ALLCAPS = re.compile(r"\b[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ']{2,}\b")

_EMOTICONS = (
    ":-))", ":))", ":-)", ":)", "(:", ":-d", ":d", "xd", ";-)", ";)", ":-p", ":p", ";p", "=)", "=d",
    ":o)", ":]", "=]", "^^", "^_^", ":-*", ":*", "<3", ":-((", ":((", ":-(", ":(", "):", ":'(",
    ":'-(", ":-/", ":/", ":-|", ":|", ":s", ">:(", ">:-(", "-_-", "-.-", "</3", "d:", ":@", ":-@",
)
_EMOJI_CLASS = (
    "\U0001F300-\U0001F5FF\U0001F600-\U0001F64F\U0001F680-\U0001F6FF\U0001F900-\U0001F9FF"
    "\U0001FA70-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u2190-\u21FF\u2300-\u23FF"
)
_TOKEN = re.compile(
    "(?:" + "|".join(re.escape(e) for e in sorted(_EMOTICONS, key=len, reverse=True)) + ")"
    r"(?=\s|$|[.,!?;])"
    r"|[a-z0-9]+(?:'[a-z]+)?"
    r"|[" + _EMOJI_CLASS + "]"
    r"|[!?.,;:]"
)
_BOUNDARY = frozenset(".,;:")
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = frozenset(
    ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "several", "many", "multiple", "few", "couple", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "dix", "douze", "plusieurs", "des"])

# Function words for language detection; ambiguous ones (a, on, me, son, plus) left out.
_FR_WORDS = frozenset(
    ["le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "ce", "cette", "ces", "je", "tu", "il", "elle", "nous", "vous", "ils", "elles", "que", "qui", "ne", "pas", "pour", "dans", "sur", "avec", "mais", "ou", "tres", "trop", "c'est", "sont", "mon", "ma", "mes", "ton", "ta", "tes", "leur", "leurs", "au", "aux", "par", "se", "lui", "y", "en", "rien", "jamais", "toujours", "deja", "encore", "aussi", "bien", "tout", "tous", "toute", "toutes", "quand", "comme", "avoir", "etre", "fait", "faire", "suis", "ai", "avez", "avons", "ont", "etait", "ete", "meme", "sans", "vraiment", "cela", "ca", "moi", "toi", "alors", "donc", "car", "parce", "quoi", "pourquoi", "chez", "apres", "avant", "depuis"])
_EN_WORDS = frozenset(
    ["the", "an", "and", "is", "are", "was", "were", "to", "of", "in", "for", "with", "my", "your", "you", "i", "it", "this", "that", "not", "but", "have", "has", "at", "be", "can", "will", "just", "from", "our", "we", "they", "what", "when", "why", "how", "do", "does", "did", "don't", "can't", "i'm", "it's", "been", "get", "got", "would", "should", "could", "there", "their", "about", "any", "no", "yes", "so", "if", "or", "as", "by", "out", "up", "please", "thanks", "thank", "very", "really", "still", "again", "now", "today", "tomorrow", "flight"])
_FR_ACCENTS = re.compile(r"[éèêàçùâîôûëïœ]")


def _split_hashtag(m: re.Match[str]) -> str:
    tag = m.group(1)
    parts = _CAMEL.findall(tag)
    if len(parts) > 1:
        return " " + " ".join(parts) + " "
    return " " + _segment_hashtag(tag.lower()) + " "


_hashtag_cache: dict[str, str] = {}


def _segment_hashtag(tag: str) -> str:
    """``#neveragain`` -> ``never again``: split a lower-case hashtag into two words when one of
    them is a sentiment word of at least 4 letters (or a negator) and the other at least 3."""
    try:
        return _hashtag_cache[tag]
    except KeyError:
        pass
    out = tag
    words = _LEXICON_WORDS
    if len(tag) >= 7 and tag.isalpha() and tag not in words:
        best = 0
        for k in range(3, len(tag) - 2):
            left, right = tag[:k], tag[k:]
            score = 0
            if left in words and (len(left) >= 4 or left in _NEGATOR_TOKENS):
                score = len(left)
            if right in words and len(right) >= 4:
                score = max(score, len(right))
            if score > best:
                best, out = score, left + " " + right
    if len(_hashtag_cache) < 50_000:
        _hashtag_cache[tag] = out
    return out


@dataclass
class _Prepared:
    tokens: list[str]
    caps: frozenset[str]
    elongated: frozenset[str]
    fr_hits: int
    en_hits: int
    accents: bool


def _prepare(text: str) -> _Prepared:
    if "#" in text:
        text = _HASHTAG.sub(_split_hashtag, text)
    if "@" in text or "http" in text or "www." in text or "&" in text:
        text = _URL_HANDLE.sub(" ", text)
    caps: frozenset[str] = frozenset()
    caps_words = _ALLCAPS.findall(text)
    if caps_words:
        caps = frozenset(w.lower().translate(_FOLD) for w in caps_words)
    low = text.lower()
    if low.isascii():
        accents = False
    else:
        accents = bool(_FR_ACCENTS.search(low))
        low = low.translate(_FOLD)
    if "'" in low:
        low = _ELISION.sub(lambda m: _ELISION_FULL[m.group(1)] + " ", low)
    elongated: frozenset[str] = frozenset()
    if _ELONGATED.search(low):
        elongated = frozenset(m.group(0) for m in re.finditer(r"[a-z]*([a-z])\1{2,}[a-z]*", low))
    tokens = _TOKEN.findall(low)
    fr = en = 0
    for t in tokens:
        if t in _FR_WORDS:
            fr += 1
        elif t in _EN_WORDS:
            en += 1
    return _Prepared(tokens, caps, elongated, fr, en, accents)


def _language(p: _Prepared) -> tuple[str, bool]:
    """Primary language and whether the other lexicon may be used as a fallback."""
    fr = p.fr_hits + (2 if p.accents else 0)
    en = p.en_hits
    lang = "fr" if fr > en else "en"
    hi, lo = (fr, en) if lang == "fr" else (en, fr)
    clear = hi >= 3 and lo <= hi // 4
    return lang, not clear


def detect_language(text: str | None) -> str:
    """Cheap French/English guess from function words and accents; ties go to English."""
    if not text:
        return "en"
    return _language(_prepare(text))[0]


# -- lexicons ------------------------------------------------------------------------------------

def _read_tsv(name: str):
    raw = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        term = parts[0].strip()
        value = float(parts[1]) if len(parts) > 1 and parts[1].strip() else 0.0
        flags = {f.strip() for f in parts[2].split(",")} if len(parts) > 2 else set()
        yield term, value, flags


def _norm_term(term: str) -> tuple[str, ...]:
    return tuple(_prepare(term).tokens)


def _add(lex: Lexicon, term: str, value: float, flags: set[str]) -> None:
    kind = VAL
    for f in flags:
        if f in _KIND_NAMES:
            kind = _KIND_NAMES[f]
    if " " not in term and term in _EMOTICON_SET:
        lex.words[term] = Entry(value, kind, "complaint" in flags, "irony" in flags)
        return
    toks = _norm_term(term)
    if not toks:
        return
    selfneg = len(toks) > 1 and any(t in _NEGATOR_TOKENS for t in toks)
    entry = Entry(value, kind, "complaint" in flags, "irony" in flags, selfneg)
    if len(toks) == 1:
        lex.words[toks[0]] = entry
        return
    joined = "_".join(toks)
    lex.words[joined] = entry
    lst = lex.phrases.setdefault(toks[0], [])
    lst[:] = [p for p in lst if p[0] != toks]
    lst.append((toks, joined))
    lst.sort(key=lambda p: -len(p[0]))


_EMOTICON_SET = frozenset(_EMOTICONS)


def _negator_tokens() -> frozenset[str]:
    from vaderSentiment.vaderSentiment import NEGATE

    fr = ("ne", "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni", "guere", "personne", "no")
    return frozenset(NEGATE) | frozenset(fr)


_NEGATOR_TOKENS = _negator_tokens()


def _vader_lexicon() -> dict[str, float]:
    raw = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    out = {}
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return out


def _build_english() -> Lexicon:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES

    lex = Lexicon()
    for word, val in _vader_lexicon().items():
        if word in _EMOTICON_SET or re.fullmatch(r"[a-z0-9']+", word):
            lex.words[word] = Entry(val)
    for word in NEGATE:
        _add(lex, word, 0.0, {"neg"})
    for word, val in BOOSTER_DICT.items():
        _add(lex, word, val, {"boost"})
    for phrase, val in SPECIAL_CASES.items():
        _add(lex, phrase, val, set())
    for term, value, flags in _read_tsv("lexicon_en.tsv"):
        _add(lex, term, value, flags)
    return lex


def _build_french() -> Lexicon:
    lex = Lexicon()
    for term, value, flags in _read_tsv("lexicon_fr.tsv"):
        _add(lex, term, value, flags)
    return lex


def _build_emoji(en: Lexicon, fr: Lexicon) -> None:
    for term, value, flags in _read_tsv("emoji.tsv"):
        e = Entry(value, VAL, "complaint" in flags, "irony" in flags)
        key = term.lower().translate(_FOLD)
        en.words[key] = e
        fr.words[key] = e


_LEXICON_WORDS: frozenset[str] = frozenset()   # filled below, once the lexicons are read
_EN = _build_english()
_FR = _build_french()
_build_emoji(_EN, _FR)
_LEXICON_WORDS = frozenset(
    w for lex in (_EN, _FR) for w, e in lex.words.items()
    if "_" not in w and w.isalpha() and (e.value != 0.0 or e.kind == NEG))

# French inflection fallbacks (feminine, plural, adverbs) tried when a word is not in the lexicon.
_FR_SUFFIXES = (
    ("ement", ""), ("ement", "e"), ("ives", "if"), ("ive", "if"), ("euses", "eux"), ("euse", "eux"),
    ("elles", "el"), ("elle", "el"), ("ennes", "en"), ("enne", "en"), ("eres", "er"), ("ere", "er"),
    ("ales", "al"), ("aux", "al"), ("lles", "l"), ("lle", "l"), ("es", ""), ("s", ""), ("x", ""),
    ("e", ""), ("ee", "er"), ("ees", "er"), ("e", "er"), ("es", "er"),
)
_EN_SUFFIXES = (("s", ""), ("es", ""))
_resolve_cache: dict[tuple[str, bool, str], Entry | None] = {}
_CACHE_MAX = 400_000


def _lookup_one(lex: Lexicon, tok: str, suffixes) -> Entry | None:
    e = lex.words.get(tok)
    if e is not None:
        return e
    if len(tok) > 4:
        for suf, rep in suffixes:
            if tok.endswith(suf):
                e = lex.words.get(tok[: -len(suf)] + rep)
                if e is not None and e.kind in (VAL, EXPECT, NEUTRAL):
                    return e
    return None


def _resolve(tok: str, lang: str, fallback: bool) -> Entry | None:
    key = (lang, fallback, tok)
    try:
        return _resolve_cache[key]
    except KeyError:
        pass
    cands = [tok]
    if _ELONGATED.search(tok):
        cands = [_ELONGATED.sub(r"\1\1", tok), _ELONGATED.sub(r"\1", tok),
                 re.sub(r"([a-z])\1+", r"\1", tok)]
    if lang == "fr":
        order = [(_FR, _FR_SUFFIXES)] + ([(_EN, _EN_SUFFIXES)] if fallback else [])
    else:
        order = [(_EN, _EN_SUFFIXES)] + ([(_FR, _FR_SUFFIXES)] if fallback else [])
    found = None
    for lex, sufs in order:
        for c in cands:
            found = _lookup_one(lex, c, sufs)
            if found is not None:
                break
        if found is not None:
            break
    if len(_resolve_cache) > _CACHE_MAX:
        _resolve_cache.clear()
    _resolve_cache[key] = found
    return found


def _merged_phrases(primary: Lexicon, other: Lexicon | None):
    """Expressions of both lexicons indexed by their first two tokens, longest first."""
    merged: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
    for lex in (primary, other) if other is not None else (primary,):
        for cands in lex.phrases.values():
            for toks, joined in cands:
                lst = merged.setdefault((toks[0], toks[1]), [])
                if all(p[0] != toks for p in lst):
                    lst.append((toks, joined))
    for lst in merged.values():
        lst.sort(key=lambda p: -len(p[0]))   # stable: the primary language wins ties
    return merged, frozenset(k[0] for k in merged)


_PHRASES = {
    ("en", False): _merged_phrases(_EN, None), ("en", True): _merged_phrases(_EN, _FR),
    ("fr", False): _merged_phrases(_FR, None), ("fr", True): _merged_phrases(_FR, _EN),
}


def _join_phrases(tokens: list[str], lang: str, fallback: bool) -> list[str]:
    phrases, firsts = _PHRASES[(lang, fallback)]
    out: list[str] = []
    i, n = 0, len(tokens)
    get = phrases.get
    while i < n:
        t = tokens[i]
        if t in firsts and i + 1 < n:
            cands = get((t, tokens[i + 1]))
            if cands:
                for toks, joined in cands:
                    k = len(toks)
                    if k == 2 or (i + k <= n and tuple(tokens[i:i + k]) == toks):
                        out.append(joined)
                        i += k
                        break
                else:
                    out.append(t)
                    i += 1
                continue
        out.append(t)
        i += 1
    return out


# -- scoring -------------------------------------------------------------------------------------

_CLOCK = frozenset(["at", "a", "vers", "by", "before", "avant", "until", "till", "jusque", "from", "des"])  # "à 7 heures"
_LIGHT = frozenset(
    ["it", "it's", "its", "is", "was", "be", "been", "being", "the", "a", "an", "that", "this", "to", "am", "are", "were", "i", "me", "my", "you", "your", "le", "la", "les", "un", "une", "ce", "c", "est", "etait", "sont", "ca", "cela", "il", "elle", "je", "me", "te", "se", "y", "en"])
_CLOSERS = frozenset(("pas", "jamais", "plus", "rien", "guere", "point", "aucun", "aucune",
                      "personne", "nullement"))


def _followed_by_postneg(entries: list[Entry | None], i: int, n: int) -> bool:
    for j in (i + 1, i + 2):
        if j >= n:
            return False
        e = entries[j]
        if e is None:
            return False
        if e.kind == POSTNEG:
            return True
        if e.kind != BOOST:
            return False
    return False


def score_one(text: str | None) -> float | None:
    if text is None:
        return None
    if not isinstance(text, str):
        if isinstance(text, float) and math.isnan(text):
            return None   # pandas' missing value
        text = str(text)
    if not text.strip():
        return None
    p = _prepare(text)
    if not p.tokens:
        return 0.0
    lang, fallback = _language(p)
    tokens = _join_phrases(p.tokens, lang, fallback)
    entries = [_resolve(t, lang, fallback) for t in tokens]
    n = len(tokens)
    caps = p.caps
    cap_diff = bool(caps) and len(caps) < n
    vals = [0.0] * n
    ironic: list[int] = []
    complaint = 0.0
    contrast_at = -1
    ne_open = -1          # index of an open French "ne"
    ne_closed_at = -100   # index of the closer (pas/jamais ...) that ended it
    for i in range(n):
        e = entries[i]
        tok = tokens[i]
        if tok in _BOUNDARY:
            ne_open = -1
            ne_closed_at = -100
            continue
        if e is None:
            continue
        kind = e.kind
        if kind == NE:
            ne_open = i
            continue
        if kind in (NEG, POSTNEG) and ne_open >= 0 and tok in _CLOSERS:
            ne_open = -1
            ne_closed_at = i
        if kind == CONTRAST:
            if contrast_at < 0:
                contrast_at = i
            continue
        v = e.value
        if kind == DURATION:
            prev = tokens[i - 1] if i else ""
            before = tokens[i - 2] if i > 1 else ""
            if (_DIGIT.search(prev) or prev in _NUMBER_WORDS) and before not in _CLOCK:
                vals[i] = v
                complaint += -v
            continue
        if kind == VALBOOST:
            nxt = entries[i + 1] if i + 1 < n else None
            if nxt is not None and nxt.kind in (VAL, VALBOOST) and nxt.value != 0.0:
                continue  # acts as an intensifier of the next word
            kind = VAL
        if kind not in (VAL, EXPECT) or v == 0.0 and kind == VAL:
            continue
        if e.selfneg:
            ne_open = -1
        negated = False
        irrealis = False
        scalar = 0.0
        stop = max(0, i - max(NEG_WINDOW, BOOST_WINDOW) - 3)
        dist = 0
        for j in range(i - 1, stop - 1, -1):
            tj = tokens[j]
            if tj in _BOUNDARY or tj in ("!", "?"):
                break
            if tj in _LIGHT and dist:
                continue   # "don't think it was great": pronouns and copulas don't count
            dist += 1
            if dist > NEG_WINDOW + 1:
                break
            ej = entries[j]
            if ej is None:
                continue
            kj = ej.kind
            if kj == VAL and ej.value != 0.0 and NEG_STOPS_AT_SENTIMENT:
                break
            if kj == IRREALIS:
                irrealis = True
            elif kj in (NEG, POSTNEG) and dist <= NEG_WINDOW:
                if kj == NEG and tj == "no" and dist > 2:
                    continue
                negated = True
            elif kj == NE and dist <= NEG_WINDOW + 1:
                negated = True
            elif (kj == BOOST or kj == VALBOOST) and dist <= BOOST_WINDOW:
                b = ej.value if kj == BOOST else B_INCR
                if tj in caps and cap_diff:
                    b += B_INCR if b > 0 else -B_INCR
                scalar += b * (1.0, 0.95, 0.9)[dist - 1]
        if e.selfneg:
            negated = False
        elif not negated:
            if ne_open >= 0 and i - ne_open <= 6:
                negated = True   # between "ne" and its closer
            elif 0 < i - ne_closed_at <= 2:
                negated = True   # just after "ne ... pas"
            elif ne_open < 0 and lang == "fr" and _followed_by_postneg(entries, i, n):
                negated = True   # "j'aime pas", "j'aime vraiment pas"
        if kind == EXPECT:
            if not negated:
                continue
            vals[i] = v
            complaint += -v if v < 0 else 0.0
            continue
        sign = 1.0 if v > 0 else -1.0
        if tok in caps and cap_diff:
            v += sign * C_INCR
        if tok in p.elongated:
            v += sign * B_INCR
        if scalar:
            v += sign * scalar
            if v * sign < 0:
                v = 0.0
        if negated:
            v *= N_SCALAR
        if irrealis:
            v *= IRREALIS_FACTOR
        vals[i] = v
        if v < 0 and e.complaint:
            complaint += -v
        if v > 0 and e.irony:
            ironic.append(i)
    if contrast_at >= 0:
        for i in range(n):
            if i < contrast_at:
                vals[i] *= 0.5
            elif i > contrast_at:
                vals[i] *= 1.5
    if ironic and complaint >= IRONY_MIN_COMPLAINT:
        for i in ironic:
            vals[i] *= IRONY_FACTOR
    s = sum(vals)
    if s == 0.0:
        return 0.0
    ep = min(tokens.count("!"), 4) * 0.292
    s += ep if s > 0 else -ep
    return s / math.sqrt(s * s + ALPHA)
