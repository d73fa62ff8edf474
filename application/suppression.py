"""Suppression for the published statistics (issue 21, decision 26).

A table is published with its row totals, column totals and grand total. Every cell
(totals included) counting fewer than the threshold is suppressed (primary suppression);
then, so that no suppressed cell can be recovered from a total by subtraction, every line
of the table with its totals (each row with its row total, each column with its column
total, the totals row with the grand total) that holds a suppressed cell must hold at
least two, and their sum must not be zero (else each would be known to be 0): the
smallest cell still shown in such a line is suppressed too (complementary suppression),
until no line needs more. Suppressed cells are all marked alike, so the mark does not
tell a small count from a complementary one.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.statistics import Table

DEFAULT_THRESHOLD = 5
Grid = list[list[int]]


@dataclass(frozen=True)
class Published:
    """A table as published: the grid with its totals (last row and last column), each
    cell a count or None where suppressed."""

    key: str
    rows: tuple[str, ...]  # without the totals row
    columns: tuple[str, ...]  # without the totals column
    cells: tuple[tuple[int | None, ...], ...]  # (rows + 1) x (columns + 1)


def extended(table: Table) -> Grid:
    """The table's cells with a totals column and a totals row."""
    grid = [[*row, sum(row)] for row in table.cells]
    width = len(table.columns) + 1
    grid.append([sum(r[c] for r in grid) for c in range(width)])
    return grid


def lines(rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """Every line of an extended grid whose last cell is the sum of the others."""
    found = [[(r, c) for c in range(columns)] for r in range(rows)]
    found += [[(r, c) for r in range(rows)] for c in range(columns)]
    return found


def suppressed_cells(grid: Grid, threshold: int) -> set[tuple[int, int]]:
    """The cells to suppress: primary (below the threshold), then complementary."""
    rows, columns = len(grid), len(grid[0]) if grid else 0
    hidden = {(r, c) for r in range(rows) for c in range(columns) if grid[r][c] < threshold}
    every_line = lines(rows, columns)
    changed = True
    while changed:
        changed = False
        for line in every_line:
            inside = [cell for cell in line if cell in hidden]
            if not inside:
                continue
            if len(inside) >= 2 and sum(grid[r][c] for r, c in inside) > 0:
                continue
            shown = [cell for cell in line if cell not in hidden]
            if not shown:
                continue
            # the smallest non-zero count still shown (a zero adds nothing to the sum)
            shown.sort(key=lambda cell: (grid[cell[0]][cell[1]] == 0, grid[cell[0]][cell[1]]))
            hidden.add(shown[0])
            changed = True
    return hidden


def publish(table: Table, threshold: int = DEFAULT_THRESHOLD) -> Published:
    """The table with its totals, suppressed for publication."""
    grid = extended(table)
    hidden = suppressed_cells(grid, threshold) if grid and grid[0] else set()
    cells = tuple(
        tuple(None if (r, c) in hidden else value for c, value in enumerate(row))
        for r, row in enumerate(grid)
    )
    return Published(key=table.key, rows=table.rows, columns=table.columns, cells=cells)


def exact(table: Table) -> Published:
    """The table with its totals, nothing suppressed (the internal export)."""
    grid = extended(table)
    cells = tuple(tuple(row) for row in grid)
    return Published(key=table.key, rows=table.rows, columns=table.columns, cells=cells)
