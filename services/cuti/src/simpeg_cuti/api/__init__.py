"""HTTP API of the cuti service."""
