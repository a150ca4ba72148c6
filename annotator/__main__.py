"""Run the CLI as `python -m annotator`."""

from annotator.cli import main

main()
