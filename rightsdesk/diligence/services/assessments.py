"""Writes on assessments: create, tick the checklist, sign a phase off, add
evidence, log an engagement, record a launch, reopen, complete. Reads that decrypt (and are
audited) live here too, because every read of content is audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.core.db import write_transaction
from rightsdesk.core.escrow import escrow_public_key
from rightsdesk.core.files import SpooledUpload, adopt, remove_stored, store_bytes
from rightsdesk.crypto import new_report_keypair, wrap_report_key
from rightsdesk.diligence import keys
from rightsdesk.diligence.config import setting
from rightsdesk.diligence.models import (
    Assessment,
    AssessmentWrap,
    ChecklistTick,
    Engagement,
    Evidence,
    PhaseSignoff,
    TriggerEvent,
)
from rightsdesk.diligence.notify import tell
from rightsdesk.diligence.services.common import (
    DiligenceRefused,
    add_months,
    audit,
    check_version,
    require_team,
)
from rightsdesk.diligence.services.readers import wrap_to
from rightsdesk.diligence.vocabulary import (
    AssessmentState,
    Phase,
    SubjectKind,
    Trigger,
    checklist_codes,
)

A = "diligence_assessment"


def default_review_months(subject_kind: str) -> int:
    if subject_kind == SubjectKind.ORGANISATION:
        return setting("organisation_review_months")
    return setting("review_months")


def assessment_create(
    *,
    actor: User,
    title: str,
    subject_kind: str,
    owner: User,
    scope: str,
    now: datetime,
    readers: Sequence[User] = (),
    watched_rights: Sequence[str] = (),
    watched_threats: Sequence[str] = (),
    review_months: int | None = None,
) -> Assessment:
    """A new assessment in phase 1, its key wrapped to the creator, the owner, `readers` and the
    escrow key. The caller (a form) has checked the vocabulary; this checks who may hold a key."""
    require_team(actor)
    people = {actor.pk: actor, owner.pk: owner} | {r.pk: r for r in readers}
    for person in people.values():
        if not (person.is_active and person.is_team and hasattr(person, "keyring")):
            raise DiligenceRefused(_("Only active team members with a key can read an assessment."))
    months = review_months or default_review_months(subject_kind)
    key = new_report_keypair()
    with write_transaction():
        assessment = Assessment(
            title=title,
            subject_kind=subject_kind,
            owner=owner,
            created_by=actor,
            created_at=now,
            review_months=months,
            next_review=add_months(now.date(), months),
            watched_rights=sorted(set(watched_rights)),
            watched_threats=sorted(set(watched_threats)),
            public_key=bytes(key.public_key),
        )
        assessment.body = keys.seal_json(
            {"scope": scope}, bytes(key.public_key), table=A, row=str(assessment.uid)
        )
        assessment.save()
        for person in people.values():
            wrap_to(assessment, key, person)
        escrow = escrow_public_key()
        if escrow is not None:
            AssessmentWrap.objects.create(
                assessment=assessment,
                kind=AssessmentWrap.Kind.ESCROW,
                wrap=wrap_report_key(key, escrow),
            )
        audit(assessment, "create", actor)
    return assessment


@dataclass(frozen=True)
class OpenedAssessment:
    """An assessment with its sealed parts opened, for the page, the report and the API."""

    assessment: Assessment
    scope: str
    signoffs: dict[int, dict[str, Any]]
    engagements: list[tuple[Engagement, dict[str, Any]]]
    evidence: list[tuple[Evidence, dict[str, Any]]]
    ticks: dict[int, set[str]]


def assessment_open(*, assessment: Assessment, key: PrivateKey, actor: User) -> OpenedAssessment:
    """Decrypt the assessment's own parts (not the register: `register.register_open`) and audit
    the read. Call after `unlock_assessment`."""
    uid = str(assessment.uid)
    scope = keys.open_json(bytes(assessment.body), key, table=A, row=uid).get("scope", "")
    signoffs = {
        s.phase: {
            "by": s.signed_by,
            "at": s.signed_at,
            "note": keys.open_json(
                bytes(s.body), key, table="diligence_phasesignoff", row=str(s.uid)
            ).get("note", ""),
        }
        for s in assessment.signoffs.filter(current=True).select_related("signed_by")
    }
    engagements = [
        (e, keys.open_json(bytes(e.body), key, table="diligence_engagement", row=str(e.uid)))
        for e in assessment.engagements.all()
    ]
    evidence = [
        (
            f,
            keys.open_json(
                bytes(f.meta), key, table="diligence_evidence", row=str(f.uid), field="meta"
            ),
        )
        for f in assessment.evidence.all()
    ]
    ticks: dict[int, set[str]] = {p: set() for p in Phase.values}
    for tick in assessment.ticks.all():
        ticks[tick.phase].add(tick.item)
    audit(assessment, "open", actor)
    return OpenedAssessment(assessment, str(scope), signoffs, engagements, evidence, ticks)


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def checklist_tick(
    *, assessment: Assessment, actor: User, phase: int, items: Sequence[str], now: datetime
) -> None:
    """Set the ticked items of `phase` to `items` (unticking the rest). Refused on a signed-off
    phase and for codes the phase's checklist does not have."""
    known = set(checklist_codes(phase))
    if not set(items) <= known:
        raise DiligenceRefused(_("That is not an item of this phase's checklist."))
    with write_transaction():
        current = _locked(assessment)
        if current.signoffs.filter(phase=phase, current=True).exists():
            raise DiligenceRefused(_("This phase is signed off: its checklist is closed."))
        current.ticks.filter(phase=phase).exclude(item__in=items).delete()
        have = set(current.ticks.filter(phase=phase).values_list("item", flat=True))
        for item in sorted(set(items) - have):
            ChecklistTick.objects.create(
                assessment=current, phase=phase, item=item, done_by=actor, done_at=now
            )
        audit(current, "checklist", actor, detail=f"phase:{phase}")


