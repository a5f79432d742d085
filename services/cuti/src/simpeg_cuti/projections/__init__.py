"""Read models cuti keeps: who each pegawai is and reports to (from profile), and each person's
inbox of cuti steps (from cuti's own events and surat's signed letters)."""
