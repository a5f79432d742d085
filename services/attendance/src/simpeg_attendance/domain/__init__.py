"""The attendance domain: geofences, schedules, day status, risk and discipline rules."""
