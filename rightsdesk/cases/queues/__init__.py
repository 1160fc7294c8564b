"""The dashboard and the queues, from clear metadata only."""
