"""The backpropagation page, run headless through AppTest: the walk by key, its numbers, links and steps."""

import pytest

from lessons.backprop.panels import num
from lessons.backprop.settings import PAGE
from nnviz import backprop
from nnviz.backprop import PARAMS, WALK, Net
from nnviz.outcome import Why
from tests.helpers import charts, open_link
from tests.helpers import url_param as param

LESSON = "lessons/backprop/page.py"
MAX_TICKS = 40


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def walk_text(at) -> str:
    """The equations of the current backward step."""
    return next((m.value for m in at.markdown if m.value.startswith("∂L/∂")), "")


@pytest.fixture
def app(new_app):
    return open_link(new_app, LESSON)


def test_next_and_back_walk_the_backward_pass_with_its_numbers(app):
    net = Net()
    fwd = backprop.forward(net, 1.0, 0.5, 1.0)
    steps = backprop.backward(net, fwd).steps
    assert f"loss **L = {num(fwd.loss)}**" in markdown(app) and walk_text(app) == ""
    for number, step in enumerate(steps, start=1):
        app.button(key="bp.next_node").click().run()
        assert not app.exception and f"Node {number} of {len(WALK)}: **{step.node}**" in markdown(app)
        shown = walk_text(app)
        assert f"= **{num(step.dl_da)}**" in shown
        if step.da_dz is not None:
            assert f"**{num(step.da_dz)}**" in shown and f"**{num(step.dl_dz)}**" in shown
            for edge in step.edges:
                assert f"∂L/∂{edge.param} = ∂L/∂z_{step.node}" in shown
                assert f"{num(edge.value)} = **{num(edge.grad)}**" in shown
    assert app.button(key="bp.next_node").disabled and param(app, "back") == str(len(WALK))
    app.button(key="bp.prev_node").click().run()
    assert f"Node {len(WALK) - 1} of {len(WALK)}" in markdown(app) and not app.button(key="bp.next_node").disabled
    for _ in range(len(WALK) - 1):
        app.button(key="bp.prev_node").click().run()
    assert app.session_state["bp.back"] == 0 and app.button(key="bp.prev_node").disabled
    assert param(app, "back") is None


def test_the_whole_pass_names_the_largest_gradient(app):
    app.toggle(key="bp.whole").set_value(True).run()
    grads = backprop.gradients(Net(), 1.0, 0.5, 1.0)
    biggest = max(PARAMS, key=lambda n: abs(grads[n]))
    assert f"The largest is **∂L/∂{biggest} = {num(grads[biggest])}**" in markdown(app)
    assert app.button(key="bp.next_node").disabled and param(app, "whole") == "1"


def test_torch_agrees_in_every_digit_shown(app):
    table = app.table[0].value
    assert table["chain rule, by hand"].tolist() == table["torch .grad"].tolist()
    assert "All nine agree in every digit shown." in markdown(app)


def test_the_nudge_compares_the_real_change_with_the_promise(app):
    app.selectbox(key="bp.nudge").set_value("w11").run()
    app.select_slider(key="bp.eps").set_value(0.001).run()
    nudged = backprop.nudge(Net(), 1.0, 0.5, 1.0, "w11", 0.001)
    assert metric(app, "Real change") == num(nudged.change)
    assert f"= **{num(nudged.promised)}**; real change **{num(nudged.change)}**" in markdown(app)


def test_one_step_then_train_lowers_the_loss(app):
    before = float(metric(app, "Loss now"))
    predicted = metric(app, "Loss after the next step")
    app.button(key="bp.one_step").click().run()
    assert metric(app, "Steps taken") == "1" and metric(app, "Loss now") == predicted
    assert float(predicted) < before
    app.button(key="bp.train").click().run()
    ticks = 0
    while app.session_state["bp.train.player"].playing and ticks < MAX_TICKS:
        app.run()
        ticks += 1
    assert not app.exception and not app.session_state["bp.train.player"].playing
    assert any(s.value.startswith("Learned:") for s in app.success)


def test_a_huge_learning_rate_is_stopped_and_explained(app):
    app.select_slider(key="bp.lr").set_value(10.0).run()
    app.button(key="bp.train").click().run()
    for _ in range(MAX_TICKS):
        if not app.session_state["bp.train.player"].playing:
            break
        app.run()
    run = app.session_state["bp.training"]
    assert run.outcome.why is Why.DIVERGED and not app.exception
    words = " ".join(e.value for e in app.error)
    assert f"Diverged at step {run.outcome.step}" in words and "learning rate of 10" in words
    assert app.button(key="bp.train").disabled


