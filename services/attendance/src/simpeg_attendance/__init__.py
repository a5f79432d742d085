"""SIMPEG attendance (e-absensi): geofenced check-in, risk review, daily status."""
