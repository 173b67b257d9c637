#!/usr/bin/env python3
"""The example notebook examples/tour.ipynb runs headless on the `la` kernel (nbclient),
without errors, with matrix A typeset as LaTeX and its plot as an SVG image.

Run: JUPYTER_DATA_DIR=<dir with kernels/la> python tests/jupyter/notebook.py [OUT.ipynb]
OUT.ipynb, if given, receives the executed notebook (for looking at, or a screenshot).
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from support import KERNEL_NAME

TOUR = Path(__file__).resolve().parents[2] / "examples" / "tour.ipynb"
CELL_TIMEOUT = 60  # seconds

# The cell defining this matrix must show it as LaTeX with these entries.
MATRIX_CELL = "A = [[2, 1], [1, 3]]"
MATRIX_LATEX = r"2 & 1 \\ 1 & 3"


def execute(path):
    """The notebook at `path`, run top to bottom; errors are kept as outputs."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL_NAME,
        allow_errors=True,  # report every failing cell, not only the first
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    client.execute()
    return nb


def problems(nb):
    """What is wrong with the executed notebook `nb`, one line each."""
    found = []
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    for index, cell in enumerate(code, start=1):
        for output in cell.outputs:
            if output.output_type == "error":
                found.append(f"code cell {index} failed: {output.ename}: {output.evalue}")

    matrix = [cell for cell in code if cell.source.startswith(MATRIX_CELL)]
    latex = [
        output.data.get("text/latex", "")
        for cell in matrix
        for output in cell.outputs
        if output.output_type == "execute_result"
    ]
    if not any("bmatrix" in text and MATRIX_LATEX in text for text in latex):
        found.append(f"no LaTeX with bmatrix and `{MATRIX_LATEX}` for `{MATRIX_CELL}`: {latex}")

    svg = [
        output.data["image/svg+xml"]
        for cell in code
        for output in cell.outputs
        if output.output_type == "display_data" and "image/svg+xml" in output.data
    ]
    if not any("<svg" in image for image in svg):
        found.append("no display_data with an image/svg+xml <svg> document (the plot)")
    return found


def main(argv):
    nb = execute(TOUR)
    if len(argv) > 1:
        nbformat.write(nb, argv[1])
        print(f"executed notebook written to {argv[1]}")
    found = problems(nb)
    for problem in found:
        print(f"FAIL  {problem}")
    if not found:
        print(f"ok    {TOUR.name}: no errors, A typeset as LaTeX, the plot an SVG image")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
