"""The frame shares the server: page scripts take turns to draw, a few at a time."""

import threading
import time

import pytest

from ui import frame


@pytest.fixture
def places():
    """The server's places for drawing pages, all free."""
    frame.turn.clear()
    yield frame.turn()
    frame.turn.clear()


def test_only_so_many_pages_draw_at_once_and_every_one_gets_its_turn(places):
    inside, most, done = [0], [0], []
    lock = threading.Lock()

    def visitor(name: int) -> None:
        with frame.turn():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.02)  # drawing
            with lock:
                inside[0] -= 1
        done.append(name)

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(4 * frame.PAGE_RUNS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert most[0] == frame.PAGE_RUNS  # the places were all used, and never more
    assert sorted(done) == list(range(4 * frame.PAGE_RUNS))


def test_the_app_draws_a_page_only_in_a_free_place(new_app, places):
    for _ in range(frame.PAGE_RUNS):
        places.acquire()  # every place taken, as by other visitors' pages
    app, outcome = new_app(), []
    visit = threading.Thread(target=lambda: outcome.append(app.run()))
    visit.start()
    visit.join(timeout=2)
    assert visit.is_alive() and not outcome  # waiting for its turn
    for _ in range(frame.PAGE_RUNS):
        places.release()
    visit.join(timeout=120)
    assert outcome and not app.exception
    assert app.title and app.title[0].value  # the page drew once a place was free
