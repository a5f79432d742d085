"""The profile domain: who each pegawai is. No I/O, no framework."""
