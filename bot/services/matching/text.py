"""Danish text as the matcher reads it: the word lists, tokens and Snowball stems."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Danish function words and the managers' shorthand for them: they say nothing about a citizen.
_STOP_WORDS = """
    ad af aldrig alle alt alting altid anden andet andre at bag bare begge bl blandt blev blive
    bliver da de dem den denne dens der derefter deres derfor derfra deri dermed derpå derved
    det dette dig din dine disse dit dog du efter egen eller ellers en end endnu ene eneste enhver
    ens er et f far fem fik fire flere fleste for foran fordi forrige fra fx få får før først
    gennem gjorde gjort god godt gør gøre gørende ham han hans har havde have hej hel heller
    hen hende hendes henover her herefter heri hermed herpå hos hun hvad hvem hver hvilke hvilken
    hvilket hvis hvor hvordan hvorefter hvorfor hvorfra hvorhen hvori hvorimod hvornår hvorved
    i igen igennem ikke imellem imens imod ind indtil ingen intet jeg jer jeres jo kan kom
    komme kommer kun kunne lad lav lidt lige lille man mange med meget mellem men mens mere
    mig min mindre mine mit mod må måske ned nej nemlig ni nogen nogensinde noget nogle nok nu
    ny nyt nær næste næsten og også om omkring op os otte over overalt på samme sammen se seks
    selv selvom senere ser ses sig sige sin sine sit skal skulle som stadig stor store synes
    syntes syv så sådan således tag tage temmelig thi ti til tit to tre ud uden udover under
    undtagen var ved vi via vil ville vor vore vores vær være været øvrigt
    m ift pga jf ca bla mht evt osv dvs inkl kl nr mv vha iflg ang vedr tlf etc
    borger borgere borgeren borgerne borgers borgerens vores os
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Words about the organisation and the work, not about the citizen: every unit writes them
# ("vi venter på en plan", "ingen kontakt", "mangler tid"), so they weigh little.
_ORGANISATION_WORDS = """
    vente venter ventet ventetid ventetiden venteliste ventelisten ventelister tid tiden
    mangle mangler manglende plan planen planer samarbejde samarbejdet møde møder mødet
    opfølgning opfølgningen kontakt kontakten ansvar ansvaret personale personalet
    medarbejder medarbejdere medarbejderne kollega kolleger kommune kommunen kommunens
    afdeling afdelingen afdelinger enhed enheden leder ledere ledelsen opgave opgaven opgaver
    system systemet mail mails telefon info information besked uge ugen uger måned måneden
    måneder dag dage dagen år året gang gange ofte først lang langt længe svært svære
    problem problemet problemer brug behov hjælp hjælpe hjælper tilbud tilbuddet indsats
    indsatsen forløb forløbet sagsbehandler sagsbehandlere sagsbehandleren regler reglerne
    står går få får giver gøre mere flere folk nogle hele andet andre fælles
"""
ORGANISATION_WORDS = frozenset(_ORGANISATION_WORDS.split())
ORGANISATION_WEIGHT = 0.3

# A word, or a paragraph of the law ("§ 85", "§85"): "§ 85" and "§85" are one token.
_TOKEN = re.compile(r"§\s*\d+[a-z]?|[^\W\d_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Danish stem of one lower-case word."""
    return str(_STEMMER.stemWord(word))


def normalise(text: str | None) -> str:
    """Text as the matcher reads it: NFKC, lower case, no invisible format characters."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def tokens(text: str | None) -> list[str]:
    """Every word of a text in order, lower case, stop words kept (phrases need them)."""
    return [re.sub(r"\s+", "", t) for t in _TOKEN.findall(normalise(text))]


def terms(text: str | None) -> list[str]:
    """The stemmed content words of a text, in order (stop words and numbers left out)."""
    return [stem(w) for w in tokens(text) if _content(w)]


def _content(word: str) -> bool:
    return (len(word) > 1 or word.startswith("§")) and word not in STOP_WORDS
