"""Every language ships complete: each message of each catalogue is translated, none is fuzzy,
and the compiled .mo holds exactly what the .po says (a .po edited without recompiling would
leave people reading English, or an old wording, without anyone noticing)."""

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "rightsdesk" / "locale"
LANGUAGES = sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES" / "django.po").exists())


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str = ""
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _entries(po: Path) -> list[Entry]:
    """The .po's live entries. Enough of the format for what makemessages writes: flags,
    context, singular and plural, strings continued on following lines; obsolete entries ('#~')
    are skipped, and so is the header (its msgid is empty)."""
    entries: list[Entry] = []
    entry = Entry()
    flags: set[str] = set()
    last = ""
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            flags = {f.strip() for f in line[2:].split(",")}
        if line.startswith("#") or not line.strip():  # comments, obsolete entries ('#~')
            continue
        if line.startswith('"'):
            keyword, text = last, ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            text = ast.literal_eval(rest)
            if keyword in ("msgctxt", "msgid") and last.startswith("msgstr"):
                entries.append(entry)
                entry = Entry()
            if keyword in ("msgctxt", "msgid") and not last.startswith("msgctxt"):
                entry.flags, flags = flags, set()
            if keyword.startswith("msgstr"):
                entry.msgstr.append("")
            elif keyword == "msgctxt":
                entry.msgctxt = ""
            last = keyword
        if keyword.startswith("msgstr"):
            entry.msgstr[-1] += text
        elif keyword == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        else:
            setattr(entry, keyword, getattr(entry, keyword) + text)
    entries.append(entry)
    return [e for e in entries if e.msgid]


def test_the_parser_reads_plural_and_context_entries() -> None:
    """The parser itself, on a known catalogue, so a broken parser cannot pass the check."""
    entries = _entries(LOCALE / "ar" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 1000
    assert any(e.msgid_plural and len(e.msgstr) == 6 for e in entries)  # Arabic has six forms
    assert any(e.msgctxt for e in entries)
    assert all(e.msgstr for e in entries)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_compiled(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    entries = _entries(folder / "django.po")
    untranslated = [e.msgid for e in entries if not all(e.msgstr)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {untranslated[:3]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:3]}"

    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    catalogue: dict[object, str] = compiled._catalog  # type: ignore[attr-defined]  # gettext's own table, no public reader
    for e in entries:
        key: object = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural:
            key = (key, 0)
        assert catalogue.get(key) == e.msgstr[0], (
            f"{language}: the .mo is not compiled from the .po ({e.msgid[:60]!r}); run msgfmt"
        )
