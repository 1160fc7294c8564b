"""The one access gate for assessments. Views and the API load an assessment, and everything
hanging on it (impacts, mitigations, evidence, recommendations before publication), only here.

An assessment that does not exist and one the user holds no wrap to give the same Http404, so the
gate tells nobody which assessments exist beyond their own (threats 4 and 5).
"""

from __future__ import annotations

from django.http import Http404
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.crypto import CryptoError, unwrap_report_key
from rightsdesk.diligence.models import Assessment, Evidence, Impact, Mitigation, Recommendation
from rightsdesk.diligence.selectors import readable_assessments, reader_wraps


def _uid(value: object) -> str:
    text = str(value)
    if len(text) != 36:
        raise Http404
    return text


def access_assessment(user: User, uid: object) -> Assessment:
    """The assessment `uid` if `user` may read it; Http404 otherwise, whatever the reason."""
    try:
        found = readable_assessments(user).filter(uid=_uid(uid)).first()
    except (ValueError, TypeError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found


def unlock_assessment(assessment: Assessment, user: User, private_key: PrivateKey) -> PrivateKey:
    """The assessment's private key. Call after `access_assessment`. A wrap that does not open
    is treated like none."""
    wrap = reader_wraps(user).filter(assessment=assessment).first()
    if wrap is None or private_key is None:
        raise Http404
    try:
        return unwrap_report_key(bytes(wrap.wrap), bytes(assessment.public_key), private_key)
    except CryptoError:
        raise Http404 from None


def _child[T: (Impact, Mitigation, Evidence, Recommendation)](
    model: type[T], assessment_path: str, user: User, assessment_uid: object, uid: object
) -> T:
    assessment = access_assessment(user, assessment_uid)
    try:
        found = (
            model._default_manager.filter(**{assessment_path: assessment})
            .filter(uid=_uid(uid))
            .first()
        )
    except (ValueError, TypeError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found


def access_impact(user: User, assessment_uid: object, uid: object) -> Impact:
    """An impact of a readable assessment; Http404 for any other."""
    return _child(Impact, "assessment", user, assessment_uid, uid)


def access_mitigation(user: User, assessment_uid: object, uid: object) -> Mitigation:
    return _child(Mitigation, "impact__assessment", user, assessment_uid, uid)


def access_evidence(user: User, assessment_uid: object, uid: object) -> Evidence:
    return _child(Evidence, "assessment", user, assessment_uid, uid)


def access_recommendation(user: User, assessment_uid: object, uid: object) -> Recommendation:
    return _child(Recommendation, "assessment", user, assessment_uid, uid)
