"""HTTP API of the monitoring service under ``/api/monitoring/v1``."""