def phase_signoff(
    *,
    assessment: Assessment,
    actor: User,
    phase: int,
    note: str,
    now: datetime,
    version: int | None = None,
) -> None:
    """Sign the current phase off and move to the next (after phase 5 the assessment is
    complete and its review date set from today). Refused while any checklist item is open,
    for any phase but the current one, and on a stale page."""
    with write_transaction():
        current = _locked(assessment)
        check_version(current.version, version)
        if current.state == AssessmentState.COMPLETE:
            raise DiligenceRefused(_("This assessment is complete. Reopen it to sign phases off."))
        if phase != current.phase:
            raise DiligenceRefused(_("Only the current phase can be signed off."))
        ticked = set(current.ticks.filter(phase=phase).values_list("item", flat=True))
        missing = [c for c in checklist_codes(phase) if c not in ticked]
        if missing:
            raise DiligenceRefused(
                _("This phase still has open checklist items (%(count)d). Tick them first.")
                % {"count": len(missing)}
            )
        signoff = PhaseSignoff(assessment=current, phase=phase, signed_by=actor, signed_at=now)
        signoff.body = keys.seal_json(
            {"note": note},
            bytes(current.public_key),
            table="diligence_phasesignoff",
            row=str(signoff.uid),
        )
        signoff.save()
        if phase == Phase.REPORTING:
            current.state = AssessmentState.COMPLETE
            current.next_review = add_months(now.date(), current.review_months)
            current.reopened_for = ""
        else:
            current.phase = phase + 1
        current.version += 1
        current.save()
        audit(current, "signoff", actor, detail=f"phase:{phase}")


