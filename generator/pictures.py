"""Pictures drawn at build time: who-met-whom networks and bar charts, as plain geometry.

The functions here place things in a fixed box; the partials `partials/network.md.j2` and
`partials/chart.md.j2` write that geometry out as inline SVG beside a list or table of the
same numbers. So a picture needs no script, no font and no network, follows the light or
dark palette through CSS, and reads the same where images or scripts are blocked.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx

WIDTH = 720  # every picture's box; the SVG scales to the page width
ROW = 22  # height of one row of names (a ranking, the partners around an actor)


@dataclass
class Node:
    """An actor drawn in a Network."""
    id: str  # the actor's id
    name: str
    x: float
    y: float
    r: float  # radius: larger for actors in more of the drawn events
    events: int  # events the actor shares with others drawn
    focus: bool = False  # the actor the picture is about
    label_left: bool = False  # the name goes left of the node (outward on a circle, inward in columns)
    angle: float | None = None  # the name runs along the circle's radius at this angle (degrees)


@dataclass
class Link:
    """Two actors who shared events, drawn as a line."""
    a: str  # actor ids
    b: str
    x1: float
    y1: float
    x2: float
    y2: float
    events: int  # events they shared
    held: int  # of which held (the others planned or cancelled: a dashed line)
    width: float  # stroke width, by events


@dataclass
class Network:
    """Who met whom (from `network()`): nodes and links placed in a `width` x `height` box."""
    nodes: list[Node]
    links: list[Link]
    width: int
    height: int
    shown: int  # actors drawn
    total: int  # actors who met anyone, in all
    limit: int  # the cap on actors drawn (setting `diagram_limit`)


@dataclass
class Bar:
    """One rectangle of a Chart."""
    x: float
    y: float
    width: float
    height: float
    series: int  # index into Chart.series
    value: int
    title: str  # tooltip, e.g. "September 2019: 3 held"
    current: bool = False  # the column the page is about (a digest's own week)


@dataclass
class Tick:
    """A label on a Chart's axis."""
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor: start, middle or end
    link: str | None = None  # an actor id, for names in a ranking


@dataclass
class Chart:
    """A bar chart (from `activity_chart`, `meetings_chart`, `weeks_chart`, `most_quoted_chart`):
    `columns` and `series` with `values[column][series]` for the table; `bars` and `ticks` to draw."""
    title: str
    kind: str  # "time" (columns left to right) or "ranking" (one row per item, longest first)
    columns: list[str]
    series: list[str]
    values: list[list[int]]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = 0
    top: int = 0  # the largest value (of a stack), the axis's end
    stacked: bool = False


