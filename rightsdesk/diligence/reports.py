"""Outputs of an opened register: the CSV of the register and the heat map of severity against
likelihood as SVG, drawn on the server (no JavaScript, nothing from elsewhere). Call with rows
from `register_open` (after the gate and the key)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.translation import gettext as _

from rightsdesk.core.csvsafe import Writer
from rightsdesk.diligence import rules
from rightsdesk.diligence.services.register import OpenedImpact

CSV_HEADER = (
    "uid", "title", "rights", "holders", "vulnerabilities", "kind", "involvement", "scale",
    "scope", "irremediability", "likelihood", "confidence", "leverage", "severity", "band",
    "rule_version", "residual_severity", "residual_band", "next_review", "open_mitigations",
)  # fmt: skip


def register_csv(rows: Sequence[OpenedImpact]) -> str:
    out = io.StringIO()
    writer = Writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        i = row.impact
        writer.writerow(
            (
                str(i.uid),
                row.text.get("title", ""),
                " ".join(i.rights),
                " ".join(i.holders),
                " ".join(i.vulnerabilities),
                i.kind,
                i.involvement,
                i.scale,
                i.scope,
                i.irremediability,
                i.likelihood or "",
                i.confidence,
                i.leverage,
                row.severity,
                row.band,
                i.rule_version,
                row.residual_severity or "",
                row.residual_band or "",
                i.next_review.isoformat(),
                sum(1 for m in row.mitigations if m.mitigation.state in ("planned", "in_progress")),
            )
        )
    return out.getvalue()


CELL = 56
PAD = 64
SMALL = 'font-size="14"'
COLOURS = {1: "#e8f1e4", 2: "#fbe9b7", 3: "#f6c08d", 4: "#e58a84"}


def heat_map(rows: Sequence[OpenedImpact], *, residual: bool = False) -> str:
    """A 4 by 4 grid, severity up and likelihood across (actual impacts at "almost certain"),
    each cell the number of impacts in it. The colour follows severity only: the rule's bands."""
    counts: Counter[tuple[int, int]] = Counter()
    for row in rows:
        scores = row.impact.residual if residual else row.impact.scores
        if scores is None:
            continue
        counts[(rules.severity(scores), rules.effective_likelihood(scores))] += 1
    size = PAD + 4 * CELL + 8
    title = _("Impacts by severity and likelihood")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        f'aria-labelledby="hm-title" width="{size}" height="{size}">',
        f'<title id="hm-title">{escape(title)}</title>',
    ]
    for sev in range(1, 5):
        y = 8 + (4 - sev) * CELL
        label_y = y + CELL // 2 + 5
        parts.append(f'<text x="{PAD - 8}" y="{label_y}" text-anchor="end" {SMALL}>{sev}</text>')
        for lik in range(1, 5):
            x = PAD + (lik - 1) * CELL
            n = counts[(sev, lik)]
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{COLOURS[sev]}" '
                f'stroke="#555"/>'
            )
            if n:
                parts.append(
                    f'<text x="{x + CELL // 2}" y="{y + CELL // 2 + 7}" text-anchor="middle" '
                    f'font-size="20" font-weight="700">{n}</text>'
                )
    for lik in range(1, 5):
        x = PAD + (lik - 1) * CELL + CELL // 2
        label_y = 8 + 4 * CELL + 18
        parts.append(f'<text x="{x}" y="{label_y}" text-anchor="middle" {SMALL}>{lik}</text>')
    parts.append(
        f'<text x="{PAD + 2 * CELL}" y="{size - 4}" text-anchor="middle" font-size="12">'
        f"{escape(_('Likelihood'))}</text>"
    )
    parts.append(
        f'<text x="14" y="{8 + 2 * CELL}" font-size="12" transform="rotate(-90 14 {8 + 2 * CELL})" '
        f'text-anchor="middle">{escape(_("Severity"))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
