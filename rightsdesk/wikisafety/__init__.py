"""Trust and safety on the wikis: detect doxxing and targeted harassment in new edits, let the
team evaluate it, and hide or suppress it on the wiki (issue 16; docs/wikisafety.md)."""