def test_a_link_opens_exactly_its_state(new_app):
    link = {"x1": "-2", "t": "0.5", "act": "tanh", "out": "sigmoid", "w11": "5", "v2": "-3.2", "back": "2",
            "nudge": "b2", "eps": "0.1", "lr": "3.0"}  # fmt: skip
    at = open_link(new_app, LESSON, **link)
    assert not any(i.value.startswith("This link") for i in at.info)
    assert at.slider(key="bp.x1").value == -2.0 and at.slider(key="bp.w11").value == 5.0
    assert at.selectbox(key="bp.act").value == "tanh" and at.selectbox(key="bp.out").value == "sigmoid"
    assert at.selectbox(key="bp.nudge").value == "b2" and at.select_slider(key="bp.lr").value == 3.0
    net = Net(w11=5.0, v2=-3.2, hidden="tanh", out="sigmoid")
    step = backprop.backward(net, backprop.forward(net, -2.0, 0.5, 0.5)).steps[1]
    assert "Node 2 of 5: **h1**" in markdown(at) and f"**{num(step.dl_dz)}**" in walk_text(at)
    assert {name: param(at, name) for name in link} == link


def test_a_nonsense_link_is_named_and_shows_the_defaults(new_app):
    bad = {"w11": "9", "act": "swish", "back": "7", "lr": "0.5", "whole": "maybe", "bp": "1"}
    at = open_link(new_app, LESSON, **bad, x2="1.5")
    assert at.slider(key="bp.w11").value == 0.5 and at.selectbox(key="bp.act").value == "sigmoid"
    assert at.session_state["bp.back"] == 0 and at.select_slider(key="bp.lr").value == 0.1
    assert at.slider(key="bp.x2").value == 1.5  # the one good value is used
    notices = [i.value for i in at.info if i.value.startswith("This link")]
    assert len(notices) == 1 and all(f"{k}={v}" in notices[0] for k, v in bad.items())


def test_saturation_is_said_in_plain_words(new_app):
    at = open_link(new_app, LESSON, w11="5", w12="5")
    assert any("h1 is saturated" in w.value for w in at.warning) and not at.exception
    at = open_link(new_app, LESSON, act="ReLU", w11="-5", w12="-5")
    assert any("h1 is switched off" in w.value for w in at.warning)


