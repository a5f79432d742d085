"""HTTP API of the KGB service under ``/api/kgb/v1``."""
