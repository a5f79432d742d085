"""SIMPEG KGB (kenaikan gaji berkala): periodic salary increases of PNS from the gaji pokok
tables of PP 5/2024, kept as dated, versioned rule data."""
