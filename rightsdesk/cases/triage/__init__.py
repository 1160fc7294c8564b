"""Recorded triage steps: vetting a report, and checking it is within the team's mandate.

Each step is a `TriageStep` row (kind, outcome, who, when) with an optional internal note sealed to
the case and bound to the step's uid. A mandate check that finds the case OUT of mandate is not
just a record: the person still needs help, so it requires a referral text (where they can get help
instead) and, in one transaction, records the step, sends that text to the reporter as a team
message and moves the case to `out_of_mandate` through `case_edit` (same optimistic lock, same
audit). If any part fails, nothing happened.

Nothing here checks permissions: call after `access_case`.
"""
