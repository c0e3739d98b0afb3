"""`python -m kontor` and the `kontor` command. The command line is imported only when it
runs: a worker process of a billing run (multiprocessing's spawn runs this module again in
each worker) imports what billing needs, not the whole command line."""


def main() -> None:
    from kontor.entrypoints.cli.main import app

    app()


if __name__ == "__main__":
    main()
