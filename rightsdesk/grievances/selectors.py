"""Reads on grievances that need no key: THE definition of who may read one, lists, names.

A grievance is routed only to people allowed to handle grievances (the permission
`grievances.handle_grievances` on this app's model, granted per user or group), never to anyone
it names, and never again to a handler who declared a conflict. `reader_wraps` is the one
definition the gate (`access.py`), the lists and the API ask through.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.db.models import F, Q, QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.grievances.models import (
    Grievance,
    GrievanceMessage,
    GrievanceWrap,
    Move,
    Recusal,
    RegisterEntry,
)
from rightsdesk.grievances.vocabulary import Stage

HANDLE = "handle_grievances"
REVIEW = "review_appeals"


def _with_permission(codename: str) -> QuerySet[User]:
    perm = Permission.objects.filter(content_type__app_label="grievances", codename=codename)
    return (
        User.objects.filter(is_active=True, keyring__isnull=False)
        .filter(
            Q(user_permissions__in=perm) | Q(groups__permissions__in=perm) | Q(is_superuser=True)
        )
        .distinct()
    )


def handlers() -> QuerySet[User]:
    """Active users with a key who may handle grievances."""
    return _with_permission(HANDLE)


def reviewers() -> QuerySet[User]:
    """Active users with a key who may review appeals (the independent reviewer role)."""
    return _with_permission(REVIEW)


def may_handle(user: User) -> bool:
    return user.is_active and user.has_perm(f"grievances.{HANDLE}")


def may_review(user: User) -> bool:
    return user.is_active and user.has_perm(f"grievances.{REVIEW}")


def reader_wraps(user: User) -> QuerySet[GrievanceWrap]:
    """THE definition of "may read a grievance": the user's own key wraps, none once the user is
    inactive or holds neither grievance permission, and none to a grievance they are recused
    from (named in it, or a declared conflict), even if a wrap was left behind."""
    if not (may_handle(user) or may_review(user)):
        return GrievanceWrap.objects.none()
    return GrievanceWrap.objects.filter(user=user, kind=GrievanceWrap.Kind.USER).exclude(
        grievance__recusals__user=user
    )


def readable_grievances(user: User) -> QuerySet[Grievance]:
    """The grievances `user` may read, built on `reader_wraps`."""
    return Grievance.objects.filter(pk__in=reader_wraps(user).values("grievance_id"))


def grievances_for(user: User) -> QuerySet[Grievance]:
    """The grievances `user` may read: open ones first, the most pressing clock on top."""
    return readable_grievances(user).order_by(
        F("closed_at").asc(nulls_first=True), F("stage_due").asc(nulls_last=True), "-id"
    )


def recused_ids(grievance: Grievance) -> set[int]:
    return set(Recusal.objects.filter(grievance=grievance).values_list("user_id", flat=True))


# Letters of other scripts drawn like Latin ones (Cyrillic and Greek), folded to the Latin letter
# before names are compared, so "nadia" typed with a Cyrillic a (U+0430) still names nadia. Not
# all of Unicode's confusables: the lower-case letters a name is spelled with on a Latin keyboard.
# A false match only recuses one handler too many, the safe side.
LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁӏкмнтвοαειντρκχυβω",
    "aeopcyxijsdlkmhtboaeivtpkxubw",
)


def _normal(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(LOOKALIKES)
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def names_of(user: User) -> list[str]:
    """How a grievance may name a staff member: username, full name, mail address and its local
    part (at least two characters each)."""
    names = [user.username, user.get_full_name(), user.email]
    if user.email and "@" in user.email:
        names.append(user.email.split("@", 1)[0])
    return [n for n in (_normal(n.strip()) for n in names if n) if len(n) >= 2]


def named_in(text: str, users: Iterable[User]) -> list[User]:
    """The users `text` names as a whole word ("hana", "User:Hana", "Hana Haddad"), matched
    case-, accent- and width-insensitively. Errs towards recusal: a false match only means one
    handler fewer reads the grievance."""
    haystack = _normal(text)
    found = []
    for user in users:
        for name in names_of(user):
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", haystack):
                found.append(user)
                break
    return found


def acted_on(grievance: Grievance) -> set[int]:
    """The staff who moved the grievance or wrote to the person: its handlers in fact."""
    movers = Move.objects.filter(grievance=grievance, actor__isnull=False)
    writers = GrievanceMessage.objects.filter(grievance=grievance, author__isnull=False)
    return set(movers.values_list("actor_id", flat=True)) | set(
        writers.values_list("author_id", flat=True)
    )


def eligible_reviewers(grievance: Grievance, acted: set[int]) -> list[User]:
    """Reviewers who never acted on `grievance` and are not recused from it: the independence
    an appeal needs (they review whether it was handled properly)."""
    excluded = acted | recused_ids(grievance)
    return [user for user in reviewers().select_related("keyring") if user.pk not in excluded]


def open_grievances() -> QuerySet[Grievance]:
    return Grievance.objects.exclude(stage=Stage.CLOSED)


def register_entries() -> QuerySet[RegisterEntry]:
    """Approved register entries (codes only), in the register's order."""
    return RegisterEntry.objects.filter(withdrawn_on__isnull=True).order_by("public_number")


def grievances_in(start: object, end: object) -> QuerySet[Grievance]:
    """Grievances filed in [start, end) (dates), for the scorecard."""
    return Grievance.objects.filter(filed_on__gte=start, filed_on__lt=end)
