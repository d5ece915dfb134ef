"""The boundary guard (code of ethics): before a message is sent, notice what takes a relationship off the
platform or across a line, so the writer can think again. It finds phone numbers, email addresses, home
addresses, social-media handles, plans to meet or talk elsewhere, and money asked or offered, in English
and Spanish. It only warns (or, by program policy, holds for a quick review): it never drops a word.

Plain rules, not a model: each is easy to read, and a near miss is a table test (crisis lines such as 988
or 741741, times like 10:30, "I'll be there at 5", prices in ordinary talk). Where a rule has to choose,
it lets a rare miss through rather than nag people who are only talking.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PHONE, EMAIL, ADDRESS, HANDLE, MEETING, MONEY = (
    "phone",
    "email",
    "address",
    "handle",
    "meeting",
    "money",
)
KINDS = (PHONE, EMAIL, ADDRESS, HANDLE, MEETING, MONEY)

REASONS = {
    PHONE: _(
        "This looks like a phone number. To keep everyone safe, please keep contact details out of "
        "conversations here."
    ),
    EMAIL: _(
        "This looks like an email address. To keep everyone safe, please keep contact details out "
        "of conversations here."
    ),
    ADDRESS: _(
        "This looks like a home or street address. Sharing where someone lives can put them at risk."
    ),
    HANDLE: _(
        "This looks like a social-media name or an invitation to another app. Support stays here, "
        "where your program can look out for you."
    ),
    MEETING: _(
        "This looks like a plan to meet or talk outside Alongside. Support stays here, where your "
        "program can look out for you."
    ),
    MONEY: _(
        "This looks like asking for or offering money. Peer support here never involves money."
    ),
}


@dataclass(frozen=True)
class Finding:
    kind: str

    @property
    def reason(self) -> str:
        """Plain words for the writer, in the active language."""
        return str(REASONS[self.kind])

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "reason": self.reason}


def _plain(text: str) -> str:
    """Lower case without accents, so one rule covers "sígueme" and "sigueme"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- phone numbers -------------------------------------------------------------------------------

# Digits with the separators people type between them (not ":" — times — nor "/" — dates).
_PHONE_LIKE = re.compile(r"(?<![\w/.,:$€])\+?\(?\d[\d\s().-]{5,}\d(?![\w/:%€$]|[.,]\d)")
_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
# Lines people may share freely: crisis and help lines, and organisations' toll-free numbers.
_HELP_LINES = {
    "988",
    "741741",
    "18002738255",
    "8002738255",
    "18006624357",
    "024",
    "717003717",
    "900107917",
    "116111",
    "112",
    "911",
}
_TOLL_FREE = re.compile(r"^1?(800|888|877|866|855|844|833)\d{7}$|^900\d{6}$")


def _phones(text: str) -> bool:
    for match in _PHONE_LIKE.finditer(text):
        candidate = match.group().strip()
        digits = re.sub(r"\D", "", candidate)
        if not 7 <= len(digits) <= 15 or _ISO_DATE.match(candidate):
            continue
        if digits in _HELP_LINES or _TOLL_FREE.match(digits):
            continue
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", candidate) and (
            len(digits) != 9 or digits.endswith("000")
        ):
            continue  # 1.500.000: a large number written the Spanish way (a phone has 9 digits)
        return True
    return False


# --- the rest, on lower-cased text without accents ------------------------------------------------

_EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}"
    r"|\b[\w.+-]+\s*[\[(]?\s*(at|arroba)\s*[\])]?\s*(gmail|hotmail|yahoo|outlook|icloud|proton\w*|live)"
    r"\s*[\[(]?\s*(\.|dot|punto)\s*[\])]?\s*(com|es|net|org|mx)\b"
)

_STREET_WORDS = (
    r"street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|terrace|place|pl"
    r"|crescent|close"
)
_NOT_A_STREET_NAME = (
    r"(?!(?:the|a|an|of|to|down|up|more|blocks?|miles?|km|minutes?|hours?|days?|times?|steps?)\b)"
)
_ADDRESS = re.compile(
    # English: 42 Oak Street, 1200 W Elm Ave, apt 4B
    rf"\b\d{{1,5}}\s+{_NOT_A_STREET_NAME}[a-z]+(\s+{_NOT_A_STREET_NAME}[a-z]+)?\s+({_STREET_WORDS})\b\.?"
    r"|\b(apt|apartment|unit)\s*#?\s*\d+[a-z]?\b"
    r"|\bmy (home |house |street )?address\b|\bi live (at|on) \d"
    # Spanish: calle Mayor 5, c/ Alcala 12, avenida Juarez 120, mi direccion es, piso 3
    r"|\b(calle|c/|avenida|avda\.?|av\.|paseo|plaza|carrera|colonia)\s*[a-z][a-z ]{1,30}?,?\s*"
    r"(n(o|º|°|um\.?)\.?\s*)?\d{1,4}\b"
    r"|\bmi direccion\b|\bvivo en (la )?(calle|avenida|c/)"
)

