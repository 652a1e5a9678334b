"""Run as a script: make every rendition of one picture file as a poster, a photo and a
logo, and print what it cost.

    python -m tests.images.rendition_cost PICTURE

The process may grow by at most RENDERING_MEMORY_CEILING while rendering, so renditions
that would need gigabytes fail with MemoryError here instead of taking the machine down.
Prints JSON: the peak resident memory before and after rendering (KiB, getrusage) and
the seconds rendering took.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

RENDERING_MEMORY_CEILING = 1024**3


def main(path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
    import django

    django.setup()
    from django.core.files import File
    from django.core.files.storage import default_storage

    from series.images import rendition_files
    from series.models import Network, Person, Show

    files = []
    for model in (Show, Person, Network):
        with open(path, "rb") as picture:
            name = f"{model._meta.model_name}/{Path(path).name}"
            name = default_storage.save(name, File(picture))
        field = model._meta.get_field("image")
        fieldfile = field.attr_class(model(), field, name)
        files += [file for _fmt, _width, file in rendition_files(fieldfile, model.image_kind)]
    limit_growth(RENDERING_MEMORY_CEILING)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    for file in files:
        file.generate()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before_kib": before, "peak_kib": peak, "seconds": round(seconds, 3)}))


def limit_growth(ceiling):
    """Cap the address space at what the process maps now plus `ceiling`."""
    mapped = int(Path("/proc/self/status").read_text().split("VmSize:")[1].split()[0]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (mapped + ceiling, resource.RLIM_INFINITY))


if __name__ == "__main__":
    main(*sys.argv[1:])
