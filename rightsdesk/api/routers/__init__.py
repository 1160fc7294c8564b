"""One ninja Router per area of the API; rightsdesk.api.main mounts them under /api/v1/."""
