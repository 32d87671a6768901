"""The server is shared: page scripts take turns to draw, a few at a time."""

import threading

import pytest

from server import pages


@pytest.fixture
def places():
    """The server's places for drawing pages, all free."""
    pages.places.clear()
    yield pages.places()
    pages.places.clear()


def test_only_so_many_pages_draw_at_once_and_every_one_gets_its_turn(places):
    inside, most, done = [0], [0], []
    lock, full = threading.Lock(), threading.Event()

    def visitor(name: int) -> None:
        with pages.turn():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
                if inside[0] == pages.PAGE_RUNS:
                    full.set()
            full.wait(timeout=20)  # drawing, until every place has been taken at once (then no more waiting)
            with lock:
                inside[0] -= 1
        done.append(name)

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(4 * pages.PAGE_RUNS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert most[0] == pages.PAGE_RUNS  # the places were all used, and never more
    assert sorted(done) == list(range(4 * pages.PAGE_RUNS))


def test_the_app_draws_a_page_only_in_a_free_place(new_app, places):
    for _ in range(pages.PAGE_RUNS):
        places.acquire()  # every place taken, as by other visitors' pages
    app, outcome = new_app(), []
    visit = threading.Thread(target=lambda: outcome.append(app.run()))
    visit.start()
    visit.join(timeout=2)
    assert visit.is_alive() and not outcome  # waiting for its turn
    for _ in range(pages.PAGE_RUNS):
        places.release()
    visit.join(timeout=120)
    assert outcome and not app.exception
    assert app.title and app.title[0].value  # the page drew once a place was free


def test_a_fragment_inside_its_page_keeps_the_pages_place(places):
    """A fragment drawn during its page's run asks again for the place its script already holds."""
    with pages.turn():
        taken = [places.acquire(blocking=False) for _ in range(pages.PAGE_RUNS - 1)]
        with pages.turn():  # all places are now in use: a second place would wait for ever
            pass
        for got in taken:
            if got:
                places.release()
    assert all(places.acquire(blocking=False) for _ in range(pages.PAGE_RUNS))  # every place was given back
