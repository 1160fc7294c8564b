"""Detection of personal data and of protected volunteers' identifiers in the text an edit
added (issue 16, parts 2, 3 and 7; docs/wikisafety.md, "Detection").

Pure Python, no Django: the text (`text`), the recognisers (`phones`, `identity`, `contacts`,
`places`, run together by `scan`), the normalisation and keyed matching of protected phrases
(`protected`), and the labelled corpus the benchmark measures them on (`corpus`).
"""

from rightsdesk.wikisafety.detection.hits import Hints, Hit, Kind, Recogniser
from rightsdesk.wikisafety.detection.scan import DEFAULT_RECOGNISERS, scan_edit, scan_text
from rightsdesk.wikisafety.detection.text import added_text, plain_text

__all__ = [
    "DEFAULT_RECOGNISERS",
    "Hints",
    "Hit",
    "Kind",
    "Recogniser",
    "added_text",
    "plain_text",
    "scan_edit",
    "scan_text",
]
