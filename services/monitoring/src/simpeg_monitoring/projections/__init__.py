"""Read models of the central monitoring view, fed by every context's public events."""
