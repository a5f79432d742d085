"""The cuti domain: rules as data, the leave request and the pegawai's leave account."""
