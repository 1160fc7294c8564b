"""Reading digit codes typed on any keyboard, in any script.

Receipts and recovery codes are digits because every keyboard and every script has them. A person
in Cairo, Tehran or Yangon may type ٣, ۳ or ၃ for 3, paste a code with invisible direction marks
from a chat, or separate groups with whatever their phone offers. All of these must read as the
same code, or a frightened person is told their receipt "does not exist".
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalise_digits"]

# Characters that separate groups and carry no meaning: dots, underscores, commas (including the
# Arabic decimal and thousands separators and comma, and full-width forms). Whitespace and dashes
# are recognised by property and category below, not listed here.
_SEPARATORS = frozenset("._,·\u066b\u066c\u060c\uff0e\uff3f\uff0c\u3001\u3002")

# Dashes of every script (category Pd, which includes "-"), and the invisible format characters
# (category Cf) that copy-paste adds around numbers in right-to-left text: LRM/RLM, the Arabic
# letter mark, bidi isolates and embeddings, zero-width spaces and joiners, the byte-order mark.
_IGNORED_CATEGORIES = frozenset({"Cf", "Pd"})

# Far longer than any well-formed code with generous separators; refusing earlier bounds the work
# an attacker can make a parser do with one request.
_MAX_INPUT = 256


def normalise_digits(text: str, expected: int) -> str | None:
    """Return the ``expected`` ASCII digits in ``text``, or None if it is not such a code.

    Any Unicode decimal digit (category Nd) counts as its value. Separators and invisible format
    characters are dropped. Anything else (a letter, a superscript, a fraction) makes the whole
    input invalid rather than being skipped: silently skipping would make typos look valid.
    """
    if not isinstance(text, str) or len(text) > _MAX_INPUT:
        return None
    digits: list[str] = []
    for char in text:
        value = unicodedata.decimal(char, None)
        if value is not None:
            digits.append(chr(0x30 + value))
        elif (
            char.isspace()
            or char in _SEPARATORS
            or unicodedata.category(char) in _IGNORED_CATEGORIES
        ):
            continue
        else:
            return None
    if len(digits) != expected:
        return None
    return "".join(digits)
