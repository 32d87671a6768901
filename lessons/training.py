"""Training on MNIST: build a network, watch it learn live, then see what it learnt and where it fails."""

import streamlit as st

from nnviz.presets import LAB, preset_config
from ui import frame, present, state, training_live, training_results, training_setup
from ui.training_data import data_section, data_settings

PAGE = state.Page(
    "train",
    (*training_setup.page_settings(), *data_settings(), *training_results.results_settings()),
    steps=(
        state.Step(
            "Random weights",
            "Before any training, what share of the test digits will this network get right? "
            "Read it under Accuracy before training, then press Start training.",
            {"preset": "MLP 784-50-10, Adam", "size": "10000"},
            part=2,
        ),
        state.Step(
            "A small network",
            "784-32-10: only 32 hidden units. Predict its test accuracy after 5 epochs: 80%, 90% or 95%? "
            "Press Start training.",
            {"preset": "MLP 784-32-10, RMSprop"},
            part=2,
        ),
        state.Step(
            "Too big for its data",
            "Two layers of 512 units and only 1,000 training digits. In which epoch will validation loss "
            "turn up while training loss keeps falling? Press Start training.",
            {"preset": "Lab: big network, 1,000 digits", "size": "1000"},
            part=2,
        ),
        state.Step(
            "Dropout",
            "The same network and data, with dropout 0.5. Will validation loss turn up earlier, later, "
            "or not at all? Press Start training, then compare the two runs at the bottom.",
            {"preset": "Lab: the same with dropout 0.5", "size": "1000"},
            part=2,
        ),
        state.Step(
            "A CNN against the MLPs",
            "A convolutional network sees the digit as a picture, not a row of 784 numbers. "
            "Will it beat the best MLP's test accuracy? Press Start training.",
            {"preset": "CNN, Adam, batch 8"},
            part=2,
        ),
    ),
    on_apply=training_live.set_aside,  # a new state: the last finished run steps aside
    implied=training_setup.implied,
)
present.begin(PAGE, "Training on MNIST, with live charts")
training_live.init_state()
seed = frame.seed()
present.explain(
    "Here a network learns to read handwritten digits while you watch. Pick a network, press start, "
    "and see the loss fall and the accuracy climb, on training digits and on digits it never learns from."
)

with present.part(PAGE, 1, "The data, as the computer sees it"):  # every step is about part 2: this folds away
    data_section()

st.subheader("Build a network")
name, config = training_setup.settings(seed)
if config is not None:
    training_setup.preview(config)

st.subheader("Train it")
present.explain(
    "One **epoch** is one pass over the training digits; one **update** changes the weights after one batch. "
    "The **validation** digits are set aside: the weights never learn from them, so they show whether the "
    "network learnt digits in general or just memorised its own. The best epoch by validation loss is kept."
)
training_live.controls(config, name)
training_live.live_section()
st.caption(
    f"Runs vary with the seed (now {seed}, in the sidebar): it fixes the validation split, the starting "
    "weights and the order of the batches. Repeat a run with another seed to see the spread."
)

trainer = st.session_state["train.trainer"]
result = st.session_state["train.result"]
if result is not None:
    st.subheader("What it learnt")
    training_results.test_result(result, trainer)
    training_results.mistakes(result)
    training_results.first_layer(result)
    training_results.download(result)

st.subheader("The overfitting lab")
present.explain(
    "A network can fail in two ways. **High bias**: it is poor even on its training digits, because it is "
    "too small or trained too briefly. **High variance**: it is excellent on its training digits and worse on "
    "new ones, because it memorised them. The second shows on the chart: training loss keeps falling while "
    "validation loss turns up."
)


def run_lab(lab_name: str) -> None:
    training_setup.apply_preset(lab_name)
    size, scale = LAB[lab_name].config.train_size, st.session_state["train.scale"]
    training_live.start(preset_config(lab_name, seed, size, scale), lab_name)


busy = st.session_state["train.status"] in ("running", "paused")
for column, (lab_name, lab) in zip(st.columns(len(LAB)), LAB.items(), strict=True):
    column.button(lab_name.removeprefix("Lab: ").capitalize(), key=f"train.lab{list(LAB).index(lab_name)}",
                  on_click=run_lab, args=(lab_name,), disabled=busy, width="stretch")  # fmt: skip
    column.caption(f"{lab.blurb} Expect: {lab.published}.")
st.caption(
    "Run all three, then compare them below. Remedies for high variance: more data, dropout, other "
    "regularisation, a smaller network. Remedies for high bias: a bigger network, longer training."
)

st.subheader("Compare runs")
runs = st.session_state["train.runs"]
if runs:
    training_results.comparison(runs)
else:
    st.caption("Finished runs appear here, side by side with their settings.")
