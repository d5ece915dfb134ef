from datetime import date

from alongside.outcomes.charts import HEIGHT, LEFT, TOP, line_chart

BOTTOM_Y = HEIGHT - 36


def test_values_map_from_the_bottom_to_the_top_and_days_left_to_right():
    days = [date(2026, 3, 1), date(2026, 3, 3), date(2026, 3, 5)]
    chart = line_chart(days, {"mood": ("Mood", [1, None, 5])}, low=1, high=5, ticks=[1, 5])
    first, last = chart.lines[0].points  # a skipped day draws no point
    assert (first.x, first.y) == (LEFT, BOTTOM_Y)
    assert last.y == TOP and last.x == chart.right_x
    assert [anchor for _, _, anchor in chart.x_ticks] == ["start", "middle", "end"]


def test_one_check_in_sits_in_the_middle():
    chart = line_chart([date(2026, 3, 1)], {"mood": ("Mood", [3])}, low=1, high=5, ticks=[1, 5])
    assert chart.lines[0].points[0].x == LEFT + (chart.right_x - LEFT) / 2
