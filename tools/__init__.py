"""Development tools of this repository (not installed with the package): code that
``tests/`` and ``benchmarks/`` share, since neither may import the other."""
