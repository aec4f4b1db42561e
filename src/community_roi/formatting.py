"""How figures read on the page: money, counts, shares, dates and ages, per locale.

Plain functions with no Streamlit import, shared by the dashboard (`streamlit_app/formatting.py`
re-exports them) and the PDF board pack, so the tests format the values they read from the
serving database with the very same code the pages and the PDF use. Every function takes a `locale`
("en" or "fr"); adding a language means adding one entry to `LOCALES` and `MONTHS`.

English puts the currency symbol first (`€1,234.5`), French after the number with French
separators (`1 234,5 €`, a narrow no-break space between thousands as CLDR has it, a no-break
space before the symbol). A missing figure is shown as `MISSING`, never as 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

MISSING = "—"
NBSP = "\u00a0"        # no-break space: before the currency symbol and % in French
NNBSP = "\u202f"       # narrow no-break space: French thousands separator (CLDR)


@dataclass(frozen=True)
class LocaleSpec:
    decimal: str
    thousands: str
    symbol_first: bool       # €1,234 (en) or 1 234 € (fr)
    symbol_gap: str          # between number and symbol when the symbol comes last
    percent_gap: str         # 12% (en) or 12 % (fr)


LOCALES: dict[str, LocaleSpec] = {
    "en": LocaleSpec(decimal=".", thousands=",", symbol_first=True, symbol_gap="",
                     percent_gap=""),
    "fr": LocaleSpec(decimal=",", thousands=NNBSP, symbol_first=False, symbol_gap=NBSP,
                     percent_gap=NBSP),
}
DEFAULT_LOCALE = "en"

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "CA$",
                    "AUD": "A$", "SEK": "kr", "NOK": "kr", "DKK": "kr", "PLN": "zł"}

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."),
}


def _spec(locale: str) -> LocaleSpec:
    return LOCALES.get(locale, LOCALES[DEFAULT_LOCALE])


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return False


def _round(value: float, decimals: int) -> Decimal:
    """Half away from zero, as people round (`11,110.5` -> `11,111`), not Python's half-even."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _digits(value: float, decimals: int, spec: LocaleSpec) -> str:
    """Unsigned number with the locale's separators."""
    text = f"{abs(_round(value, decimals)):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", spec.decimal).replace("\x00", spec.thousands)


def _sign(value: float, decimals: int, signed: bool) -> str:
    """`-` below zero; with `signed`, `+` above zero; none for a figure that rounds to zero."""
    rounded = _round(value, decimals)
    return "-" if rounded < 0 else "+" if signed and rounded > 0 else ""


def number(value, locale: str = DEFAULT_LOCALE, decimals: int = 0, signed: bool = False) -> str:
    """A count or amount without unit: `1,234` (en), `1 234` (fr); `+1,234` when signed."""
    if _missing(value):
        return MISSING
    return _sign(value, decimals, signed) + _digits(value, decimals, _spec(locale))


def currency_symbol(currency: str) -> str:
    return CURRENCY_SYMBOLS.get(currency.upper(), currency.upper())


def money(value, currency: str = "EUR", locale: str = DEFAULT_LOCALE, decimals: int = 0,
          signed: bool = False) -> str:
    """An amount in the reporting currency: `€1,234.5` (en), `1 234,5 €` (fr); `+€12` signed."""
    if _missing(value):
        return MISSING
    spec = _spec(locale)
    symbol = currency_symbol(currency)
    sign = _sign(value, decimals, signed)
    digits = _digits(value, decimals, spec)
    if spec.symbol_first:
        gap = " " if len(symbol) > 1 and symbol.isalpha() else ""   # "CHF 1,234"
        return f"{sign}{symbol}{gap}{digits}"
    return f"{sign}{digits}{spec.symbol_gap}{symbol}"


def percent(share, locale: str = DEFAULT_LOCALE, decimals: int = 0, signed: bool = False) -> str:
    """A share given as a fraction: 0.256 -> `26%` (en), `26 %` (fr); `+26%` when signed."""
    if _missing(share):
        return MISSING
    spec = _spec(locale)
    value = share * 100
    return f"{_sign(value, decimals, signed)}{_digits(value, decimals, spec)}{spec.percent_gap}%"


def month_label(month_start: date | datetime | str, locale: str = DEFAULT_LOCALE) -> str:
    """`Apr 2026` (en), `avr. 2026` (fr)."""
    if isinstance(month_start, str):
        month_start = date.fromisoformat(month_start[:10] if len(month_start) > 7
                                         else month_start + "-01")
    names = MONTHS.get(locale, MONTHS[DEFAULT_LOCALE])
    return f"{names[month_start.month - 1]} {month_start.year}"


def date_label(value: date | datetime | str | None, locale: str = DEFAULT_LOCALE) -> str:
    """`24 Nov 2026` (en), `24 nov. 2026` (fr)."""
    if value is None:
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    names = MONTHS.get(locale, MONTHS[DEFAULT_LOCALE])
    return f"{value.day} {names[value.month - 1]} {value.year}"


def parse_utc(value) -> datetime | None:
    """A timestamp from the status file (`2026-11-24T03:12:00Z`) or the serving tables (naive
    UTC) as an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return None


def datetime_label(value, tz: str = "UTC", locale: str = DEFAULT_LOCALE) -> str:
    """A UTC instant shown in the reporting time zone: `24 Nov 2026, 04:12 CET`."""
    moment = parse_utc(value)
    if moment is None:
        return MISSING
    try:
        local = moment.astimezone(ZoneInfo(tz))
    except (KeyError, ValueError):
        local = moment
    sep = ", " if locale == "en" else " à "
    return f"{date_label(local.date(), locale)}{sep}{local:%H:%M} {local.tzname() or tz}"


def duration(seconds, locale: str = DEFAULT_LOCALE) -> str:
    """`42 s`, `3 min 05 s`, `1 h 02 min`."""
    if _missing(seconds):
        return MISSING
    seconds = float(seconds)
    if seconds < 60:
        return f"{number(seconds, locale, 1 if seconds < 10 else 0)}{NBSP}s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}{NBSP}min {secs:02d}{NBSP}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}{NBSP}h {minutes:02d}{NBSP}min"


def age(hours, locale: str = DEFAULT_LOCALE) -> str:
    """How long ago, in the largest sensible unit: `45 minutes ago`, `5 hours ago`, `3 days ago`."""
    if _missing(hours):
        return MISSING
    fr = locale == "fr"
    if hours < 1:
        n, unit = max(int(hours * 60), 0), ("minute", "minutes")
    elif hours < 48:
        n, unit = int(hours), ("heure", "heures") if fr else ("hour", "hours")
    else:
        n, unit = int(hours // 24), ("jour", "jours") if fr else ("day", "days")
    word = unit[0] if n == 1 else unit[1]
    return f"il y a {n} {word}" if fr else f"{n} {word} ago"
