"""Language resolution and the two export formats of a worklist: CSV and a wikitext table.

The wikitext is meant to be pasted onto an event page on the wiki itself, so it uses only core
markup (a `wikitable sortable`), links through interwiki prefixes (`[[:de:Title]]`, `[[d:Q1]]`)
that work on every Wikipedia, and wraps free text (labels) in <nowiki> so that a label holding
`|` or `[[` cannot break the table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from rightsdesk.core import csvsafe
from rightsdesk.gaps import refdata

CSV_FIELDS = (
    "rank",
    "qid",
    "label",
    "grp",
    "country",
    "status",
    "title",
    "page_len",
    "source_wiki",
    "source_title",
    "source_len",
    "score",
)


class UnknownLanguage(ValueError):
    """A code that names no Wikipedia and no language we know of."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    wiki: refdata.Wiki | None  # None: the language has no Wikipedia


def _known_languages() -> set[str]:
    codes = {w.language for w in refdata.wikipedias().values()}
    codes |= {w.subdomain for w in refdata.wikipedias().values()}
    codes |= {t.language for t in refdata.territories()}
    codes |= {c for members in refdata.LANGUAGE_SETS.values() for c, _ in members}
    return codes


def resolve(codes: Sequence[str], *, language_set: str | None = None) -> list[Language]:
    """Languages for a set name or a list of codes (ISO 639, subdomain or database code)."""
    if language_set is not None:
        if language_set not in refdata.LANGUAGE_SETS:
            names = ", ".join(sorted(refdata.LANGUAGE_SETS))
            raise UnknownLanguage(f"unknown language set {language_set!r} (known: {names})")
        members = list(refdata.LANGUAGE_SETS[language_set])
    else:
        members = [(code.strip(), "") for code in codes if code.strip()]
    known = _known_languages()
    set_names: dict[str, str] = {c: n for g in refdata.LANGUAGE_SETS.values() for c, n in g}
    found: list[Language] = []
    for code, given in members:
        wiki = refdata.wiki_for(code)
        if wiki is None and code not in known:
            raise UnknownLanguage(f"unknown language or wiki code {code!r} (not in wikis.tsv)")
        name = given or set_names.get(code) or (wiki.language_name if wiki else code)
        found.append(Language(code=code, name=name, wiki=wiki))
    return found


def to_csv(rows: Sequence[dict[str, Any]], *, wiki: str | None = None) -> str:
    out = io.StringIO()
    fields = ("wiki", *CSV_FIELDS) if wiki else CSV_FIELDS
    writer = csvsafe.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        record = {k: ("" if row.get(k) is None else row.get(k)) for k in CSV_FIELDS}
        if isinstance(row.get("score"), float):
            record["score"] = f"{row['score']:.3f}"
        writer.writerow({"wiki": wiki, **record} if wiki else record)
    return out.getvalue()


def _nowiki(text: str) -> str:
    return "<nowiki>" + text.replace("<", "&lt;").replace(">", "&gt;") + "</nowiki>"


def to_wikitext(rows: Sequence[dict[str, Any]], *, wiki: str) -> str:
    """A sortable wikitable for `wiki`'s event page; headers in the active UI language."""
    subdomains = {w.code: w.subdomain for w in refdata.wikipedias().values()}
    lines = [
        '{| class="wikitable sortable"',
        "! # !! {} !! {} !! {} !! {} !! {}".format(
            _("Topic"), _("Wikidata"), _("Status"), _("Translate or expand from"), _("Bytes")
        ),
    ]
    for row in rows:
        status = _("missing") if row["status"] == "missing" else _("stub")
        label = _nowiki(row.get("label") or row["qid"])
        if row["status"] == "stub" and row.get("title"):
            label = f"[[{row['title']}]] ({status})"
        source = ""
        if row.get("source_wiki"):
            prefix = subdomains.get(row["source_wiki"], row["source_wiki"])
            source = f"[[:{prefix}:{row['source_title']}]]"
        length = f"{row['source_len']:,}" if row.get("source_len") else ""
        lines += [
            "|-",
            f"| {row['rank']} || {label} || [[d:{row['qid']}|{row['qid']}]] || {status} "
            f"|| {source} || {length}",
        ]
    lines.append("|}")
    return "\n".join(lines) + "\n"
