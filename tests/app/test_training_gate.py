"""Sharing one server: a bounded number of trainings at once, and identical runs trained once."""

import multiprocessing
import threading

from nnviz.models import ModelSpec
from nnviz.training import TrainConfig, Trainer
from server.runs import Gate, RunStore, run_key
from tests.helpers import TRAINING_PAGE, charts

SMALL = TrainConfig(model=ModelSpec(hidden=(16,)), epochs=1, train_size=256, batch_size=64, val_fraction=0.1)


def finished_run(mnist, config=SMALL) -> Trainer:
    trainer = Trainer(config, mnist)
    while trainer.step(10) is not None:
        pass
    return trainer


def test_the_gate_lets_in_only_so_many_and_counts_who_waits():
    gate = Gate(2)
    with gate.turn("a") as a, gate.turn("b") as b, gate.turn("c") as c:
        assert (a, b, c) == (True, True, False)
        assert gate.queue_length() == 1
    with gate.turn("c") as c:
        assert c and gate.queue_length() == 0  # a place freed up: c is in, no longer waiting


def test_the_gate_holds_under_threads():
    gate, inside, most = Gate(2), [0], [0]
    lock = threading.Lock()

    def visitor(name: str) -> None:
        for _ in range(200):
            with gate.turn(name) as allowed:
                if allowed:
                    with lock:
                        inside[0] += 1
                        most[0] = max(most[0], inside[0])
                    with lock:
                        inside[0] -= 1

    threads = [threading.Thread(target=visitor, args=(f"v{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] <= 2


def test_a_finished_run_is_reused_as_a_private_copy(mnist, tmp_path):
    store, key = RunStore(tmp_path), run_key(SMALL, mnist)
    assert store.finished_copy(key, mnist) is None and store.claim(key, "first")
    trainer = finished_run(mnist)
    store.publish(key, "first", trainer)
    copy = RunStore(tmp_path).finished_copy(key, mnist)  # another process opening the same folder
    assert copy is not trainer and copy.history == trainer.history and copy.finished
    assert copy.evaluate(mnist.test_x, mnist.test_y) == trainer.evaluate(mnist.test_x, mnist.test_y)
    assert copy.test_x is mnist.test_x and copy._images is mnist.train_x  # joined to the reader's dataset
    next(copy.model.parameters()).data.zero_()
    assert next(trainer.model.parameters()).abs().sum() > 0  # the copy is the visitor's own


def _publish_from_a_process(folder: str, key: str, seed: int, ready, kept) -> None:
    """Another server process finishing the same run (here told apart by its weights)."""
    from nnviz.data import load_digits

    digits = load_digits(download=False)
    trainer = Trainer(SMALL, digits)
    next(trainer.model.parameters()).data.fill_(float(seed))
    ready.wait()
    kept.put((seed, RunStore(folder).publish(key, f"process {seed}", trainer)))


def test_two_processes_storing_the_same_run_keep_one(mnist, tmp_path):
    key = run_key(SMALL, mnist)
    context = multiprocessing.get_context("spawn")
    ready, kept = context.Event(), context.Queue()
    racers = [context.Process(target=_publish_from_a_process, args=(str(tmp_path), key, seed, ready, kept))
              for seed in (1, 2)]  # fmt: skip
    for p in racers:
        p.start()
    ready.set()
    for p in racers:
        p.join(timeout=120)
        assert p.exitcode == 0
    said = dict(kept.get(timeout=10) for _ in racers)
    (winner,) = [seed for seed, won in said.items() if won]  # exactly one was kept; the other was told so
    weights = next(RunStore(tmp_path).finished_copy(key, mnist).model.parameters()).detach()
    assert bool((weights == winner).all())  # the kept run is the winner's, whole
    assert len(RunStore(tmp_path)._cache) == 1


def test_a_run_in_progress_is_held_for_its_owner_and_released_when_abandoned(mnist, monkeypatch, tmp_path):
    store, key = RunStore(tmp_path), run_key(SMALL, mnist)
    assert store.claim(key, "owner")
    assert not store.claim(key, "follower")  # wait for the owner's result instead
    import server.runs as gate_module

    monkeypatch.setattr(gate_module, "STALE_S", 0.0)
    assert store.claim(key, "follower")  # the owner went quiet: the follower trains it


def test_a_visitor_who_stops_waiting_leaves_the_owner_holding_the_run(mnist, tmp_path):
    store, key = RunStore(tmp_path), run_key(SMALL, mnist)
    assert store.claim(key, "owner") and not store.claim(key, "follower")
    follower = Trainer(SMALL, mnist)
    follower.stop()  # the follower presses Stop while it waits
    store.publish(key, "follower", follower)
    assert not store.claim(key, "third")  # the owner still trains it; nobody starts it twice
    assert store.claim(key, "owner")


def test_waiters_see_the_owners_progress_while_the_owner_is_heard_from(mnist, monkeypatch, tmp_path):
    store, key = RunStore(tmp_path), run_key(SMALL, mnist)
    trainer = Trainer(SMALL, mnist)
    assert store.claim(key, "owner", trainer)
    trainer.step(3)
    store.heartbeat(key, "owner", trainer)
    assert RunStore(tmp_path).progress(key) == (3, trainer.total_updates)  # seen from another process too
    import server.runs as gate_module

    monkeypatch.setattr(gate_module, "STALE_S", 0.0)
    assert store.progress(key) is None  # the owner's session went quiet: nothing to wait for


def test_the_gate_forgets_visitors_who_left_while_waiting(monkeypatch):
    gate = Gate(1)
    with gate.turn("a"), gate.turn("b"):
        pass
    assert gate.queue_length() == 1  # b waited
    import server.runs as gate_module

    monkeypatch.setattr(gate_module, "FORGET_S", 0.0)
    with gate.turn("c"):
        pass
    assert gate._waiting == {}  # b left long ago; c got in


def test_stopped_or_diverged_runs_are_not_shared(mnist, tmp_path):
    store, key = RunStore(tmp_path), run_key(SMALL, mnist)
    trainer = Trainer(SMALL, mnist)
    trainer.step(2)
    trainer.stop()
    store.publish(key, "owner", trainer)
    assert store.finished_copy(key, mnist) is None
    assert store.claim(key, "someone else")  # the stopped owner no longer holds it


def test_different_settings_or_data_are_different_runs(mnist):
    other = TrainConfig(**{**SMALL.__dict__, "seed": 1})
    assert run_key(SMALL, mnist) != run_key(other, mnist)
    assert run_key(SMALL, mnist) != run_key(SMALL, mnist.__class__(**{**mnist.__dict__, "source": "sample"}))


def test_a_second_visitor_with_the_same_settings_gets_a_replay_not_a_second_training(new_app, fresh_run_store):
    first, second = new_app(), new_app()
    for at in (first, second):
        at.run()
        at.switch_page(TRAINING_PAGE).run()
        at.number_input(key="train.size").set_value(300).run()
    first.button(key="train.start").click().run()
    for _ in range(50):
        if first.session_state["train.run"].done:
            break
        first.run()  # each rerun is one tick of the live panel
    assert first.session_state["train.run"].done and not first.session_state["train.run"].shared

    second.button(key="train.start").click().run()
    run = second.session_state["train.run"]
    assert not second.exception and run.shared and run.replayed is not None and run.result is None
    assert any("Trained earlier on this server" in i.value and "replayed" in i.value for i in second.info)
    (bar,) = second.get("progress")
    assert bar.proto.text.startswith("Replaying: epoch")
    trained_for = run.trainer.train_seconds
    for _ in range(50):  # the curves grow tick by tick, and nothing trains
        if run.result is not None:
            break
        second.run()
    assert run.replayed is None and run.result is not None and run.trainer.train_seconds == trained_for
    own, reused = first.session_state["train.run"].result, run.result
    assert reused["test_acc"] == own["test_acc"]
    assert run.trainer is not first.session_state["train.run"].trainer


def test_a_replay_can_be_skipped(new_app, fresh_run_store):
    at = new_app()
    at.run()
    at.switch_page(TRAINING_PAGE).run()
    at.number_input(key="train.size").set_value(300).run()
    at.button(key="train.start").click().run()
    for _ in range(50):
        if at.session_state["train.run"].result is not None:
            break
        at.run()
    at.button(key="train.start").click().run()  # the same settings again
    assert at.session_state["train.run"].replayed is not None
    at.button(key="train.skip").click().run()
    assert at.session_state["train.run"].result is not None and not at.exception


def test_a_visitor_waits_for_the_identical_run_in_progress_and_sees_its_progress(new_app, fresh_run_store):
    first, second = new_app(), new_app()
    for at in (first, second):
        at.run()
        at.switch_page(TRAINING_PAGE).run()
        at.number_input(key="train.size").set_value(12000).run()  # several slices long, even on a fast machine
    first.button(key="train.start").click().run()  # the first slice: the first visitor owns the run
    assert first.session_state["train.run.player"].playing and not first.session_state["train.run"].waiting
    done = first.session_state["train.run"].trainer.updates
    assert 0 < done < first.session_state["train.run"].trainer.total_updates

    second.button(key="train.start").click().run()
    assert not second.exception
    assert second.session_state["train.run.player"].playing and second.session_state["train.run"].waiting
    bar = next(e for e in second.get("progress") if "training exactly this run" in e.proto.text)
    assert f"update {done:,} of " in bar.proto.text
    drawn = {chart.key for chart in charts(second)}
    assert not drawn & {"train.loss_chart", "train.acc_chart"}  # no curves of its own to draw while it waits
    assert second.session_state["train.run"].trainer.updates == 0  # and it trains nothing itself

    for _ in range(200):
        if first.session_state["train.run"].done:
            break
        first.run()
    second.run()  # its next check finds the finished run
    assert not second.exception
    assert second.session_state["train.run"].done and second.session_state["train.run"].shared
    assert not second.session_state["train.run"].waiting
    assert second.session_state["train.run"].result["test_acc"] == first.session_state["train.run"].result["test_acc"]
