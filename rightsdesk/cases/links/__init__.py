"""Linked cases: two cases the team sees as related (same attacker, same wave).

Need-to-know decides everything here. Linking or unlinking needs the actor to read BOTH cases:
the other case is loaded through `access_case`, and a missing, a forbidden and a malformed number
all get the same refusal, so the link form cannot be used to probe which numbers exist. The
selector shows a viewer only the linked cases they can read themselves; a link to a case they
cannot read is invisible to them (no number, no status, no count).

A pair is stored once, lower id first (`CaseLink` enforces it). Linking an already linked pair
sets its kind (the same form changes the kind); linking it again with the same kind changes
nothing. Each case has at most `MAX_LINKS` links, counted over all its links, including ones the
actor cannot see (the limit protects the page and the database, not a view of it). Every link and
unlink is audited on both cases. Links carry no content: numbers and kinds are clear metadata.
"""
