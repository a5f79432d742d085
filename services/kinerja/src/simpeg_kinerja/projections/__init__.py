"""Read models kinerja keeps: who reports to whom (from profile) and the state of evaluations
(from its own events)."""
