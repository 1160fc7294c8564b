"""The JSON API (/api/v1/): the same services as the HTML pages, documented at /api/schema."""
