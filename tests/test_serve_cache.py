"""The API's cache of whole-corpus results and the watcher's rounds: a result computed while a round
stored is answered but not kept (it would hide the round's documents until the next round)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from types import SimpleNamespace

from dyadwatch.serve.app import cached, forget_cached


def _request():
    state = SimpleNamespace(cache=OrderedDict(), cache_lock=threading.Lock(), cache_generation=0)
    return SimpleNamespace(app=SimpleNamespace(state=state))


def test_a_result_computed_across_a_round_is_not_kept():
    request = _request()
    stored = {"documents": 2}

    def stats_while_a_round_stores():
        seen = dict(stored)
        stored["documents"] = 3  # the round stores a document and drops the cache meanwhile
        forget_cached(request.app)
        return seen

    assert cached(request, ("stats",), stats_while_a_round_stores) == {"documents": 2}
    # the next request computes afresh instead of answering the stale figures
    assert cached(request, ("stats",), lambda: dict(stored)) == {"documents": 3}
    assert cached(request, ("stats",), lambda: {"documents": -1}) == {"documents": 3}  # now kept
