"""Python's garbage collector in a long-running web worker.

A worker holds about 250,000 objects for good once it has served its first pages: the
URLconf, compiled templates, translations, model and page-type metadata. Python's full
collections walk every one of them: about 175 ms each on a 2-core machine, once every few
hundred requests, and that pause lands on whichever visitor's page is being served.
After its first ``WARM_UP_REQUESTS`` requests a worker moves what it holds into the
collector's permanent generation (``gc.freeze()``): later full collections walk only what
was made since (about 20 ms). Frozen objects are never collected, so the few belonging to
the request in progress at that moment are kept for the worker's life (it is restarted
after ``max_requests`` anyway, infrastructure/production/gunicorn.conf.py).

``bench/search_bench.py`` serves the search page through it, as production does.
"""

import gc
import threading

WARM_UP_REQUESTS = 50


class FreezeAfterWarmUp:
    """A WSGI wrapper: ``application`` as it was, freezing once after the warm-up."""

    def __init__(self, application, warm_up: int = WARM_UP_REQUESTS):
        self.application = application
        self.warm_up = warm_up
        self.served = 0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self.served <= self.warm_up:
            with self._lock:
                self.served += 1
                if self.served == self.warm_up:
                    gc.collect()  # what is garbage now is not frozen
                    gc.freeze()
        return self.application(environ, start_response)