_APPS = (
    r"insta(gram)?|ig|snap(chat)?|facebook|fb|tik ?tok|whats ?app|wa|telegram|discord|twitter|x|"
    r"signal|kik|messenger|threads|bluesky|reddit"
)
_HANDLE = re.compile(
    r"(?<![\w.@])@[a-z0-9_][a-z0-9_.]{1,29}\b(?!\.[a-z]{2,}\b)"  # @name (an email has a dot after)
    r"|\b(instagram\.com|facebook\.com|fb\.me|tiktok\.com|t\.me|wa\.me|snapchat\.com|discord\.gg"
    r"|twitter\.com|x\.com)/"
    rf"|\b(add|follow|find|dm|message|msg|text|hit) me (up )?(on|at|in) ({_APPS})\b"
    rf"|\bmy ({_APPS})( name| handle| username| user)? is\b"
    rf"|\b(agregame|sigueme|buscame|escribeme|hablame|mandame un mensaje) (en|por|al) ({_APPS})\b"
    rf"|\bmi ({_APPS})( es|:)"
)

_MEETING = re.compile(
    r"\b(let'?s|can we|could we|shall we|should we|want to|wanna|we could|we should) "
    r"(meet( up)?|hang out|get together|grab (a )?(coffee|drink|bite))\b(?! (here|again here|online))"
    r"|\bmeet( up)?( with me)? (in person|irl|for (a )?(coffee|drink|lunch|dinner|walk)"
    r"|at (my|your) (place|house|home|apartment|flat))"
    r"|\b(come over|my place|your place|pick you up)\b"
    r"|\b(call|text|phone|ring|facetime) me\b"
    r"|\b(talk|chat) (on the phone|off (the )?(app|platform|site)|outside (of )?(here|this|the app))"
    # Spanish
    r"|\b(quedamos|quedar|vernos|nos vemos|juntarnos|nos juntamos)\b[^.?!]{0,25}"
    r"(en persona|en (mi|tu) casa|para (un |una )?(cafe|tomar|comer|cenar|caminar|algo))"
    r"|\b(podemos|quieres|queres|te parece) (vernos|quedar|juntarnos)\b"
    r"|\ben persona\b"
    r"|\b(llamame|marcame|textea me|escribeme al)\b"
    r"|\bhablar (por telefono|fuera de (aqui|la app|la plataforma))"
)

_CASH = r"(\$|€|£)\s?\d|\d+\s?(\$|€|£|dollars|bucks|euros|pesos|dolares)\b"
_MONEY = re.compile(
    r"\b(send|lend|loan|give|wire|transfer|spot|venmo|zelle|cash ?app|paypal) me\b"
    r"|\b(can|could|would|will) you (please )?(lend|loan|send|give|spare|pay)( me)?\b[^.?!]{0,25}"
    rf"(money|cash|\bbucks\b|{_CASH})"
    r"|\b(i|we) (really )?need (some )?(money|cash)\b"
    r"|\bpay (me|you) back\b"
    r"|\b(i('ll| will| can| could)|let me) (send|give|lend|pay) you\b[^.?!]{0,25}"
    rf"(money|cash|\bbucks\b|{_CASH})"
    r"|\b(venmo|cash ?app|zelle|paypal|gift ?cards?|bank account|routing number|bizum)\b"
    # Spanish
    r"|\b(prestame|mandame|enviame|dame|pasame|depositame|transfiereme)\b[^.?!]{0,20}"
    rf"(dinero|plata|pasta|lana|{_CASH})"
    r"|\b(me )?(puedes|podrias) (prestar|mandar|enviar|dar)(me)?\b[^.?!]{0,20}"
    rf"(dinero|plata|pasta|lana|{_CASH})"
    r"|\bnecesito (dinero|plata|pasta|lana)\b"
    r"|\b(te (presto|mando|envio|doy|paso))\b[^.?!]{0,20}"
    rf"(dinero|plata|pasta|lana|{_CASH})"
    r"|\b(cuenta bancaria|tarjeta regalo|transferencia bancaria)\b"
)


def check_boundaries(text: str) -> list[Finding]:
    """What in `text` crosses the code of ethics, one finding per kind, in a fixed order."""
    if not text or not text.strip():
        return []
    plain = _plain(text)
    found = {
        PHONE: _phones(text),
        EMAIL: bool(_EMAIL.search(plain)),
        ADDRESS: bool(_ADDRESS.search(plain)),
        HANDLE: bool(_HANDLE.search(plain)) and not _only_emails_or_mentions_of_help(plain),
        MEETING: bool(_MEETING.search(plain)),
        MONEY: bool(_MONEY.search(plain)),
    }
    return [Finding(kind) for kind in KINDS if found[kind]]


def _only_emails_or_mentions_of_help(plain: str) -> bool:
    """An @ that is only part of an email address is the email rule's, not a handle."""
    without_emails = _EMAIL.sub(" ", plain)
    return not _HANDLE.search(without_emails)
