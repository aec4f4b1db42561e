"""Words and short posts for the demo brand, in French and English.

The brand is fictional: *Atelier Brume*, a French home-fragrance and skincare label (candles,
diffusers, soaps) sold online, in its own stores and on marketplaces, with customers mostly in
France and some in Belgium, Switzerland, Canada, the UK and the US.

Text pools are built once from templates with a small loop over the *pool* (a few hundred
variants), then sampled with numpy indices: no loop over rows.
"""

from __future__ import annotations

import numpy as np

BRAND = "Atelier Brume"
BRAND_HANDLES = {  # the brand's own accounts, per channel (is_brand = true)
    "x": "atelierbrume", "instagram": "atelierbrume", "facebook": "AtelierBrume",
    "tiktok": "atelierbrume", "youtube": "AtelierBrumeOfficiel", "forum": "AtelierBrume_Equipe",
    "threads": "atelierbrume", "review_site": "Atelier Brume (réponse de la marque)",
    "blog": "atelierbrume", "linkedin": "atelier-brume",
}

FIRST_NAMES = (
    "marie", "camille", "lea", "manon", "chloe", "ines", "sarah", "julie", "emma", "lucie",
    "thomas", "lucas", "hugo", "nicolas", "antoine", "maxime", "louis", "arthur", "theo", "paul",
    "nathalie", "isabelle", "sophie", "sandrine", "celine", "pierre", "laurent", "olivier",
    "jessica", "emily", "olivia", "james", "oliver", "jack", "noah", "amelia", "ava", "liam",
    "yasmine", "karim", "mehdi", "fatou", "aminata", "kevin", "anthony", "elodie", "aurelie",
    "margaux", "clement", "romain", "justine", "pauline", "quentin", "baptiste", "alice", "jade",
)
LAST_NAMES = (
    "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy",
    "moreau", "simon", "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux",
    "vincent", "fournier", "morel", "girard", "andre", "mercier", "dupont", "lambert", "bonnet",
    "francois", "martinez", "legrand", "garnier", "faure", "rousseau", "blanc", "guerin", "muller",
    "henry", "roussel", "nicolas", "perrin", "morin", "mathieu", "clement", "gauthier", "dumont",
    "smith", "jones", "taylor", "brown", "wilson", "tremblay", "gagnon", "roy", "cote", "peeters",
    "janssens", "maes", "favre", "rochat",
)
HANDLE_WORDS = (
    "candle", "brume", "cocoon", "home", "deco", "beauty", "lover", "addict", "vibes", "mood",
    "studio", "life", "zen", "cosy", "daily", "paris", "lyon", "bzh", "mtl", "fan", "club",
)
EMAIL_DOMAINS = ("gmail.com", "orange.fr", "free.fr", "hotmail.fr", "yahoo.fr", "outlook.com",
                 "laposte.net", "sfr.fr", "icloud.com", "proton.me", "skynet.be", "bluewin.ch",
                 "videotron.ca", "btinternet.com")

REGIONS = {
    "FR": (("ile-de-france", 0.27), ("auvergne-rhone-alpes", 0.13), ("nouvelle-aquitaine", 0.09),
           ("occitanie", 0.09), ("hauts-de-france", 0.08), ("provence-alpes-cote-d-azur", 0.08),
           ("grand-est", 0.07), ("pays-de-la-loire", 0.06), ("bretagne", 0.05), ("normandie", 0.04),
           ("bourgogne-franche-comte", 0.03), ("centre-val-de-loire", 0.01)),
    "BE": (("bruxelles", 0.4), ("wallonie", 0.45), ("flandre", 0.15)),
    "CH": (("geneve", 0.45), ("vaud", 0.4), ("valais", 0.15)),
    "CA": (("quebec", 0.85), ("ontario", 0.15)),
    "US": (("new-york", 0.4), ("california", 0.35), ("louisiana", 0.25)),
    "GB": (("london", 0.7), ("england-other", 0.3)),
}

PRODUCTS_FR = ("la bougie Figue", "la bougie Ambre", "le diffuseur Cèdre", "le savon Lavande",
               "la crème mains Fleur d'oranger", "le coffret de Noël", "la brume d'oreiller",
               "le parfum d'intérieur", "la bougie parfumée", "la recharge de diffuseur")
PRODUCTS_EN = ("Fig candle", "Amber candle", "Cedar diffuser", "lavender soap", "hand cream",
               "gift box", "pillow mist", "room spray", "scented candle", "diffuser refill")
CITIES_FR = ("Lyon", "Bordeaux", "Lille", "Nantes", "Marseille", "Toulouse", "Bruxelles", "Genève")
CITIES_EN = ("London", "Montreal", "New York", "Brussels", "Geneva")
EMOJI_POS = ("😍", "🥰", "✨", "🙌", "❤️", "👌", "🔥", "🕯️", "")
EMOJI_NEG = ("😡", "😤", "👎", "🤬", "😒", "🙄", "💩", "")
EMOJI_NEU = ("🤔", "👀", "", "", "")

