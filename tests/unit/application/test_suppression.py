"""The published statistics' suppression holds against subtraction (issue 21, decision
26): on random tables, every cell below the threshold is hidden, and no hidden cell can
be recovered from the totals, neither by repeated subtraction along rows and columns nor
by any linear combination of the published equations (exact rational arithmetic)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from application.statistics import Table
from application.suppression import Published, lines, publish


def random_table(rng: random.Random) -> Table:
    rows, columns = rng.randrange(1, 7), rng.randrange(1, 6)
    skew = rng.choice([2, 4, 8, 30])
    cells = tuple(
        tuple(rng.choice([0, rng.randrange(0, skew), rng.randrange(0, 40)]) for _ in range(columns))
        for _ in range(rows)
    )
    return Table(
        "t", tuple(f"r{i}" for i in range(rows)), tuple(f"c{j}" for j in range(columns)), cells
    )


def subtraction_attack(published: Published) -> dict[tuple[int, int], int]:
    """What repeated subtraction recovers: a line (with its total) missing one value."""
    known = {
        (r, c): value
        for r, row in enumerate(published.cells)
        for c, value in enumerate(row)
        if value is not None
    }
    recovered: dict[tuple[int, int], int] = {}
    height, width = len(published.cells), len(published.cells[0])
    progress = True
    while progress:
        progress = False
        for line in lines(height, width):
            missing = [cell for cell in line if cell not in known]
            if len(missing) != 1:
                continue
            *parts, total = line
            cell = missing[0]
            if cell == total:
                value = sum(known[p] for p in parts)
            else:
                value = known[total] - sum(known[p] for p in parts if p != cell)
            known[cell] = recovered[cell] = value
            progress = True
    return recovered


def determined(published: Published) -> set[tuple[int, int]]:
    """Hidden cells that the published equations fix exactly (linear algebra)."""
    height, width = len(published.cells), len(published.cells[0])
    hidden = [(r, c) for r in range(height) for c in range(width) if published.cells[r][c] is None]
    index = {cell: i for i, cell in enumerate(hidden)}
    equations = []
    for line in lines(height, width):
        *parts, total = line
        row = [Fraction(0)] * len(hidden)
        for p in parts:
            if p in index:
                row[index[p]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            equations.append(row)
    basis = _row_echelon(equations)
    found = set()
    for cell, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(hidden))]
        if len(_row_echelon([*basis, unit])) == len(basis):
            found.add(cell)
    return found


def _row_echelon(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    rows = [list(r) for r in rows]
    basis: list[list[Fraction]] = []
    pivots: list[int] = []
    for given in rows:
        row = given
        for b, p in zip(basis, pivots, strict=True):
            if row[p]:
                factor = row[p] / b[p]
                row = [x - factor * y for x, y in zip(row, b, strict=True)]
        lead = next((i for i, x in enumerate(row) if x), None)
        if lead is not None:
            basis.append(row)
            pivots.append(lead)
    return basis


@pytest.mark.parametrize("seed", range(300))
def test_suppression_holds_against_subtraction(seed: int) -> None:
    rng = random.Random(seed)
    table = random_table(rng)
    threshold = rng.choice([3, 5, 10])
    published = publish(table, threshold)
    grid = [[*row, sum(row)] for row in table.cells]
    grid.append([sum(r[c] for r in grid) for c in range(len(grid[0]))])
    for r, row in enumerate(published.cells):
        for c, value in enumerate(row):
            if grid[r][c] < threshold:
                assert value is None, "every cell below the threshold is hidden"
            if value is not None:
                assert value == grid[r][c]
    assert subtraction_attack(published) == {}
    assert determined(published) == set()
    # a hidden line never sums to zero (each cell would then be known to be 0)
    for line in lines(len(grid), len(grid[0])):
        hidden = [cell for cell in line if published.cells[cell[0]][cell[1]] is None]
        if hidden and len(hidden) < len(line):
            assert sum(grid[r][c] for r, c in hidden) > 0 or all(grid[r][c] == 0 for r, c in line)


def test_a_small_count_and_its_complement_are_hidden_alike() -> None:
    table = Table("t", ("东区", "西区"), ("a", "b"), ((2, 9), (8, 7)))
    published = publish(table, 5)
    assert published.cells[0][0] is None
    assert sum(v is None for row in published.cells for v in row) >= 4
    assert subtraction_attack(published) == {}
