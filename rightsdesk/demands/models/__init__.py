"""The demand register's data: demands and their keys (`demand`), the legal review, approvals
and moves (`review`), documents and the published notice (`documents`)."""

from rightsdesk.demands.models.demand import Demand, DemandWrap
from rightsdesk.demands.models.documents import DemandDocument, PublicNotice
from rightsdesk.demands.models.review import Approval, DemandMove, ReviewNote

__all__ = [
    "Approval",
    "Demand",
    "DemandDocument",
    "DemandMove",
    "DemandWrap",
    "PublicNotice",
    "ReviewNote",
]