def step_title(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### Step"))


def test_presentation_mode_opens_every_step(new_app):
    at = open_link(new_app, LESSON, present="1")
    settings = PAGE.by_name()
    for number, step in enumerate(PAGE.steps, start=1):
        if number > 1:
            at.button(key="bp._next").click().run()
        assert not at.exception
        assert step_title(at).startswith(f"#### Step {number} of {len(PAGE.steps)}: {step.title}")
        for name, value in step.values.items():
            assert at.session_state[settings[name].key] == settings[name].parse(value)
    assert at.button(key="bp._next").disabled


def test_the_steps_questions_quote_the_engines_numbers():
    fwd = backprop.forward(Net(), 1.0, 0.5, 1.0)
    assert f"the loss is {fwd.loss:.3f}" in PAGE.steps[0].question
    saturated = Net(w11=5.0, w12=5.0)
    assert f"to {backprop.forward(saturated, 1.0, 0.5, 1.0).z['h1']:g}," in PAGE.steps[1].question
    grads = backprop.gradients(saturated, 1.0, 0.5, 1.0)
    assert abs(grads["w11"]) < abs(grads["w21"])  # the answer to step 2's question
    v1 = backprop.gradients(Net(), 1.0, 0.5, 1.0)["v1"]
    assert f"v1's gradient is {v1:.3f}" in PAGE.steps[2].question
    assert f"a change of {0.1 * v1:.4f}" in PAGE.steps[2].question


def test_random_weights_come_from_the_seed_and_reset_brings_the_defaults_back(new_app):
    rolled = []
    for _ in range(2):
        at = open_link(new_app, LESSON, seed="7")
        at.button(key="bp.roll").click().run()
        rolled.append([at.session_state[f"bp.{name}"] for name in PARAMS])
        assert not at.exception and all(-5 <= w <= 5 for w in rolled[-1])
    assert rolled[0] == rolled[1] != [getattr(Net(), name) for name in PARAMS]
    at.button(key="bp.roll").click().run()
    assert [at.session_state[f"bp.{name}"] for name in PARAMS] != rolled[0]  # the next draw differs
    at.button(key="bp.reset_weights").click().run()
    assert [at.session_state[f"bp.{name}"] for name in PARAMS] == [getattr(Net(), name) for name in PARAMS]


def test_every_activation_runs_the_whole_page_and_torch_agrees(app):
    from lessons.backprop.settings import ACTS

    app.toggle(key="bp.whole").set_value(True).run()
    for name in ACTS:
        app.selectbox(key="bp.act").set_value(name)
        app.selectbox(key="bp.out").set_value(name).run()
        assert not app.exception, name
        assert "All nine agree in every digit shown." in markdown(app), name


# --- part 6: depth ----------------------------------------------------------------------------------


def test_part_6s_numbers_follow_the_settings(app):
    from lessons.backprop.depth import times
    from nnviz import deep_chain

    app.slider(key="bp.depth").set_value(10).run()
    chain = deep_chain.chain(10, "sigmoid")
    text = markdown(app)
    assert f"= **{num(chain.product)}**" in text and f"∂L/∂z₁ ÷ ∂L/∂z₁₀: **{num(chain.product)}**" in text
    assert "**806,900 times smaller**" in text and param(app, "depth") == "10"
    assert f"**{times(1 / chain.product)} times smaller**" in text
    app.selectbox(key="bp.depth.act").set_value("tanh").run()
    tanh = deep_chain.chain(10, "tanh")
    assert f"**{times(1 / tanh.product)} times smaller**" in markdown(app) and f"**{num(tanh.product)}**" in markdown(
        app
    )
    app.selectbox(key="bp.depth.act").set_value("ReLU").run()
    assert "The first layer gets **the same** gradient as the last" in markdown(app)
    app.selectbox(key="bp.depth.act").set_value("step").run()
    assert "no layer can learn" in markdown(app) and not app.exception
    app.slider(key="bp.depth").set_value(1).run()
    assert "With one layer, the first layer is the last" in markdown(app)
    assert any(link.label.startswith("The same in the activations lesson") for link in app.get("page_link"))


# --- part 7: one step on one digit -------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_mlp(mnist):
    from nnviz import digit_model

    return digit_model.load_or_train(mnist, digit_model.MLP_RECIPE).model


def press_one_step(at):
    at.button(key="bp.digit.step").click().run()
    assert not at.exception, at.exception


def test_one_step_on_a_digit_shows_the_loss_before_and_after(new_app, mnist, default_mlp):
    from nnviz import one_digit

    at = open_link(new_app, LESSON, digit="18", **{"digit.lr": "0.1"})
    at.default_timeout = 300  # a server without the shared MLP trains it first
    assert "Press the button to take the step." in [c.value for c in at.caption]
    kept = {k: v.clone() for k, v in default_mlp.state_dict().items()}
    press_one_step(at)
    others = one_digit.other_digits(mnist.test_y, 18)
    step = one_digit.one_step_on_one_digit(default_mlp, mnist.test_x[18], 3, 0.1, mnist.test_x[others],
                                           mnist.test_y[others])  # fmt: skip
    assert metric(at, "Loss on this digit, before") == num(step.loss_before)
    assert metric(at, "Loss on this digit, after") == num(step.loss_after)
    assert metric(at, "P(3) after") == f"{step.prob_after:.1%}"
    moved = 100 * (step.others_after - step.others_before)
    assert f"the other 3s moved by **{moved[step.others_same].mean():+.2g} points**" in markdown(at)
    assert {"bp.digit.pictures", "bp.digit.others"} <= {chart.key for chart in charts(at)}
    assert all(torch_equal(kept, default_mlp.state_dict()))  # the shared model never changes
    at.select_slider(key="bp.digit.lr").set_value(0.001).run()  # another setting: the old step is not shown
    assert "Press the button to take the step." in [c.value for c in at.caption]


def torch_equal(kept: dict, now: dict):
    import torch

    return (torch.equal(kept[k], v) for k, v in now.items())


def test_your_own_model_is_used_when_it_is_an_mlp_and_explained_when_not(new_app, monkeypatch, default_mlp):
    from lessons.training import handover
    from nnviz import training
    from nnviz.models import ModelSpec, build_model

    at = open_link(new_app, LESSON, **{"digit.model": "your own (Training page)"})
    assert any("joins once a run has finished" in c.value for c in at.caption)
    press_one_step(at)
    assert metric(at, "Loss on this digit, before")  # the default MLP took the step
    cnn = ModelSpec(kind="cnn")
    export = training.export(training.TrainConfig(model=cnn), build_model(cnn, seed=0))
    monkeypatch.setattr(handover, "finished_export", lambda: export)
    at.run()
    assert any("not an MLP" in i.value for i in at.info) and not at.exception
    mlp = ModelSpec(kind="mlp", hidden=(32,))
    mine = training.export(training.TrainConfig(model=mlp), build_model(mlp, seed=0))
    monkeypatch.setattr(handover, "finished_export", lambda: mine)
    at.run()
    assert not any("not an MLP" in i.value for i in at.info)
    assert "Press the button to take the step." in [c.value for c in at.caption]  # another model: step again
    press_one_step(at)
    assert any("16 most changed hidden units" in chart.spec for chart in charts(at))


def test_a_link_opens_exactly_part_6_and_7s_state(new_app):
    link = {"depth": "12", "depth.act": "tanh", "digit": "1234", "digit.lr": "0.1",
            "digit.model": "your own (Training page)"}  # fmt: skip
    at = open_link(new_app, LESSON, **link)
    assert not any(i.value.startswith("This link") for i in at.info)
    assert at.slider(key="bp.depth").value == 12 and at.selectbox(key="bp.depth.act").value == "tanh"
    assert at.number_input(key="bp.digit").value == 1234 and at.select_slider(key="bp.digit.lr").value == 0.1
    assert at.radio(key="bp.digit.model").value == "your own (Training page)"
    assert {name: param(at, name) for name in link} == link
    bad = open_link(new_app, LESSON, depth="17", digit="10000", **{"digit.lr": "0.5"})
    assert bad.slider(key="bp.depth").value == 4 and bad.number_input(key="bp.digit").value == 0
    assert any(all(f"{k}=" in i.value for k in ("depth", "digit", "digit.lr")) for i in bad.info)


def test_the_new_steps_open_their_parts(new_app, default_mlp):
    at = open_link(new_app, LESSON, present="1")
    for _ in range(4):
        at.button(key="bp._next").click().run()
    assert step_title(at).startswith("#### Step 5 of 6: Ten sigmoid layers") and not at.exception
    assert at.slider(key="bp.depth").value == 10 and "times smaller" in markdown(at)
    at.button(key="bp._next").click().run()
    assert step_title(at).startswith("#### Step 6 of 6: One step on one 3")
    assert at.number_input(key="bp.digit").value == 18
    press_one_step(at)
    assert metric(at, "P(3) before") and not at.exception


# --- the loss: squared error or cross-entropy -------------------------------------------------------


def test_choosing_the_cross_entropy_with_a_sigmoid_output_changes_the_loss_and_the_first_step(app):
    squared = backprop.forward(Net(out="sigmoid"), 1.0, 0.5, 1.0)
    app.selectbox(key="bp.out").set_value("sigmoid").run()
    assert f"loss **L = {num(squared.loss)}**" in markdown(app) and "the squared error" in markdown(app)
    app.selectbox(key="bp.loss").set_value("cross-entropy").run()
    net = Net(out="sigmoid", loss="cross-entropy")
    fwd = backprop.forward(net, 1.0, 0.5, 1.0)
    first = backprop.backward(net, fwd).steps[0]
    assert not app.exception and fwd.loss != squared.loss
    assert f"loss **L = {num(fwd.loss)}**" in markdown(app) and "The loss is the cross-entropy" in markdown(app)
    app.button(key="bp.next_node").click().run()
    shown = walk_text(app)
    assert shown.startswith("∂L/∂y = −t/y + (1 − t)/(1 − y) = ") and f"= **{num(first.dl_da)}**" in shown
    assert f"{num(fwd.y)} + " in shown and f"**{num(first.dl_dz)}**" in shown
    assert "All nine agree in every digit shown." in markdown(app) and param(app, "loss") == "cross-entropy"


def test_the_cross_entropy_with_an_output_that_can_leave_0_1_says_so_plainly(app):
    app.selectbox(key="bp.loss").set_value("cross-entropy").run()  # the default output is the identity
    assert not app.exception and app.selectbox(key="bp.out").value == "none (identity)"
    assert any("needs an output strictly between 0 and 1" in w.value for w in app.warning)
    assert "loss **L =" not in markdown(app) and "nan" not in markdown(app).lower() and not app.table
    app.button(key="bp.next_node").click().run()
    assert not app.exception and walk_text(app) == ""
    app.selectbox(key="bp.out").set_value("sigmoid").run()
    assert not any("needs an output" in w.value for w in app.warning) and "loss **L =" in markdown(app)


def test_a_cross_entropy_link_opens_it_and_saturation_is_said(new_app):
    at = open_link(new_app, LESSON, loss="cross-entropy")
    assert not at.exception and at.selectbox(key="bp.loss").value == "cross-entropy"
    assert not any(i.value.startswith("This link") for i in at.info) and param(at, "loss") == "cross-entropy"
    assert any("needs an output strictly between 0 and 1" in w.value for w in at.warning)
    at = open_link(new_app, LESSON, loss="cross-entropy", out="sigmoid", act="none (identity)", w11="5", w12="5",
                   v1="5", v2="5", x1="5", x2="5")  # fmt: skip
    assert not at.exception and at.selectbox(key="bp.out").value == "sigmoid"
    assert any("The loss is infinite here" in w.value and "exactly 1" in w.value for w in at.warning)
    assert "loss **L =" not in markdown(at) and "nan" not in markdown(at).lower()
    at = open_link(new_app, LESSON, loss="cross-entropy", out="sigmoid", t="2")
    assert any("outside" in w.value for w in at.warning) and not at.exception
