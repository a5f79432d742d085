"""SIMPEG cuti: leave of PP 11/2017, balances, approvals with Plt/Plh."""
