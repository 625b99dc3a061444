"""Pictures as geometry: who-met-whom networks and bar charts (generator/pictures.py)."""
from __future__ import annotations

from generator.pictures import WIDTH, network, ranking_chart, time_chart


def star(partners: int) -> dict:
    return {("centre", f"p{i:02d}"): (1 + i % 3, 1) for i in range(partners)}


def test_everyone_in_the_box_and_the_cap_is_kept():
    pairs = {(f"a{i:03d}", f"a{j:03d}"): (1, 1) for i in range(60) for j in range(i + 1, 60) if (i * j) % 7 == 1}
    drawn = network(pairs, {}, limit=40)
    assert drawn.shown <= 40 < drawn.total == len({a for pair in pairs for a in pair})
    assert all(0 <= n.x <= drawn.width and 0 <= n.y <= drawn.height for n in drawn.nodes)
    ids = {n.id for n in drawn.nodes}
    assert all(link.a in ids and link.b in ids for link in drawn.links)
    assert network(pairs, {}, limit=40) == drawn  # the same picture on every build


def test_an_actors_partners_stand_one_per_row_so_names_never_collide():
    drawn = network(star(30), {}, limit=40, focus="centre")
    centre = next(n for n in drawn.nodes if n.focus)
    assert (centre.x, centre.y) == (WIDTH / 2, drawn.height / 2)
    for side in (True, False):
        ys = sorted(n.y for n in drawn.nodes if not n.focus and (n.x > WIDTH / 2) == side)
        assert all(b - a >= 20 for a, b in zip(ys, ys[1:])), ys
    assert all(0 <= n.y <= drawn.height for n in drawn.nodes)


def test_links_held_or_not_and_weighted():
    drawn = network({("a", "b"): (3, 0), ("b", "c"): (1, 1)}, {"a": "Ann", "b": "Bo", "c": "Cy"}, limit=10)
    first, second = drawn.links
    assert (first.a, first.b, first.events, first.held) == ("a", "b", 3, 0) and first.width > second.width
    assert {n.name for n in drawn.nodes} == {"Ann", "Bo", "Cy"}


def test_nothing_to_draw():
    assert network({}, {}, limit=10).nodes == []


def test_time_chart_stacks_and_marks_the_current_column():
    chart = time_chart("t", ["W1", "W2", "W3"], ["held", "planned"], [[1, 0], [2, 2], [0, 0]], stacked=True, current=1)
    assert chart.top == 4
    assert [(b.value, b.current) for b in chart.bars] == [(1, False), (2, True), (2, True)]
    lower, upper = chart.bars[1], chart.bars[2]
    assert abs(upper.y + upper.height - lower.y) < 0.2  # planned sits on held
    assert all(b.x + b.width <= chart.width for b in chart.bars)


def test_ranking_longest_bar_for_the_top_value_and_names_link():
    chart = ranking_chart("q", "quotes", [("a", "Ann", 10), ("b", "Bo", 5)])
    assert chart.bars[0].width == 2 * chart.bars[1].width
    assert [(t.text, t.link) for t in chart.ticks] == [("Ann", "a"), ("Bo", "b")]


def test_names_around_the_circle_keep_apart_at_two_hundred_actors():
    pairs = {(f"a{i:03d}", f"a{(i + 1) % 200:03d}"): (1, 1) for i in range(200)}
    drawn = network(pairs, {}, limit=200)
    assert drawn.shown == 200 and drawn.width == drawn.height > WIDTH
    points = sorted((n.x, n.y) for n in drawn.nodes)
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1:])
    assert closest >= 13  # a name (11 px high) along each radius, none over the next
    assert all(0 <= n.x <= drawn.width and 0 <= n.y <= drawn.height for n in drawn.nodes)
