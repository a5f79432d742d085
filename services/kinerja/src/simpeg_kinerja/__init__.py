"""SIMPEG kinerja (e-kinerja): SKP plans, monthly realisation, the atasan's rating and the
predikat of PermenPANRB 6/2022."""
