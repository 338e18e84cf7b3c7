"""Python's garbage collector in a long-running web worker.

A worker holds about 250,000 objects for good: Django, Wagtail and our apps, models and
their metadata, the URLconf, translations, compiled templates. Python's full collections
walk every one of them: about 175 ms each on a 2-core machine, once every few hundred
requests, and that pause lands on whichever visitor's page is being served. Once the
application is loaded (about 220,000 of them), ``freeze_loaded_application`` moves them
into the collector's permanent generation (``gc.freeze()``): later full collections walk
only what was made since (about 20-30 ms). It runs at import, before the first request,
so no visitor waits for it; under ``gunicorn --preload`` it runs in the master before
the workers fork, which also keeps those objects' memory shared between them.

Frozen objects are never collected: anything the loading made and dropped is collected
first (``gc.collect()``).
"""

import gc


def freeze_loaded_application() -> int:
    """Collect, then freeze what the process holds now. How many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
