"""The POST actions on a demand, each a form and one service call (rightsdesk.demands.http gives
them their one shape: gate, form, service, page again on a refusal)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.core.files import uploads_of
from rightsdesk.demands import forms as f
from rightsdesk.demands.http import DemandRequest, demand_action
from rightsdesk.demands.services.common import DemandRefused
from rightsdesk.demands.services.demands import demand_grant, document_add
from rightsdesk.demands.services.exports import notice_approve, notice_prepare
from rightsdesk.demands.services.procedure import (
    decision_approve,
    demand_decide,
    demand_move,
    emergency_review_done,
    notification_decide,
    review_record,
    user_notified,
)
from rightsdesk.demands.services.readers import demand_revoke


@demand_action(f.MoveForm, kept_as="move", anchor="state")
def move(act: DemandRequest, data: dict[str, Any]) -> str:
    demand_move(demand=act.demand, actor=act.user, to=data["to"], note=data["note"],
                affected=data["affected"], version=data["version"], now=timezone.now())  # fmt: skip
    return _("Moved.")


@demand_action(f.ReviewForm, kept_as="review", anchor="review")
def review(act: DemandRequest, data: dict[str, Any]) -> str:
    review_record(demand=act.demand, actor=act.user, now=timezone.now(), **data)
    return _("Review item recorded.")


@demand_action(f.GrantForm, kept_as="grant", anchor="readers")
def grant(act: DemandRequest, data: dict[str, Any]) -> str:
    demand_grant(demand=act.demand, key=act.key(), actor=act.user, reader=data["reader"])
    return _("Access given.")


@demand_action(f.RevokeForm, kept_as="revoke", anchor="readers")
def revoke(act: DemandRequest, data: dict[str, Any]) -> str:
    demand_revoke(demand=act.demand, actor=act.user, reader=data["reader"])
    return _("Access removed.")


@demand_action(f.ApproveForm, kept_as="approve", anchor="decision")
def approve(act: DemandRequest, data: dict[str, Any]) -> str:
    decision_approve(demand=act.demand, actor=act.user, decision=data["decision"],
                     now=timezone.now())  # fmt: skip
    return _("Approval recorded.")


@demand_action(f.DecideForm, kept_as="decide", anchor="decision")
def decide(act: DemandRequest, data: dict[str, Any]) -> str:
    demand_decide(demand=act.demand, actor=act.user, now=timezone.now(), **data)
    return _("Decision recorded.")


@demand_action(f.NotificationForm, kept_as="notification", anchor="notification")
def notification(act: DemandRequest, data: dict[str, Any]) -> str:
    notification_decide(demand=act.demand, key=act.key(), actor=act.user, choice=data["choice"],
                        reason=data["reason"], review_on=data["review_on"],
                        message=data["message"], version=data["version"],
                        today=timezone.localdate(), now=timezone.now())  # fmt: skip
    return _("Notification decision recorded.")


@demand_action(f.NotifiedForm, kept_as="notified", anchor="notification")
def notified(act: DemandRequest, data: dict[str, Any]) -> str:
    user_notified(demand=act.demand, actor=act.user, now=timezone.now(), **data)
    return _("Recorded: the user was notified.")


@demand_action(anchor="review")
def emergency_review(act: DemandRequest, data: dict[str, Any]) -> str:
    emergency_review_done(demand=act.demand, actor=act.user, now=timezone.now())
    return _("The review after the emergency disclosure is done.")


@demand_action(anchor="documents")
def document(act: DemandRequest, data: dict[str, Any]) -> str:
    uploads = uploads_of(act.request, "file")
    if not uploads:
        raise DemandRefused(_("Choose a file to add."))
    for upload in uploads:
        document_add(demand=act.demand, actor=act.user, upload=upload, now=timezone.now())
    return _("Document added (encrypted).")


@demand_action(f.NoticeForm, kept_as="notice", anchor="exports")
def notice(act: DemandRequest, data: dict[str, Any]) -> str:
    notice_prepare(demand=act.demand, key=act.key(), actor=act.user, names=data["names"],
                   now=timezone.now())  # fmt: skip
    return _("Redacted notice prepared: another person must approve it.")


@demand_action(anchor="exports")
def notice_approve_view(act: DemandRequest, data: dict[str, Any]) -> str:
    notice_approve(demand=act.demand, actor=act.user, now=timezone.now())
    return _("Redacted notice approved for publication.")
