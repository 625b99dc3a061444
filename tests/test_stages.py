"""Stage boundaries: what comes after extraction never needs spaCy, so a build whose articles are all
cached, and every tool that reads the records, runs without loading it."""
from __future__ import annotations

import subprocess
import sys


def test_resolve_render_cache_and_export_import_with_spacy_blocked():
    script = (
        "import sys\n"
        "class Blocked:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'spacy' or name.startswith(('spacy.', 'thinc', 'en_core_web')):\n"
        "            raise ImportError(f'{name} is blocked')\n"
        "sys.meta_path.insert(0, Blocked())\n"
        "import generator.resolve, generator.render, generator.cache, generator.export, generator.records\n"
        "import generator.dates, generator.names, generator.overrides, generator.build, generator.site\n"
        "assert not [m for m in sys.modules if m == 'spacy' or m.startswith('spacy.')]\n"
        "import generator.extract.pipeline\n"  # the one module that needs it
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1 and "ImportError: spacy is blocked" in done.stderr, done.stderr
    assert "generator/extract/pipeline.py" in done.stderr  # only the last import failed


def test_no_module_imports_itself_through_others():
    """No import circle anywhere in the package (a circle hides the order of the stages)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "generator"
    modules = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        needs = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                needs |= {f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target for a in node.names}
        graph[name] = {n for n in needs if n in modules and n != name}

    def circle_from(start):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    return path + [start]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
        return None

    circles = [c for c in map(circle_from, sorted(graph)) if c]
    assert circles == []
