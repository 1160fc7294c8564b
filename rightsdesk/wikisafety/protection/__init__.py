"""Protected volunteers: registering their identifiers as keyed hashes (services) and finding
them in added text (selectors). Issue 16, part 3."""
