"""HTTP API of the profile service under ``/api/profile/v1``."""
