"""The surat domain: the letter aggregate and Indonesian formatting; no I/O, no framework."""
