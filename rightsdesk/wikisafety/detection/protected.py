# ruff: noqa: RUF001, RUF002, RUF003 - Arabic-script letter variants are the point
"""Protected volunteers' identifiers as keyed hashes, and the matcher of added text against them.

What a handler registers (a real name, an address, a phone number, an employer, family names)
is normalised, cut into tokens, and only keyed hashes of phrases are kept. The key (a server
sub-key, `rightsdesk.wikisafety.keys`) is outside the database, so a copy of the database
cannot be searched with a dictionary of names. This module is pure: the caller passes the keyed
hash function (`Digester`), so tests and the benchmark run it without Django.

Normalisation (`normalise`): NFKC; case folding; combining marks stripped (é -> e, Arabic
harakat dropped); Arabic-script letter variants unified (ي/ى -> ی, ك -> ک, ة -> ه, أ/إ/آ -> ا);
Turkish dotless ı read as i;
zero-width joiners and non-joiners removed ("محمد‌رضا" = "محمدرضا"); digits in any script to
ASCII; Cyrillic and Greek letters drawn like Latin ones folded to Latin (homoglyph evasion,
"Jаne" with a Cyrillic а); every character that is not a letter, digit or mark a space (Burmese
and Indic vowel signs stay inside their word); spaces collapsed. Stripping marks of a non-zero
combining class also drops the Brahmic virama and the Burmese asat on both sides: words that
differ only by one become equal (a rare false hit, never a missed one).

Phrases: a registered phrase of k tokens (k <= MAX_SHINGLE) is one digest; a longer one is the
k-3 digests of its consecutive 4-token windows, and it hits only when all of them are in the
text. The text side hashes every 1..4-token shingle of the added text, so a full name hits only
when all its tokens appear in order and adjacent ("Jane Q Doe" registered: "Doe Jane" or
"Jane Doe" do not hit; register such variants as phrases of their own). Phone numbers are hashed
as E.164, text side and registry side alike, so "+33 1 42 68 53 00" and "01 42 68 53 00" on the
French Wikipedia are the same hit. Domain separation: text phrases are hashed as "t:" + phrase,
phone numbers as "p:" + E.164.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rightsdesk.wikisafety.detection.digits import ascii_digits
from rightsdesk.wikisafety.detection.hits import Hints
from rightsdesk.wikisafety.detection.phones import PhoneRecogniser, e164

__all__ = [
    "MAX_SHINGLE",
    "Digester",
    "PhraseDigest",
    "ProtectedHit",
    "ProtectedIndex",
    "ProtectedKind",
    "StoredPhrase",
    "normalise",
    "photo_digest",
    "photo_sha1",
    "phrase_digests",
    "shingles",
    "text_digests",
    "tokens",
    "whole_phrases",
]

MAX_SHINGLE = 4
# Longest phrase registered (tokens): an address past that is a paragraph, not a phrase.
MAX_TOKENS = 24

Digester = Callable[[bytes], bytes]


class ProtectedKind(StrEnum):
    """What a registered phrase is (stored in clear beside its digest: the label only)."""

    NAME = "name"
    ADDRESS = "address"
    PHONE = "phone"
    EMPLOYER = "employer"
    FAMILY_NAME = "family_name"
    EMAIL = "email"
    USERNAME = "username"
    OTHER = "other"
    PHOTO = "photo"


_VARIANTS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ی",
        "\u200c": None,
        "\u200d": None,
        "\u200b": None,
        "\u2060": None,
        "\u00ad": None,
        "ـ": None,  # tatweel
        "ı": "i",  # Turkish dotless i: "IŞIK" and "ışık" are one name
    }
)
# Cyrillic and Greek letters drawn like Latin ones, folded to the Latin letter on both sides
# (registered phrase and text), so "Jаne" with a Cyrillic а still reads "jane". Genuine
# Cyrillic words are folded the same way on both sides and still match each other.
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ɡ": "g",
        "α": "a",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ν": "v",
    }
)


def _word_char(char: str) -> bool:
    # Letters, digits and marks: Burmese and Indic vowel signs are marks inside a word.
    return unicodedata.category(char)[0] in "LNM"


def normalise(text: str) -> str:
    """The comparable form of `text` (see the module): "Jané  DOE" -> "jane doe"."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_VARIANTS)
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    composed = unicodedata.normalize("NFC", ascii_digits(stripped)).translate(_HOMOGLYPHS)
    return " ".join("".join(c if _word_char(c) else " " for c in composed).split())


def tokens(text: str) -> list[str]:
    """The normalised words of `text`."""
    return normalise(text).split()


def shingles(words: Sequence[str], max_size: int = MAX_SHINGLE) -> Iterator[str]:
    """Every run of 1..max_size consecutive words, joined by one space."""
    for start in range(len(words)):
        for size in range(1, max_size + 1):
            if start + size > len(words):
                break
            yield " ".join(words[start : start + size])