_POS_FR = (
    "Trop contente de ma commande, {p} sent divinement bon {e}",
    "franchement top, livraison rapide, merci {b} !", "Le service client d'{b} est au top {e}",
    "jamais été déçue par {b}", "c'est pas mal du tout, je recommande {p}",
    "j'adooore la nouvelle collection {e}", "franchement {p} est incroyable {e}",
    "Depuis que j'ai {p}, toute la maison embaume", "Cadeau parfait, ma mère a adoré {p} {e}",
    "Encore une commande chez {b}, je suis accro mdr", "pas déçu du tout, qualité au rendez-vous",
    "Super accueil dans la boutique de {c} {e}", "je recommande à 100% {e}",
    "{b} ne m'a jamais déçue, bravo l'équipe", "trop bien l'atelier bougies à {c} !! {e}",
)
_NEG_FR = (
    "commande toujours pas reçue, {b} c'est n'importe quoi {e}",
    "pas du tout satisfaite, {p} est de mauvaise qualité", "je ne recommande pas {b} {e}",
    "grosse déception... {e}", "c'est vraiment nul, {p} n'a tenu que 2 jours",
    "Service client injoignable depuis une semaine {e}", "trop cher pour ce que c'est",
    "{p} ne sent plus rien au bout de 3 utilisations {e}",
    "colis arrivé cassé, aucune réponse d'{b}", "franchement décevant, je commanderai plus chez {b}",
    "c pas normal d'attendre 3 semaines {e}",
    "pas terrible la nouvelle formule, {p} ne sent plus pareil",
)
_NEU_FR = (
    "quelqu'un a testé {p} d'{b} ? {e}", "{b} ouvre une boutique à {c}",
    "Vous conseillez quoi comme parfum chez {b} ?", "{p} est de retour en stock apparemment",
    "Quelle différence entre {p} et l'ancienne version ?", "{b} sera au salon de {c} ce week-end",
    "C'est quand les soldes chez {b} ? {e}",
)
_POS_EN = (
    "Just got my {p} from {b} and I love it {e}", "{b} customer service is top notch, thanks!",
    "honestly the best {p} i've ever had {e}", "not bad at all, the {p} is actually great",
    "can't recommend {b} enough {e}", "Loving the new collection from {b} {e}",
    "My whole flat smells amazing thanks to the {p}", "perfect gift, my sister loved the {p} {e}",
    "ordered again from {b}, no regrets", "the {b} store in {c} is so lovely {e}",
    "never disappointed by {b}", "soooo good, 10/10 would buy again {e}",
)
_NEG_EN = (
    "my {p} from {b} broke after 2 days {e}", "worst customer service ever, still no refund {e}",
    "not happy with {b}, the {p} is not worth the price", "don't buy the {p}, total waste of money",
    "order still not delivered after 3 weeks {e}", "the {p} lost its scent after a week, meh",
    "{b} never answers emails, disappointed", "package arrived damaged and nobody cares {e}",
    "won't order from {b} again", "really not impressed with the new {p}",
)
_NEU_EN = (
    "anyone tried the {p} from {b}? {e}", "{b} is opening a store in {c}",
    "which {b} scent would you recommend?", "is the {p} back in stock?",
    "{b} pop-up in {c} this weekend", "when is the {b} sale starting? {e}",
)
_BRAND_SORRY_FR = (
    "Bonjour, nous sommes désolés pour ce souci. Pouvez-vous nous écrire en message privé avec votre numéro de commande ?",
    "Bonjour, nous avons transmis votre demande au service client, désolés pour l'attente.",
    "Nous sommes navrés, notre équipe revient vers vous très vite en message privé.",
)
_BRAND_THANKS_FR = (
    "Merci beaucoup pour ce retour, ça nous fait très plaisir {e}",
    "Merci ! Toute l'équipe d'{b} vous remercie {e}",
    "Merci pour votre message ! Tous nos parfums sont à découvrir sur le site {e}",
)
_BRAND_SORRY_EN = (
    "Hi, we're so sorry about this. Could you DM us your order number?",
    "Hi, we've passed this on to our customer care team, sorry for the wait.",
)
_BRAND_THANKS_EN = (
    "Thank you so much for the kind words {e}", "Thanks for reaching out! {e}",
)
_DEFENSE_FR = (
    "Perso j'ai jamais eu de souci avec {b}, le service client est super réactif",
    "C'est faux, j'ai vérifié, {b} a répondu officiellement. Arrêtez de relayer n'importe quoi",
    "Bizarre, chez moi {p} tient super bien, contactez le SAV ils sont top {e}",
    "Je commande chez eux depuis des années, jamais un problème {e}",
    "Franchement {b} c'est une des rares marques sérieuses, ils vont vous aider",
)
_DEFENSE_EN = (
    "Never had any issue with {b}, their support is great",
    "That's not true, {b} already answered this. Stop spreading rumours",
    "Weird, mine works perfectly, contact their support they're really helpful {e}",
    "Been buying from them for years, never a problem {e}",
)
_PILE_ON_FR = ("pareil pour moi, aucune réponse {e}", "même problème ici, c'est honteux",
               "ah bon ? je vais arrêter de commander alors {e}")
