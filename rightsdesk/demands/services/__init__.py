"""Writes of the demand register: demands, their documents and reads (`demands`), the procedure
under the published rules (`procedure`), the exports (`exports`). Every write is atomic and
audited; refusals are `DemandRefused` and change nothing."""
