"""Plots on top of the library: matplotlib figures, imported only when a plot is asked for."""
