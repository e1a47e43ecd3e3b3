"""One router per resource: networks, scenarios, plans, jobs, journal, meta."""
