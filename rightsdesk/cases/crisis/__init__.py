"""The crisis response: a P1 case opens a crisis with an incident lead, a timed checklist from the
playbook for its threat type, a decision log and, at the end, a post-incident review.

Playbooks (their files, translations, admins' edits and which is in force) live in
`playbooks/`. A crisis copies the step ids and deadlines of the playbook in force when it
opens; later edits never move or delete those rows. The decision log and the review are sealed to
the case like everything else a person types.
"""
