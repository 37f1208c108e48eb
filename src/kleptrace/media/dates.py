"""The date an article was published: what "designated only after the article" is
measured against. A capture states it in its byline ("March 16, 2017"); when it does not,
its file name often does ("progress-2018-03-how-do-we-deal-with-russia.txt")."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan", "januar", "января", "январь"),
            ("february", "feb", "februar", "февраля", "февраль"),
            ("march", "mar", "märz", "marz", "марта", "март"),
            ("april", "apr", "апреля", "апрель"),
            ("may", "mai", "мая", "май"),
            ("june", "jun", "juni", "июня", "июнь"),
            ("july", "jul", "juli", "июля", "июль"),
            ("august", "aug", "августа", "август"),
            ("september", "sep", "sept", "сентября", "сентябрь"),
            ("october", "oct", "oktober", "октября", "октябрь"),
            ("november", "nov", "ноября", "ноябрь"),
            ("december", "dec", "dezember", "декабря", "декабрь"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WRITTEN = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.? (?P<d1>\d{{1,2}}),? (?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})\.? (?P<m2>{_MONTH})\.?,? (?P<y2>(?:19|20)\d{{2}}))\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)")


def _valid(year: int, month: int, day: int | None) -> str | None:
    try:
        return date(year, month, day or 1).isoformat()[: 10 if day else 7]
    except ValueError:
        return None


def date_in(text: str) -> str | None:
    """The first date written out ("March 16, 2017", "16 March 2017") or in ISO form in
    `text`, as an ISO prefix, or None."""
    written = _WRITTEN.search(text)
    iso = _ISO.search(text)
    if written and (iso is None or written.start() < iso.start()):
        g = written.groupdict()
        month = _MONTHS[(g["m1"] or g["m2"]).casefold()]
        return _valid(int(g["y1"] or g["y2"]), month, int(g["d1"] or g["d2"]))
    if iso:
        return _valid(int(iso[1]), int(iso[2]), int(iso[3]) if iso[3] else None)
    return None
