"""Per-demand reader revoke: any reader may take another's access away (their key wrap goes),
never the registrant's nor the last reader's; audited; the page's button and the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.demands.models import Demand, DemandWrap
from rightsdesk.demands.services.common import DemandRefused
from rightsdesk.demands.services.readers import demand_revoke
from tests.factories import StaffAccount, demand_made, demand_permission, signed_in, staff_account
from tests.reporting import staff_token

pytestmark = pytest.mark.django_db


def _user_wraps(demand: Demand) -> set[str]:
    return set(
        DemandWrap.objects.filter(demand=demand, kind=DemandWrap.Kind.USER).values_list(
            "user__username", flat=True
        )
    )


@pytest.fixture
def team(handler: StaffAccount) -> tuple[StaffAccount, StaffAccount, Demand]:
    """hana registered the demand; lina also handles demands (wrapped at registration)."""
    demand_permission(handler)
    lina = staff_account(username="lina")
    demand_permission(lina)
    demand = demand_made(User.objects.get(pk=handler.user.pk))
    assert _user_wraps(demand) == {"hana", "lina"}
    return handler, lina, demand


def test_revoke_removes_the_wrap_and_is_audited_never_the_registrant_nor_the_last(
    team: tuple[StaffAccount, StaffAccount, Demand],
) -> None:
    hana, lina, demand = team
    hana_user = User.objects.get(pk=hana.user.pk)
    lina_user = User.objects.get(pk=lina.user.pk)
    # the registrant keeps access, whoever asks
    with pytest.raises(DemandRefused, match="registered a demand keeps access"):
        demand_revoke(demand=demand, actor=lina_user, reader=hana_user)
    assert _user_wraps(demand) == {"hana", "lina"}
    demand_revoke(demand=demand, actor=hana_user, reader=lina_user)
    assert _user_wraps(demand) == {"hana"}
    entry = AuditEntry.objects.filter(action="demands.revoke").get()
    assert entry.target_id == f"{demand.pk}:user:{lina_user.pk}"
    # nobody left to revoke
    with pytest.raises(DemandRefused, match="no access to revoke"):
        demand_revoke(demand=demand, actor=hana_user, reader=lina_user)


def test_the_last_reader_keeps_access_even_when_not_the_registrant(handler: StaffAccount) -> None:
    demand_permission(handler)
    demand = demand_made(User.objects.get(pk=handler.user.pk))
    only = DemandWrap.objects.get(demand=demand, kind=DemandWrap.Kind.USER)
    # the registrant left the team's register: their wrap is the only one, but not theirs now
    Demand.objects.filter(pk=demand.pk).update(created_by=None)
    demand.refresh_from_db()
    assert only.user is not None
    with pytest.raises(DemandRefused, match="At least one team member"):
        demand_revoke(demand=demand, actor=only.user, reader=only.user)
    assert DemandWrap.objects.filter(pk=only.pk).exists()


def test_the_button_denied_and_allowed(team: tuple[StaffAccount, StaffAccount, Demand]) -> None:
    hana, lina, demand = team
    as_hana, as_lina = signed_in(hana), signed_in(lina)
    page = as_hana.get(reverse("demands:demand", args=[demand.uid])).content.decode()
    assert "Remove access of lina" in page
    assert "Remove access of hana" not in page  # the registrant has no button
    url = reverse("demands:revoke", args=[demand.uid])
    # an outsider: the same 404 as a missing demand, nothing changed
    outsider = staff_account(username="zed")
    demand_permission(outsider)
    assert signed_in(outsider).post(url, {"reader": "lina"}).status_code == 404
    refused = as_lina.post(url, {"reader": "hana"})
    assert refused.status_code == 400
    assert "keeps access" in refused.content.decode()
    nobody = as_hana.post(url, {"reader": "ghost"})
    assert nobody.status_code == 400
    assert _user_wraps(demand) == {"hana", "lina"}
    assert as_hana.post(url, {"reader": "lina"}).status_code == 302
    assert _user_wraps(demand) == {"hana"}
    # lina now gets what a stranger gets
    assert as_lina.get(reverse("demands:demand", args=[demand.uid])).status_code == 404


def test_the_api_denied_and_allowed(team: tuple[StaffAccount, StaffAccount, Demand]) -> None:
    hana, _lina, demand = team
    client = Client()
    token = staff_token(client, hana)
    base = f"/api/v1/demands/{demand.uid}/readers"

    def delete(who: str, bearer: str) -> int:
        answer = client.delete(f"{base}/{who}", headers={"Authorization": f"Bearer {bearer}"})
        return int(answer.status_code)

    assert delete("hana", token) == 400
    assert delete("ghost", token) == 400
    assert client.delete(f"{base}/lina").status_code == 401
    outsider = staff_account(username="zed")
    demand_permission(outsider)
    assert delete("lina", staff_token(Client(), outsider)) == 404
    assert _user_wraps(demand) == {"hana", "lina"}
    assert delete("lina", token) == 204
    assert _user_wraps(demand) == {"hana"}
    assert delete("lina", token) == 400
