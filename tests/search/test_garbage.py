"""A rebuild's fewer garbage collections: garbage made inside is still collected, and
the collector is left exactly as it was (a task worker runs other work afterwards)."""

import gc
import weakref

from search.garbage import YOUNG_THRESHOLD, fewer_collections


class _Node:
    pass


def test_the_collector_is_put_back_after_nested_blocks_and_errors():
    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
            assert gc.get_freeze_count() > 0  # what existed before is out of sight
            with fewer_collections():
                pass
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # still the outer block
            raise KeyError("a rebuild that fails")
    except KeyError:
        pass
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_cycles_made_inside_are_still_collected():
    with fewer_collections():
        node = _Node()
        node.itself = node  # a reference cycle: only the collector frees it
        gone = weakref.ref(node)
        del node
        kept = [_Node() for _ in range(YOUNG_THRESHOLD * 2)]  # past the young threshold
        assert gone() is None  # collected without anyone asking
        assert len(kept) == YOUNG_THRESHOLD * 2
