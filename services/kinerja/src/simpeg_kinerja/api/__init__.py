"""HTTP API of the kinerja service under ``/api/kinerja/v1``."""
