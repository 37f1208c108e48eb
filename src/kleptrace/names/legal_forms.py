"""Organisation legal forms (LLC, JSC, GmbH ...) found in a name.

A legal form says little about which company is meant: thousands of listed
companies are an "ООО" or an "LLC". Screening therefore compares names without
it (`strip_legal_form`) and treats the form itself (`legal_form`) as a weak
feature: "ООО Ромашка", "OOO Romashka" and "Romashka LLC" all give "LLC".

rigour's org-type database (ISO 20275, OCCRP, Wikipedia) finds the forms in
most languages; kleptrace/data/legal_forms.yml maps its compare forms to one
code and adds the Russian and Ukrainian distinctions rigour folds together
(ПАО is PJSC, ЗАО is CJSC, not plain JSC).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rigour.names.org_types import extract_org_types

from kleptrace.data import load_table
from kleptrace.names.normalize import clean

LEGAL_FORM_KINDS = {
    **dict.fromkeys(
        ["jsc", "pjsc", "ojsc", "cjsc", "jscb", "ao", "pao", "oao", "zao"], "joint-stock"
    ),
    **dict.fromkeys(["plc", "ag", "sa", "spa", "nv", "oyj"], "joint-stock"),
    **dict.fromkeys(["llc", "ooo", "ltd"], "limited liability"),
    **dict.fromkeys(["gmbh", "sarl", "sas", "srl", "bv", "spzoo"], "limited liability"),
}
"""The two kinds of company, by the legal-form words `name_parts` tags in a name: a
joint-stock company (AO, PAO, OAO, ZAO, JSC; PLC, AG, SA, SpA, NV ...) and a limited
liability company (OOO, LLC, Ltd; GmbH, SARL, SAS, Srl, BV ...), as rigour classes them
(its ORGCLS:JSC and ORGCLS:LLC symbols). Spellings of one kind are one kind; a name of
one kind and a name of the other are two companies (of the resolver's labelled candidate
pairs scoring 0.85 or more whose names carried different Russian kinds, 73 were two
targets and none one; "Morgan PLC" is not "LLC Morgan")."""


@cache
def _tables() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    data = load_table("legal_forms")
    own: dict[str, str] = {}
    for code, aliases in data["own"].items():
        for alias in aliases:
            own[str(alias).casefold()] = str(code)
    parts = (re.escape(a).replace(r"\ ", r"\s+") for a in sorted(own, key=len, reverse=True))
    pattern = re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)
    rigour = {str(k): str(v) for k, v in data["rigour"].items()}
    return pattern, own, rigour


def _find(name: str) -> list[tuple[str, str]]:
    """Return (matched text, code) for every legal form in name, own table first."""
    pattern, own, rigour = _tables()
    text = clean(name).casefold()
    found = [(m.group(0), own[" ".join(m.group(0).split())]) for m in pattern.finditer(text)]
    rest = pattern.sub(" ", text)
    for matched, compare in extract_org_types(rest):
        found.append((matched, rigour.get(compare, compare.replace(" ", "").upper())))
    return found


@lru_cache(maxsize=20_000)
def legal_form(name: str) -> str | None:
    """Return the normalised legal form of an organisation name.

    Args:
        name: An organisation name in any script ("ПАО Газпром",
            "Siemens Aktiengesellschaft", "Emma LLC").

    Returns:
        One code ("LLC", "JSC", "PJSC", "CJSC", "LTD", "GMBH", "SA", ...), the
        first form found when the name has several, or None when it has none.
    """
    found = _find(name)
    return found[0][1] if found else None


@lru_cache(maxsize=20_000)
def strip_legal_form(name: str) -> str:
    """Remove every legal form from an organisation name.

    Quotation marks left around the remaining name ("ООО «Ромашка»") and
    stray commas are removed too. A name that is nothing but a legal form
    ("LLC") is returned cleaned but otherwise unchanged, so it never becomes
    empty.

    Args:
        name: An organisation name in any script.

    Returns:
        The cleaned name without its legal forms, in its original case.
    """
    text = clean(name)
    out = text
    for matched, _ in _find(text):
        phrase = re.escape(matched).replace(r"\ ", r"\s+")
        out = re.sub(r"(?<!\w)" + phrase + r"(?!\w)", " ", out, flags=re.IGNORECASE)
    out = re.sub(r"\s*,\s*(?=,|$)|^\s*,", " ", out)
    out = " ".join(out.split()).strip(" ,;-")
    out = re.sub(r'^[«"“„\'](.*)[»"”\']$', r"\1", out).strip()
    return out or text