_PILE_ON_EN = ("same here, no answer at all {e}", "same problem, so disappointing",
               "wow, I'm done with them then {e}")

# planted e-reputation events: the topic of the conversation during the spike
RUMOR_TOPICS = (
    {"topic": "toxic_candles",
     "fr": ("il paraît que les bougies {b} contiendraient des substances toxiques ?? {e}",
            "Les bougies {b} seraient toxiques, vous étiez au courant ? {e}",
            "je jette toutes mes bougies {b}, trop peur pour mes enfants {e}",
            "c'est grave ce qu'on lit sur {b}... bougies toxiques ??"),
     "en": ("heard {b} candles are toxic??? {e}", "so {b} candles release toxic fumes? not cool {e}",
            "throwing away all my {b} candles after reading this {e}")},
    {"topic": "offshoring",
     "fr": ("{b} délocaliserait toute sa production, fini le made in France ? {e}",
            "si {b} délocalise je n'achète plus rien chez eux {e}",
            "Déçue d'apprendre que {b} quitte la France... {e}",
            "{b} fabriqué en Asie maintenant ? c'est une blague {e}"),
     "en": ("so {b} is moving production overseas? {e}",
            "{b} no longer made in France?? disappointed {e}")},
)
BUZZ_TOPICS = (
    {"topic": "influencer_collab",
     "fr": ("la collab {b} x Lou Céleste est magnifique {e}", "j'ai eu la bougie de la collab {b} !!! {e}",
            "Rupture de stock en 2h pour la collab {b}, incroyable {e}",
            "trop belle la collection capsule {b} {e}"),
     "en": ("the {b} x Lou Celeste collab is stunning {e}", "got the {b} collab candle!!! {e}")},
    {"topic": "viral_video",
     "fr": ("la vidéo de fabrication des bougies {b} est trop satisfaisante {e}",
            "Tout le monde parle de la vidéo {b}, trop mignon {e}",
            "{b} élu meilleure marque éco-responsable, bravo ! {e}"),
     "en": ("that {b} candle-making video is so satisfying {e}",
            "{b} just won the eco brand award, well deserved {e}",
            "everyone is talking about the {b} video {e}")},
)

_SUFFIXES = ("", "", "", " !", " !!", " lol", " mdr", " ...", " #atelierbrume", " 🤷")


def _fill(templates: tuple[str, ...], rng: np.random.Generator, n: int, lang: str,
          emojis: tuple[str, ...]) -> list[str]:
    products = PRODUCTS_FR if lang == "fr" else PRODUCTS_EN
    cities = CITIES_FR if lang == "fr" else CITIES_EN
    out: list[str] = []
    for k in range(n):  # loop over the pool, not over rows
        t = templates[k % len(templates)]
        s = t.format(b=BRAND, p=products[rng.integers(len(products))],
                     c=cities[rng.integers(len(cities))], e=emojis[rng.integers(len(emojis))])
        s = s.strip() + _SUFFIXES[rng.integers(len(_SUFFIXES))] if k >= len(templates) else s.strip()
        if rng.random() < 0.12:  # informal: no capital letter
            s = s[:1].lower() + s[1:]
        out.append(s)
    return out


def build_pools(rng: np.random.Generator, size: int = 120) -> dict[str, list[str]]:
    """Pools keyed '<kind>_<lang>' (kind: pos, neg, neu, brandsorry, brandthanks, defense, pileon, rumor0..,
    buzz0..). Every pool is non-empty and deterministic for a given rng state."""
    pools: dict[str, list[str]] = {}
    spec = {
        "pos": (_POS_FR, _POS_EN, EMOJI_POS), "neg": (_NEG_FR, _NEG_EN, EMOJI_NEG),
        "neu": (_NEU_FR, _NEU_EN, EMOJI_NEU),
        "brandsorry": (_BRAND_SORRY_FR, _BRAND_SORRY_EN, ("",)),
        "brandthanks": (_BRAND_THANKS_FR, _BRAND_THANKS_EN, EMOJI_POS),
        "defense": (_DEFENSE_FR, _DEFENSE_EN, EMOJI_POS),
        "pileon": (_PILE_ON_FR, _PILE_ON_EN, EMOJI_NEG),
    }
    for i, t in enumerate(RUMOR_TOPICS):
        spec[f"rumor{i}"] = (t["fr"], t["en"], EMOJI_NEG)
    for i, t in enumerate(BUZZ_TOPICS):
        spec[f"buzz{i}"] = (t["fr"], t["en"], EMOJI_POS)
    for kind, (fr, en, emo) in spec.items():
        pools[f"{kind}_fr"] = _fill(fr, rng, max(size, len(fr)), "fr", emo)
        pools[f"{kind}_en"] = _fill(en, rng, max(size // 2, len(en)), "en", emo)
    return pools
