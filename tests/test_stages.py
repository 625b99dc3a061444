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
