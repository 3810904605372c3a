"""papermill's own command line, started through this package so that its start-up is as lean as the kernels'."""

from papermill.cli import papermill

if __name__ == "__main__":
    papermill()
