"""Reports from the wikis' ReportIncident dialog: the payload (payload.py), storing and routing
them (services.py). Issue 16, part 6."""
