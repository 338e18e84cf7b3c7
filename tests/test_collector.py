"""A web worker freezes what it holds for good after its first requests, so Python's
full garbage collections stop walking it (platform/connectdo/collector.py)."""

import gc

from connectdo.collector import FreezeAfterWarmUp


def test_a_worker_freezes_once_after_its_warm_up_and_answers_every_request():
    answered = []

    def application(environ, start_response):
        answered.append(environ["PATH_INFO"])
        return [b"ok"]

    wrapped = FreezeAfterWarmUp(application, warm_up=3)
    gc.unfreeze()
    try:
        counts = []
        for number in range(6):
            assert wrapped({"PATH_INFO": f"/{number}"}, None) == [b"ok"]
            counts.append(gc.get_freeze_count())
            if number == 2:
                gc.unfreeze()  # a second freeze would show again below
        assert answered == [f"/{number}" for number in range(6)]
        assert counts[:2] == [0, 0]  # not during the warm-up
        assert counts[2] > 0  # the third request froze what the worker held
        assert counts[3:] == [0, 0, 0]  # and only once
    finally:
        gc.unfreeze()


def test_the_production_entry_point_serves_through_it():
    from connectdo import wsgi

    assert isinstance(wsgi.application, FreezeAfterWarmUp)
