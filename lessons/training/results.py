"""After a run: the test of the kept checkpoint, its mistakes, its first layer, and runs side by side."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st
import torch

from lessons.training.settings import DIGITS, PAGE
from nnviz import evaluation
from nnviz.figures import plain
from nnviz.figures.digits import digit_grid
from nnviz.figures.training import COMPARE_METRICS, compare_runs, confusion, run_curve, weight_pictures
from nnviz.presets import ALL_PRESETS
from nnviz.training import Trainer, export
from ui import present, resources

MISTAKES_SHOWN = 16
WEIGHTS_SHOWN = 32


def analyse(trainer: Trainer) -> dict | None:
    """Everything the results show, computed once when the run ends (None if nothing usable was learnt)."""
    if trainer.updates == 0 or (trainer.diverged and trainer.best is None):
        return None
    digits = resources.digits()
    model = evaluation.kept_model(trainer)
    probs = evaluation.kept_test_probs(trainer, model, digits.test_x).numpy()  # (10000, 10)
    guesses = probs.argmax(1)
    labels = digits.test_y.numpy()
    buffer = io.BytesIO()
    torch.save(export(trainer.config, model), buffer)
    return {
        "model": model,
        "kept_epoch": trainer.best["epoch"] if evaluation.keeps_best(trainer) else None,
        "test_acc": float((guesses == labels).mean()),
        "probs": probs,
        "guesses": guesses,
        "matrix": evaluation.confusion_matrix(labels, guesses),
        "mistakes": evaluation.confident_mistakes(probs, labels, MISTAKES_SHOWN),
        "weights": evaluation.first_layer_weights(model)[:WEIGHTS_SHOWN],
        "kind": trainer.config.model.kind,
        "download": buffer.getvalue(),
    }


def tested_words(kept_epoch: int | None, trainer: Trainer) -> str:
    """Which weights were tested, true of the run: the best epoch needs validation digits and a finished epoch."""
    if kept_epoch:
        return f"the best epoch by validation loss (epoch {kept_epoch})"
    why = (
        "no epoch had finished to compare"
        if trainer.config.val_fraction > 0
        else "this run has no validation digits to pick a best epoch"
    )
    if trainer.updates < trainer.total_updates:  # stopped by the learner, or the loss blew up
        return f"the weights as they were at the stop, after {trainer.epoch:.2f} epochs ({why})"
    return f"the last epoch's weights ({why})"


def test_result(result: dict, trainer: Trainer) -> None:
    which = tested_words(result["kept_epoch"], trainer)
    last_train_acc = trainer.history[-1]["acc"]
    cols = st.columns(2)
    cols[0].metric(
        "Test accuracy",
        f"{result['test_acc']:.2%}",
        help=f"{len(trainer.test_y):,} digits the network never trained on.",
    )
    cols[1].metric("Training accuracy, last chunk", f"{last_train_acc:.2%}")
    if preset := ALL_PRESETS.get(result["name"]):
        st.markdown(f"{preset.label} for **{result['name']}**: {preset.published}.")
    gap = gap_words(result["test_acc"], last_train_acc, trainer.config.model.dropout, trainer.config.crop_pad > 0)
    present.explain(f"Tested: {which}. {gap}", caption=True)


CLOSE = 0.01  # test and training accuracy this close are "about the same"


def gap_words(test_acc: float, train_acc: float, dropout: float, cropped: bool = False) -> str:
    """What the gap between test and running training accuracy says, true of these numbers."""
    gap = test_acc - train_acc
    points = f"{abs(gap):.1%}".replace("%", " points")
    if abs(gap) < CLOSE:
        return "Test and training accuracy agree: what it learnt carries over to digits it never saw."
    if gap < 0:
        return (f"Training accuracy is {points} above test accuracy: the network does better on digits it has "
                "seen than on new ones. A large gap is the sign of overfitting.")  # fmt: skip
    why = "training accuracy is counted while the weights are still changing"
    if dropout:
        why += ", and dropout switches units off during training only"
    if cropped:
        why += ", and only training digits are moved by random crops"
    return f"Test accuracy is {points} above training accuracy. That happens: {why}."


def open_cell() -> None:
    """Callback: a click on the confusion matrix picks that cell's row and column."""
    points = PAGE.widget("confusion")["selection"]["points"]  # the chart's own state, there when it calls back
    if points:
        s = PAGE.values
        s.cell_true, s.cell_guess = int(points[0]["y"]), int(points[0]["x"])


def mistakes(result: dict) -> None:
    digits = resources.digits()
    matrix_col, cell_col = st.columns([3, 2])
    with matrix_col:
        st.markdown("**Confusion matrix**: which digit was read as which, on the test set.")
        present.chart(confusion(result["matrix"]), key=PAGE.key("confusion"), on_select=open_cell,
                      selection_mode="points")  # fmt: skip
    with cell_col:
        st.markdown("**Open a cell**: click one, or pick its row and column here.")
        true = st.selectbox("The digit really is", DIGITS, key=PAGE.keys.cell_true, persist_state="session")
        guessed = st.selectbox("The network says", DIGITS, key=PAGE.keys.cell_guess, persist_state="session")
        labels = digits.test_y.numpy()
        found = evaluation.cell_indices(labels, result["guesses"], true, guessed)
        st.caption(f"{len(found):,} test digits: a real {true} read as {guessed}.")
        if len(found):
            shown = found[:12]
            present.chart(digit_grid(digits.test_x[shown].numpy(), [""] * len(shown), cols=4),
                          key=PAGE.key("cell_digits"))  # fmt: skip
    st.markdown("**The most confidently wrong**: test digits the network got wrong while sure of itself.")
    surest_mistakes(result)
    present.explain(
        "Above each digit: its true label → the network's answer, and how sure the network was. "
        "A person would misread some of these too; others show what the network never learnt.",
        caption=True,
    )


