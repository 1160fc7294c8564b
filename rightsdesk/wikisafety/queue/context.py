"""The context window of a finding: the text around each hit, masked unless revealed.

Nothing of the text is stored (models_queue.py): the finding page reads the revision and its
parent again through the bot (which may read them even once suppressed), recomputes the text
the edit added (`detection.added_text`, the same function detection ran), and cuts about
`RADIUS` characters either side of each span. The spans masked are the finding's stored spans,
what the recognisers find on the text now, and the phrases of the finding's protected volunteers
(found by hashing the text's 1..4-word runs with the same key as the watcher). Masked segments
carry their kind only: their text is not even handed to the template. A wiki that cannot be
reached gives `error`, never an exception.

Call after the finding's gate, outside any transaction (network), and, with `reveal`, only
after `services.finding_reveal` audited it.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rightsdesk.wikisafety.detection.hits import Hints
from rightsdesk.wikisafety.detection.protected import normalise
from rightsdesk.wikisafety.detection.scan import scan_text
from rightsdesk.wikisafety.detection.text import added_text
from rightsdesk.wikisafety.keys import protected_digester
from rightsdesk.wikisafety.mediawiki.client import WikiError
from rightsdesk.wikisafety.mediawiki.selectors import bot_client
from rightsdesk.wikisafety.models import Finding, ProtectedPhrase

logger = logging.getLogger(__name__)

RADIUS = 100
MAX_WORDS_SHINGLE = 4
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

KIND_LABELS = {
    "phone": gettext_lazy("phone"),
    "national_id": gettext_lazy("national ID"),
    "iban": gettext_lazy("IBAN"),
    "tax_id": gettext_lazy("tax number"),
    "email": gettext_lazy("e-mail"),
    "ip_address": gettext_lazy("IP address"),
    "coordinates": gettext_lazy("coordinates"),
    "street_address": gettext_lazy("street address"),
    "social_profile": gettext_lazy("social profile"),
    "protected": gettext_lazy("protected volunteer"),
    # Added by the watcher's other checks and by reports from the wiki (queue/targeting.py,
    # incidents/services.py).
    "targeting": gettext_lazy("new account on a protected volunteer's pages"),
    "photo": gettext_lazy("protected photo"),
    "reported": gettext_lazy("reported on the wiki"),
    "reported_doxing": gettext_lazy("reported as doxxing"),
}

# The recognisers' names (detection/*.py, `Recogniser.name`), as people read them.
RECOGNISER_LABELS = {
    "phone": gettext_lazy("phone"),
    "identity": gettext_lazy("identity, bank or tax number"),
    "email": gettext_lazy("e-mail"),
    "ip": gettext_lazy("IP address"),
    "coordinates": gettext_lazy("coordinates"),
    "address": gettext_lazy("street address"),
    "social": gettext_lazy("social profile"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def recogniser_label(name: str) -> str:
    return str(RECOGNISER_LABELS.get(name, name))


@dataclass(frozen=True)
class Segment:
    """A piece of a window: clear context (`kind` empty), or a hit: its kind's label, and its
    text only when revealed."""

    text: str
    kind: str = ""
    label: str = ""


@dataclass(frozen=True)
class Context:
    windows: list[list[Segment]] = field(default_factory=list)
    revealed: bool = False
    error: str = ""
    hidden_note: str = ""


def _address_or_blank(user: str) -> str:
    """An edit without an account signs with its address: not someone else's data (as intake)."""
    try:
        ipaddress.ip_address(user)
    except ValueError:
        return ""
    return user


def _protected_spans(text: str, finding: Finding) -> list[tuple[int, int, str]]:
    """Where the finding's protected volunteers' registered phrases are in `text`."""
    stored = set(
        ProtectedPhrase.objects.filter(volunteer__in=finding.protected.all()).values_list(
            "digest", flat=True
        )
    )
    if not stored:
        return []
    digest = protected_digester()
    words = [(m.start(), m.end(), normalise(m.group())) for m in _WORD.finditer(text)]
    spans = []
    for i in range(len(words)):
        for size in range(1, MAX_WORDS_SHINGLE + 1):
            if i + size > len(words):
                break
            phrase = " ".join(w[2] for w in words[i : i + size] if w[2])
            if phrase and digest(b"t:" + phrase.encode()).hex() in stored:
                spans.append((words[i][0], words[i + size - 1][1], "protected"))
    return spans


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans as one (the first one's kind)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    return merged


def windows_of(
    text: str, spans: list[tuple[int, int, str]], *, reveal: bool, radius: int = RADIUS
) -> list[list[Segment]]:
    """Pure: the windows of `text` around `spans`, masked unless `reveal` (tested directly)."""
    hits = _merge([(max(0, s), min(len(text), e), k) for s, e, k in spans if s < e])
    hits = [h for h in hits if h[0] < h[1]]
    ranges: list[list[int]] = []
    for start, end, _kind in hits:
        low, high = max(0, start - radius), min(len(text), end + radius)
        if ranges and low <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], high)
        else:
            ranges.append([low, high])
    windows = []
    for low, high in ranges:
        segments: list[Segment] = []
        at = low
        for start, end, kind in hits:
            if end <= low or start >= high:
                continue
            if start > at:
                segments.append(Segment(text[at:start]))
            segments.append(
                Segment(text[start:end] if reveal else "", kind=kind, label=kind_label(kind))
            )
            at = end
        if at < high:
            segments.append(Segment(text[at:high]))
        windows.append(segments)
    return windows


def finding_context(finding: Finding, *, reveal: bool = False) -> Context:
    """The finding's context windows read from the wiki now (see the module)."""
    revision = finding.revision
    wiki = revision.wiki
    try:
        client = bot_client(wiki)
        texts = client.revision_texts([revision.revid, revision.parent_revid])
    except WikiError:
        logger.warning("wikisafety: context of finding %s: the wiki did not answer", finding.uid)
        return Context(
            error=_(
                "%(wiki)s could not be reached just now, so the context cannot be shown. The "
                "finding's data is unchanged; try again in a moment."
            )
            % {"wiki": wiki.name}
        )
    new = texts.get(revision.revid)
    if new is None or new.text is None:
        return Context(
            error=_("The bot cannot read this revision's text any more (deleted on the wiki?).")
        )
    old = texts.get(revision.parent_revid)
    text = added_text(old.text or "" if old else "", new.text)
    hints = Hints(language=wiki.language or "en", editor=_address_or_blank(revision.user))
    spans = [(int(s), int(e), str(k)) for s, e, k in finding.spans]
    spans += [(h.start, h.end, str(h.kind)) for h in scan_text(text, hints)]
    named = _protected_spans(text, finding)
    if not named and finding.protected.exists():
        # A protected volunteer was named but their phrases cannot be found again (consent
        # withdrawn: the digests are gone): fail closed, mask the whole added text.
        named = [(0, len(text), "protected")]
    spans += named
    hidden = _("Hidden on the wiki and suppressed.") if new.suppressed else ""
    return Context(
        windows=windows_of(text, spans, reveal=reveal), revealed=reveal, hidden_note=hidden
    )
