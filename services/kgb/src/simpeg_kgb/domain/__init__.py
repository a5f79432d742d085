"""The KGB domain: salary tables and schedules. No I/O, no framework."""