def short(value: float) -> float | int:
    """A coordinate as few characters as it needs: 31 rather than 31.0, else one decimal."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


# --------------------------------------------------------------------------- networks


def network(pairs: dict[tuple[str, str], tuple[int, int]], names: dict[str, str], limit: int,
            focus: str | None = None, ring: bool = False) -> Network:
    """Lay out who met whom. `pairs`: (a, b) -> (events, held). With `focus`, that actor in the
    middle and the others around; with `ring`, everyone on one circle (an event's participants);
    else a force layout of the `limit` actors in most events."""
    weight: dict[str, int] = {}
    for (a, b), (count, _) in pairs.items():
        weight[a] = weight.get(a, 0) + count
        weight[b] = weight.get(b, 0) + count
    ranked = sorted(weight, key=lambda actor: (actor != focus, -weight[actor], names.get(actor, actor).lower(), actor))
    drawn = ranked[:max(0, limit)]
    keep = set(drawn)
    links = {pair: value for pair, value in pairs.items() if pair[0] in keep and pair[1] in keep}
    drawn = [actor for actor in drawn if any(actor in pair for pair in links)]
    if not drawn:
        return Network([], [], WIDTH, 0, 0, len(weight), limit)
    height = 200 if len(drawn) <= 2 else 360
    angles: dict[str, float] = {}
    if focus is not None and focus in drawn:
        height = max(120, math.ceil((len(drawn) - 1) / 2) * ROW + 40)
        places = _radial(drawn, focus, height)
    elif ring or len(drawn) <= 3:
        places = _circle(drawn, height)
    else:
        # one name every 14 px around the circle, names 150 px long outside it: a larger box for more actors
        height = max(WIDTH, round(2 * max(210, 14 * len(drawn) / (2 * math.pi)) + 300))
        places, angles = _communities(drawn, links, height)
    shared = {actor: sum(c for pair, (c, _) in links.items() if actor in pair) for actor in drawn}
    places = {actor: (short(x), short(y)) for actor, (x, y) in places.items()}
    nodes = [Node(actor, names.get(actor, actor), *places[actor], r=short(min(14.0, 4 + 2 * math.sqrt(shared[actor]))),
                  events=shared[actor], focus=actor == focus, label_left=places[actor][0] > WIDTH / 2 if focus else places[actor][0] < height / 2 - 0.5,
                  angle=angles.get(actor))
             for actor in drawn]
    drawn_links = [Link(a, b, *places[a], *places[b], events=count, held=held,
                        width=short(1 + math.log2(count)))
                   for (a, b), (count, held) in sorted(links.items(), key=lambda kv: (-kv[1][0], kv[0]))]
    width = height if angles else WIDTH  # the circle's box is square
    return Network(nodes, drawn_links, width, height, len(nodes), len(weight), limit)


def _box(height: int) -> tuple[float, float, float, float]:
    """Centre and half-sizes of the area nodes may take, leaving room for names at the sides."""
    return WIDTH / 2, height / 2, WIDTH / 2 - 130, height / 2 - 24


def _on_ellipse(actors: list[str], cx: float, cy: float, rx: float, ry: float) -> dict[str, tuple[float, float, float]]:
    """(x, y, angle in radians) of each actor, evenly round an ellipse from the top, clockwise."""
    out = {}
    for i, actor in enumerate(actors):
        angle = -math.pi / 2 + 2 * math.pi * i / len(actors)
        out[actor] = (round(cx + rx * math.cos(angle), 1), round(cy + ry * math.sin(angle), 1), angle)
    return out


def _circle(actors: list[str], height: int) -> dict[str, tuple[float, float]]:
    cx, cy, rx, ry = _box(height)
    if len(actors) == 2:
        return {actors[0]: (cx - rx, cy), actors[1]: (cx + rx, cy)}
    return {actor: (x, y) for actor, (x, y, _) in _on_ellipse(actors, cx, cy, rx, ry).items()}


def _radial(actors: list[str], focus: str, height: int) -> dict[str, tuple[float, float]]:
    """The focus in the middle, the others in two columns at the sides, names outward: one name
    per row, so names never collide however many there are."""
    others = [a for a in actors if a != focus]
    left, right = others[1::2], others[0::2]
    places = {focus: (WIDTH / 2, height / 2)}
    for column, x in ((right, WIDTH - 190), (left, 190)):
        top = height / 2 - (len(column) - 1) * ROW / 2
        for i, actor in enumerate(column):
            places[actor] = (x, round(top + i * ROW, 1))
    return places


def _communities(actors: list[str], links: dict, height: int) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Everyone on one circle, those who meet among themselves side by side (networkx's modularity
    communities), names along the radius: no two names collide up to a few dozen actors."""
    graph = networkx.Graph()
    graph.add_nodes_from(actors)
    graph.add_weighted_edges_from((a, b, count) for (a, b), (count, _) in links.items())
    rank = {actor: i for i, actor in enumerate(actors)}  # most events first
    groups = sorted((sorted(group, key=rank.get) for group in
                     networkx.community.greedy_modularity_communities(graph, weight="weight")),
                    key=lambda group: (-len(group), rank[group[0]]))
    order = [actor for group in groups for actor in group]
    radius = height / 2 - 150
    places, angles = {}, {}
    for actor, (x, y, angle) in _on_ellipse(order, height / 2, height / 2, radius, radius).items():
        places[actor] = (x, y)
        degrees = math.degrees(angle)
        angles[actor] = round(degrees if math.cos(angle) >= 0 else degrees + 180, 1)
    return places, angles


# --------------------------------------------------------------------------- charts

LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 30  # margins of a time chart
LABEL_WIDTH = 56  # room one column label needs


def time_chart(title: str, columns: list[str], series: list[str], values: list[list[int]],
               stacked: bool = False, current: int | None = None) -> Chart:
    """Columns left to right (months, weeks), one bar per series side by side, or stacked."""
    height = 190
    chart = Chart(title, "time", columns, series, values, width=WIDTH, height=height, stacked=stacked)
    if not columns:
        return chart
    totals = [sum(row) if stacked else max(row, default=0) for row in values]
    chart.top = max(1, max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    band = plot_w / len(columns)
    width = band * 0.8 / (1 if stacked else max(1, len(series)))
    for c, row in enumerate(values):
        x = LEFT + c * band + band * 0.1
        base = 0
        for s, value in enumerate(row):
            if value <= 0:
                continue
            h = plot_h * value / chart.top
            y = TOP + plot_h - h - (plot_h * base / chart.top if stacked else 0)
            bx = x if stacked else x + s * width
            chart.bars.append(Bar(short(bx), short(y), short(max(width, 1.0)), short(h), s, value,
                                  f"{columns[c]}: {value} {series[s]}", current=c == current))
            if stacked:
                base += value
    step = max(1, math.ceil(len(columns) * LABEL_WIDTH / plot_w))
    chart.ticks = [Tick(short(LEFT + c * band + band / 2), height - 10, label)
                   for c, label in enumerate(columns) if c % step == 0 or c == current]
    chart.ticks += [Tick(LEFT - 6, TOP + 4, str(chart.top), "end"), Tick(LEFT - 6, TOP + plot_h, "0", "end")]
    return chart




def ranking_chart(title: str, series: str, items: list[tuple[str, str, int]]) -> Chart:
    """One horizontal bar per item, longest first: (actor id, name, value)."""
    chart = Chart(title, "ranking", [name for _, name, _ in items], [series], [[value] for _, _, value in items],
                  width=WIDTH, height=ROW * len(items) + 8)
    chart.top = max((value for _, _, value in items), default=0) or 1
    left, room = 230, WIDTH - 230 - 50
    for row, (actor, name, value) in enumerate(items):
        y = 4 + row * ROW
        chart.bars.append(Bar(left, y + 3, short(max(1.0, room * value / chart.top)), ROW - 6, 0, value,
                              f"{name}: {value} {series}"))
        chart.ticks.append(Tick(left - 8, y + ROW / 2 + 4, name, "end", link=actor))
    return chart
