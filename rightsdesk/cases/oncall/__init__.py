"""On call: the rota, the deadline clock that pages and escalates, and the team's working hours."""
