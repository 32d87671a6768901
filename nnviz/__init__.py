"""nnviz's engine: data, models, training and figures, with no UI in it."""
