"""The reports' arithmetic against hand-worked examples: quantiles, the reliable change index and
small-cell suppression with its complements."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alongside.reports.stats import (
    INSTRUMENTS,
    change_of,
    quantile,
    reliable_change_index,
    reliable_change_threshold,
    reliably_improved,
    suppress,
    suppress_column,
)


def test_quantiles_interpolate_between_ranks_like_a_spreadsheet():
    waits = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert quantile(waits, 0.5) == 55  # halfway between 50 and 60
    assert quantile(waits, 0.9) == pytest.approx(91)  # rank 8.1 of 0..9: 90 + 0.1 × 10
    assert quantile([7], 0.9) == 7
    assert quantile([], 0.5) is None


def test_the_reliable_change_index_is_the_jacobson_truax_formula():
    # PHQ-9 with SD 3.52 and r 0.87: SE = 3.52 × √0.13 = 1.26915; S_diff = √2 × SE = 1.79486.
    rci = reliable_change_index(15, 11, sd=3.52, reliability=0.87)
    assert rci == pytest.approx(-4 / 1.79486, abs=1e-4)  # −2.2286
    assert reliable_change_threshold(INSTRUMENTS["phq9"]) == pytest.approx(1.96 * 1.79486, abs=1e-3)


def test_a_phq9_drop_of_four_is_reliable_and_of_three_is_not():
    phq9 = INSTRUMENTS["phq9"]  # threshold 3.52 points
    assert reliably_improved(phq9, 15, 11)
    assert not reliably_improved(phq9, 15, 12)
    assert not reliably_improved(phq9, 11, 15)  # worse is not improvement


def test_a_gad7_drop_of_six_is_reliable_and_of_five_is_not():
    # SD 5.59 and test-retest r 0.87 (Bischoff et al. 2020): SE = 5.59 × √0.13 = 2.01551;
    # threshold 1.96 × √2 × 2.01551 = 5.5867, the 5.59 points the paper publishes.
    gad7 = INSTRUMENTS["gad7"]
    assert reliable_change_threshold(gad7) == pytest.approx(5.5867, abs=1e-3)
    assert reliably_improved(gad7, 14, 8)
    assert not reliably_improved(gad7, 14, 9)


def test_on_well_being_scales_up_is_better():
    # SD 19.5 and test-retest ICC 0.81: SE = 19.5 × √0.19 = 8.49985; threshold 1.96 × √2 × SE =
    # 23.56, the smallest detectable change of 23.6 points the Danish study publishes.
    who5 = INSTRUMENTS["who5"]
    assert reliable_change_threshold(who5) == pytest.approx(1.96 * math.sqrt(2) * 8.49985)
    assert reliable_change_threshold(who5) == pytest.approx(23.6, abs=0.05)
    assert reliably_improved(who5, 40, 64)
    assert not reliably_improved(who5, 40, 60)
    assert not reliably_improved(who5, 64, 40)


def test_change_counts_improvement_worsening_and_leaving_the_clinical_range():
    phq9 = INSTRUMENTS["phq9"]
    pairs = [(15, 8), (12, 11), (9, 16), (20, 14)]
    change = change_of(phq9, pairs)
    assert change.people == 4
    assert change.mean_first == 14.0 and change.mean_latest == 12.25
    assert change.mean_change == -1.75  # (−7 − 1 + 7 − 6) / 4
    assert change.reliably_improved == 2  # −7 and −6
    assert change.reliably_worse == 1  # +7
    assert change.above_cut_off_first == 3  # 15, 12, 20 are ≥ 10
    assert change.no_longer_above == 1  # only 15 → 8


def test_a_small_cell_hides_with_the_cells_that_would_reveal_it():
    grid = suppress([[20, 5, 30], [40, 50, 60]])
    # 5 is small. Row 0 would give it away (55 − 20 − 30): its smallest other cell, 20, goes too.
    # Column 1 would (55 − 50): 50 goes. Column 0 then has 20 hidden alone (60 − 40): 40 goes.
    assert grid.cells == ((None, None, 30), (None, None, 60))
    assert grid.row_totals == (55, 150)
    assert grid.column_totals == (60, 55, 90)
    assert grid.total == 205


def test_small_totals_hide_too_and_need_complements_in_the_totals_lines():
    grid = suppress([[3, 4], [30, 40]])
    # Row 0 is 3 + 4 = 7: both cells and the row total are small. Column 0 (33) then holds only 3
    # hidden, so 30 goes; column 1 likewise 40. The totals' column (7, 70 | 77) hides 7 alone: 70 goes.
    assert grid.cells == ((None, None), (None, None))
    assert grid.row_totals == (None, None)
    assert grid.column_totals == (33, 44)
    assert grid.total == 77


def test_a_one_way_table_hides_the_smallest_other_group_with_a_small_one():
    shown, total = suppress_column([3, 40, 25, 0])
    assert shown == [None, 40, None, 0]
    assert total == 68


def test_nothing_small_means_nothing_hidden():
    grid = suppress([[11, 12], [0, 50]])
    assert grid.cells == ((11, 12), (0, 50)) and grid.total == 73


counts = st.lists(
    st.lists(st.integers(min_value=0, max_value=40), min_size=3, max_size=3), min_size=1, max_size=5
)


@given(counts)
def test_no_line_ever_has_a_single_hidden_entry_and_no_small_count_shows(table):
    grid = suppress(table)
    rows, columns = len(table), 3
    lines = [[*grid.cells[i], grid.row_totals[i]] for i in range(rows)]
    lines += [
        [*(grid.cells[i][j] for i in range(rows)), grid.column_totals[j]] for j in range(columns)
    ]
    lines += [[*grid.column_totals, grid.total], [*grid.row_totals, grid.total]]
    for line in lines:
        assert sum(1 for entry in line if entry is None) != 1
    every = [c for row in grid.cells for c in row] + [
        *grid.row_totals,
        *grid.column_totals,
        grid.total,
    ]
    assert all(entry is None or not 0 < entry < 11 for entry in every)
