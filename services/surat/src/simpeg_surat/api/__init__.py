"""HTTP API of the surat service under ``/api/surat/v1``."""