def surest_mistakes(result: dict) -> None:
    """The surest mistakes, four across so that their captions fit: on a projector the first eight; otherwise all,
    in two blocks that stand side by side on a wide screen and one above the other on a phone."""
    digits = resources.digits()
    truth = digits.test_y.numpy()
    worst = result["mistakes"]
    half = -(-len(worst) // 2)
    blocks = [worst[:8]] if present.presenting() else [b for b in (worst[:half], worst[half:]) if len(b)]
    for n, (block, column) in enumerate(zip(blocks, st.columns(len(blocks)), strict=True)):
        captions = [f"{truth[i]} → {result['guesses'][i]}, {result['probs'][i].max():.0%}" for i in block]
        grid = digit_grid(digits.test_x[block].numpy(), captions, cols=4, wrong=[True] * len(block))
        with column:
            present.chart(grid, key=PAGE.key("mistakes" if n == 0 else f"mistakes.{n}"))


def first_layer(result: dict) -> None:
    if result["kind"] == "mlp":
        heading, details = "**The first layer's weights**", (
            ", one 28x28 picture per hidden unit: red pixels raise the unit's value, blue ones lower it. "
            "Each unit has learnt a stroke pattern to look for.")  # fmt: skip
    else:
        heading, details = "**The first convolution's filters**", (
            ": small stencils slid over the digit. Red weights respond to ink, blue to paper; many look for "
            "edges in one direction.")  # fmt: skip
    st.markdown(heading + ("." if present.presenting() else details))  # a projector keeps the heading only
    present.chart(weight_pictures(result["weights"], cols=8 if result["kind"] == "mlp" else 16),
                  key=PAGE.key("weights"))  # fmt: skip


def download(result: dict) -> None:
    st.download_button("Download the weights and config (.pt)", result["download"], file_name="nnviz-model.pt",
                       mime="application/octet-stream", key=PAGE.key("download"), on_click="ignore")  # fmt: skip
    st.caption("The Draw page uses this model too. Load the file with `nnviz.training.load(torch.load(path))`.")


def comparison(runs: list[dict]) -> None:
    metrics = [m for m in COMPARE_METRICS if any(run_curve(r["history"], m)[0] for r in runs)]
    if PAGE.values.compare_by not in metrics:  # a metric none of these runs has would draw an empty chart
        PAGE.values.compare_by = metrics[0]
    st.markdown(f"The **{PAGE.values.compare_by}** of this session's last finished runs, on one chart.")
    present.chart(compare_runs(runs, PAGE.values.compare_by), key=PAGE.key("compare"))
    st.radio("Compare the runs by", metrics, key=PAGE.keys.compare_by, horizontal=True, persist_state="session",
             help="Validation curves have one point per epoch; the training loss one per chunk of batches. "
             "Runs without validation digits have no validation curves.")  # fmt: skip
    st.dataframe(pd.DataFrame([run_row(r) for r in runs]), hide_index=True)
    for line in spread_words(runs):
        st.info(line)


def run_row(run: dict) -> dict:
    """One run as a table row: what it was asked to do, and what it really did."""
    settings = dict(run["settings"])
    seed, planned = settings.pop("seed"), settings.pop("epochs")
    ran = run["history"][-1]["epoch"] if run["history"] else 0
    kept = run["kept_epoch"] or ("last" if ran >= float(planned) else f"at the stop ({plain(ran, 2)})")
    return {"run": run["name"], "seed": seed, "test accuracy": f"{run['test_acc']:.2%}",
            "epochs run": f"{plain(ran, 3)} of {planned}", "kept epoch": str(kept), **settings}  # fmt: skip


def spread_words(runs: list[dict]) -> list[str]:
    """For runs alike in everything but the seed: the spread of their test accuracy, when there are two seeds."""
    groups: dict[tuple, dict[str, float]] = {}
    for r in runs:  # a run repeated with the same seed counts once
        alike = tuple((k, v) for k, v in r["settings"].items() if k != "seed")
        groups.setdefault(alike, {})[r["settings"]["seed"]] = r["test_acc"]
    lines = []
    for alike, by_seed in groups.items():
        if (low_high := evaluation.spread(list(by_seed.values()))) is None:
            continue
        low, high = (f"{a:.2%}" for a in low_high)
        seeds = ", ".join(sorted(by_seed, key=int))
        landed = f"all reached {low}" if low == high else f"landed between {low} and {high} test accuracy"
        lines.append(f"{len(by_seed)} runs of {dict(alike)['model']} that differ only in their seed ({seeds}) "
                     f"{landed}: that is the spread a seed makes.")  # fmt: skip
    return lines