def photo_sha1(value: str) -> str:
    """A file's SHA-1 as 40 lower-case hex digits ("" if `value` is not one). Photos are
    registered and looked up by the digest of "f:" + this: the wiki gives each upload's SHA-1
    (imageinfo, the upload log), so the photo itself is never needed, nor kept."""
    value = value.strip().lower()
    if len(value) == 40 and all(c in "0123456789abcdef" for c in value):
        return value
    return ""


def photo_digest(sha1: str, digester: Digester) -> bytes | None:
    """The keyed digest a registered photo with this SHA-1 is stored under (None if not one)."""
    value = photo_sha1(sha1)
    return digester(b"f:" + value.encode()) if value else None


@dataclass(frozen=True, slots=True)
class PhraseDigest:
    """One stored digest of a registered phrase: part `part` of `parts`."""

    digest: bytes
    part: int
    parts: int


def phrase_digests(
    kind: ProtectedKind, value: str, digester: Digester, regions: tuple[str, ...] = ()
) -> list[PhraseDigest]:
    """The digests to store for one registered value; [] when nothing usable remains (an empty
    name, a phone number no region makes valid). Raises nothing."""
    if kind is ProtectedKind.PHOTO:
        sha1 = photo_sha1(value)
        return [PhraseDigest(digester(b"f:" + sha1.encode()), 0, 1)] if sha1 else []
    if kind is ProtectedKind.PHONE:
        number = e164(value, regions)
        if not number:
            return []
        return [PhraseDigest(digester(b"p:" + number.encode()), 0, 1)]
    words = tokens(value)[:MAX_TOKENS]
    if not words:
        return []
    if len(words) <= MAX_SHINGLE:
        windows = [" ".join(words)]
    else:
        windows = [
            " ".join(words[i : i + MAX_SHINGLE]) for i in range(len(words) - MAX_SHINGLE + 1)
        ]
    return [
        PhraseDigest(digester(b"t:" + window.encode()), i, len(windows))
        for i, window in enumerate(windows)
    ]


@dataclass(frozen=True, slots=True)
class StoredPhrase:
    """What the index needs of one stored row: whose phrase, which phrase, which part."""

    volunteer: int
    phrase: int  # the entry's number within the volunteer
    kind: ProtectedKind
    digest: bytes
    part: int
    parts: int


@dataclass(frozen=True, slots=True)
class ProtectedHit:
    """A registered phrase of a protected volunteer found whole in the added text."""

    volunteer: int
    phrase: int
    kind: ProtectedKind


def text_digests(
    text: str, hints: Hints, digester: Digester, phones: Iterable[str] | None = None
) -> set[bytes]:
    """The digests of every 1..4-word shingle of `text` and of every phone number in it (E.164,
    `phones` when the caller already ran the phone recogniser): what a stored digest is looked
    up among."""
    candidates = {b"t:" + shingle.encode() for shingle in shingles(tokens(text))}
    if phones is None:
        phones = [hit.value for hit in PhoneRecogniser().find(text, hints)]
    for phone in phones:
        candidates.add(b"p:" + phone.encode())
    return {digester(candidate) for candidate in candidates}


def whole_phrases(found: Iterable[StoredPhrase]) -> list[ProtectedHit]:
    """One hit per registered phrase all of whose parts are in `found` (stored rows whose
    digest the text produced), in a stable order."""
    seen: dict[tuple[int, int], set[int]] = defaultdict(set)
    parts_of: dict[tuple[int, int], tuple[int, ProtectedKind]] = {}
    for row in found:
        key = (row.volunteer, row.phrase)
        seen[key].add(row.part)
        parts_of[key] = (row.parts, row.kind)
    hits = [
        ProtectedHit(volunteer, phrase, parts_of[(volunteer, phrase)][1])
        for (volunteer, phrase), parts in seen.items()
        if len(parts) == parts_of[(volunteer, phrase)][0]
    ]
    return sorted(hits, key=lambda hit: (hit.volunteer, hit.phrase))


class ProtectedIndex:
    """Stored digests by digest, in memory, and the matcher of a text against them (the
    benchmark's and the tests' matcher; the app looks digests up in the database instead,
    `wikisafety.protection.selectors.protected_hits`, with the same two functions)."""

    def __init__(self, rows: Iterable[StoredPhrase], digester: Digester) -> None:
        self._digester = digester
        self._by_digest: dict[bytes, list[StoredPhrase]] = defaultdict(list)
        for row in rows:
            self._by_digest[bytes(row.digest)].append(row)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._by_digest.values())

    def match(
        self, text: str, hints: Hints, phones: Iterable[str] | None = None
    ) -> list[ProtectedHit]:
        """The registered phrases whose every part is among the text's digests (`phones`: the
        E.164 numbers the scan already found, to skip a second phone pass)."""
        if not self._by_digest:
            return []
        present = text_digests(text, hints, self._digester, phones)
        return whole_phrases(row for digest in present for row in self._by_digest.get(digest, ()))
