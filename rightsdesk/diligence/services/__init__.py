"""Writes of due diligence: assessments, their phases and engagement log (`assessments`), the
register and mitigations (`register`), the public tracker (`tracker`). Every write is atomic and
audited; refusals are `DiligenceRefused` (or a subclass) and change nothing."""
