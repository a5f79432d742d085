"""HTTP API of the TPP service under ``/api/tpp/v1``."""
