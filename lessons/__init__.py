"""The lessons, in teaching order: one folder each, and one entry each here for the router and the tour."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    script: str  # path from the repository root
    title: str
    icon: str
    url_path: str
    blurb: str  # one line for the tour on the home page


LESSONS = [
    Lesson(
        "lessons/home/page.py",
        "Why neural networks",
        ":material/home:",
        "home",
        "What a network is for, and how a machine can learn at all.",
    ),
    Lesson(
        "lessons/separator/page.py",
        "The linear separator",
        ":material/call_split:",
        "separator",
        "Move a line to sort points, watch it learn, and see hidden units bend lines into curves.",
    ),
    Lesson(
        "lessons/activations/page.py",
        "Activation functions",
        ":material/function:",
        "activations",
        "Poke every activation and its slope, turn scores into probabilities, and see why layers need a bend.",
    ),
    Lesson(
        "lessons/gradient_descent/page.py",
        "Gradient descent",
        ":material/trending_down:",
        "gradient-descent",
        "From a classifier that cannot learn to a loop that does: predict, loss, gradient, step.",
    ),
    Lesson(
        "lessons/backprop/page.py",
        "Backpropagation",
        ":material/account_tree:",
        "backprop",
        "Follow the chain rule back through a tiny network, one derivative at a time, and check it against torch.",
    ),
    Lesson(
        "lessons/optimisers/page.py",
        "Optimisers and the loss landscape",
        ":material/landscape:",
        "optimisers",
        "Race SGD, momentum, RMSprop and Adam down hills and ravines, then look at a real network's landscape.",
    ),
    Lesson(
        "lessons/training/page.py",
        "Training on MNIST",
        ":material/monitoring:",
        "training",
        "Build a network, watch it learn live on real digits, and catch it overfitting.",
    ),
    Lesson(
        "lessons/draw/page.py",
        "Draw a digit",
        ":material/draw:",
        "draw",
        "Draw a digit, see the network read it, and look at what it sees.",
    ),
    Lesson(
        "lessons/convolution/page.py",
        "Convolution",
        ":material/grid_on:",
        "convolution",
        "Slide a filter over your own drawing, number by number, then watch the whole CNN read it.",
    ),
]
