"""`python -m kontor`: the command line (worker processes of a billing run start this way)."""

from kontor.entrypoints.cli.main import app

app()
