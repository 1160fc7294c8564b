"""Streaming readers for Wikimedia's public dumps: Wikidata JSON, SQL table dumps, pageviews."""
