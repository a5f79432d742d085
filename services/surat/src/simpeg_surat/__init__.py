"""SIMPEG surat (e-surat): templates, gap-free numbering, paraf, PAdES signatures."""
