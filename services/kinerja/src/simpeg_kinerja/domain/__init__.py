"""The kinerja domain: SKP, realisation, evaluation and predikat. No I/O, no framework."""
