"""Peak memory of checking and drawing one avatar upload, each case in a fresh process.

Usage: `python bench/avatar_memory.py [path/to/avatars.py]` (default: the site's own module;
give an older copy of masthead/readers/avatars.py to compare). Prints a table: the case, what
the checks answered, and the process's peak resident memory above its baseline (ru_maxrss).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "PNG 7700x5160 (39.7 MP, flat)": ("PNG", 7700, 5160, "1"),
    "PNG 4000x3000 (12 MP, flat)": ("PNG", 4000, 3000, "RGB"),
    "JPEG 4000x3000 (12 MP)": ("JPEG", 4000, 3000, "RGB"),
}

CHILD = r"""
import importlib.util, io, json, resource, sys
import django
django.setup()
picture, module_path = sys.argv[1:3]
data = open(picture, "rb").read()
spec = importlib.util.spec_from_file_location("avatars_under_test", module_path)
avatars = importlib.util.module_from_spec(spec); spec.loader.exec_module(avatars)
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    avatars.avatar_render(avatars.avatar_image_open(io.BytesIO(data), size=len(data)))
    answer = "accepted"
except Exception as error:
    answer = getattr(error, "code", type(error).__name__)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"bytes": len(data), "answer": answer, "peak_mb": (peak - baseline) / 1024}))
"""


def picture_write(path: Path, fmt: str, width: int, height: int, mode: str) -> None:
    """The upload, made in this process so the measured one only reads a small file."""
    from PIL import Image

    if fmt == "JPEG":
        image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    else:
        image = Image.new(mode, (width, height), (200, 80, 40) if mode == "RGB" else 0)
    image.save(path, fmt)


def main() -> None:
    module = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "masthead/readers/avatars.py")
    print(f"avatars module: {module}")
    print(f"{'case':34} {'file':>9} {'answer':>24} {'peak above baseline':>20}")
    for index, (name, (fmt, width, height, mode)) in enumerate(CASES.items()):
        picture = Path(tempfile.gettempdir()) / f"avatar-memory-{index}.{fmt.lower()}"
        picture_write(picture, fmt, width, height, mode)
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(picture), module],
            cwd=ROOT,
            env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(result.stdout.strip().splitlines()[-1])
        size = f"{row['bytes'] / 1024:.0f} KB"
        print(f"{name:34} {size:>9} {row['answer']:>24} {row['peak_mb']:>17.0f} MB")


if __name__ == "__main__":
    main()
