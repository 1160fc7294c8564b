"""The evaluation queue: detection's findings on new revisions, for the team to evaluate."""