def evidence_add(
    *,
    assessment: Assessment,
    actor: User,
    phase: int,
    upload: SpooledUpload | None = None,
    name: str = "",
    data: bytes = b"",
    now: datetime,
) -> Evidence:
    """Keep an evidence file for `phase`: an upload already encrypted by the upload handler is
    adopted as it is (staff's own documents: no metadata cleaning, unlike a reporter's files),
    or `data` is encrypted now (demo, API). Its key and name are sealed to the assessment."""
    if upload is not None:
        uid, file_key, size = upload.uid, upload.key, 0
        name, mime = upload.name or "evidence", upload.content_type or "application/octet-stream"
    else:
        import uuid  # noqa: PLC0415 - only here

        uid, mime = str(uuid.uuid4()), "application/octet-stream"
        file_key, size = store_bytes(uid, data)
    try:
        with write_transaction():
            if upload is not None:
                size = adopt(upload)
            evidence = Evidence(
                uid=uid,
                assessment=assessment,
                phase=phase,
                added_by=actor,
                added_at=now,
                stored_size=size,
            )
            public = bytes(assessment.public_key)
            evidence.key = keys.seal_bytes(
                file_key, public, table="diligence_evidence", row=uid, field="key"
            )
            evidence.meta = keys.seal_json(
                {"name": name[:200], "mime": mime},
                public,
                table="diligence_evidence",
                row=uid,
                field="meta",
            )
            evidence.save()
            audit(assessment, "evidence", actor, detail=uid)
    except Exception:
        remove_stored(uid)
        raise
    return evidence


def evidence_key(
    *, evidence: Evidence, key: PrivateKey, actor: User
) -> tuple[bytes, dict[str, Any]]:
    """The file key and metadata of `evidence`, audited as a read. Call after `access_evidence`
    and `unlock_assessment`."""
    uid = str(evidence.uid)
    file_key = keys.open_bytes(
        bytes(evidence.key), key, table="diligence_evidence", row=uid, field="key"
    )
    meta = keys.open_json(
        bytes(evidence.meta), key, table="diligence_evidence", row=uid, field="meta"
    )
    audit(evidence.assessment, "evidence.read", actor, detail=uid)
    return file_key, meta


def engagement_record(
    *,
    assessment: Assessment,
    actor: User,
    group: str,
    method: str,
    held_on: date,
    participants: int,
    said: str,
    notes: str,
) -> Engagement:
    """Log a consultation of a rights-holder group; what they said and the notes are sealed."""
    with write_transaction():
        engagement = Engagement(
            assessment=assessment,
            group=group,
            method=method,
            held_on=held_on,
            participants=participants,
            recorded_by=actor,
        )
        engagement.body = keys.seal_json(
            {"said": said, "notes": notes},
            bytes(assessment.public_key),
            table="diligence_engagement",
            row=str(engagement.uid),
        )
        engagement.save()
        audit(assessment, "engagement", actor, detail=str(engagement.uid))
    return engagement


def assessment_reopen(
    *,
    assessment: Assessment,
    kind: str,
    now: datetime,
    actor: User | None = None,
    code: str = "",
    count: int = 0,
) -> bool:
    """Reopen for reassessment (a trigger, the review date, or a person): back to phase 1 with
    the register kept, the trigger recorded, the owner told after the commit. False when it was
    already reopened (nothing changed: a trigger fires once until the reassessment is done).
    An assessment still in progress is not sent back: its owner is told and the trigger kept."""
    with write_transaction():
        current = _locked(assessment)
        TriggerEvent.objects.create(assessment=current, kind=kind, at=now, code=code, count=count)
        if current.state == AssessmentState.REOPENED:
            return False
        if current.state == AssessmentState.COMPLETE:
            # Back to phase 1; the register, the log and the evidence stay, the old sign-offs
            # stay as history (no longer current).
            current.state = AssessmentState.REOPENED
            current.phase = Phase.SCOPING
            current.signoffs.update(current=False)
            current.ticks.all().delete()
        current.reopened_at = now
        current.reopened_for = kind
        current.version += 1
        current.save()
        audit(current, f"reopen.{kind}", actor)
        owner_id = current.owner_id
        transaction.on_commit(lambda: tell([owner_id]), robust=True)
    return True


def launch_record(*, assessment: Assessment, actor: User, now: datetime) -> bool:
    """A new launch of the subject (a release, a new country, a new cohort): a trigger."""
    require_team(actor)
    return assessment_reopen(assessment=assessment, kind=Trigger.LAUNCH, now=now, actor=actor)
