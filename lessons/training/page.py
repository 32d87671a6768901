"""Training on MNIST: build a network, watch it learn live, then see what it learnt and where it fails."""

import streamlit as st

from lessons.training import live, results, run, setup
from lessons.training.data import data_section
from lessons.training.settings import PAGE
from nnviz.presets import LAB, preset_config
from ui import frame, present

present.begin(PAGE, "Training on MNIST, with live charts")
run.lost_notice()
s = PAGE.values
seed = frame.seed()
present.explain(
    "Here a network learns to read handwritten digits while you watch. Pick a network, press start, "
    "and see the loss fall and the accuracy climb, on training digits and on digits it never learns from."
)

with present.part(PAGE, 1, "The data, as the computer sees it"):  # every step is about part 2: this folds away
    data_section()

# On a projector the step has set the network: its settings fold away below the charts, so the question,
# Start and the charts fit one screen; the headings go too.
presenting = present.presenting()
above, below = st.container(), st.container()
with below if presenting else above:
    if not presenting:
        st.subheader("Build a network")
    with present.settings_box("The network and its training digits"):
        name, config = setup.network(seed)
with above:
    if config is not None:
        setup.preview(config)
    if not presenting:
        st.subheader("Train it")
    present.explain(
        "One **epoch** is one pass over the training digits; one **update** changes the weights after one "
        "batch. The **validation** digits are set aside: the weights never learn from them, so they show whether "
        "the network learnt digits in general or just memorised its own. The best epoch by validation loss is "
        "kept; a run without validation digits keeps its last weights."
    )
    live.controls(config, name)
    live.live_section()
st.caption(
    f"Runs vary with the seed (now {seed}, in the sidebar): it fixes the validation split, the starting "
    "weights and the order of the batches. Repeat a run with another seed to see the spread."
)

mine = run.current()
if mine.result is not None:
    st.subheader("What it learnt")
    results.test_result(mine.result, mine.trainer)
    results.mistakes(mine.result)
    results.first_layer(mine.result)
    results.download(mine.result)

st.subheader("The overfitting lab")
present.explain(
    "A network can fail in two ways. **High bias**: it is poor even on its training digits, because it is "
    "too small or trained too briefly. **High variance**: it is excellent on its training digits and worse on "
    "new ones, because it memorised them. The second shows on the chart: training loss keeps falling while "
    "validation loss turns up."
)


def run_lab(lab_name: str) -> None:
    setup.apply_preset(lab_name)
    run.start(preset_config(lab_name, seed, LAB[lab_name].config.train_size, s.scale), lab_name)


busy = run.status(mine) in ("running", "paused", "replaying")
for number, (column, (lab_name, lab)) in enumerate(zip(st.columns(len(LAB)), LAB.items(), strict=True)):
    column.button(lab_name.removeprefix("Lab: ").capitalize(), key=PAGE.key(f"lab{number}"), on_click=run_lab,
                  args=(lab_name,), disabled=busy, width="stretch")  # fmt: skip
    column.caption(f"{lab.blurb} Expect: {lab.published}.")
st.caption(
    "Run all three, then compare them below. Remedies for high variance: more data, dropout, other "
    "regularisation, a smaller network. Remedies for high bias: a bigger network, longer training."
)

st.subheader("Compare runs")
if finished := run.finished_runs():
    results.comparison(finished)
else:
    st.caption("Finished runs appear here, side by side with their settings.")
