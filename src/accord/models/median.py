"""The weighted median voter: the capability x salience weighted median.

    x* = min { x_j : Sum_{i: x_i <= x_j} c_i s_i >= (1/2) Sum_i c_i s_i }

On a single dimension with single-peaked preferences this is the position no weighted
majority prefers to move away from (Black 1948); Bueno de Mesquita (1994) reads the
weighted median as the starting forecast of his expected utility model.
"""

from __future__ import annotations

from ..scenario.schema import Inputs
from .base import Model, Solution, weighted_median
from .registry import register


@register
class Median(Model):
    name = "median"
    summary = "capability x salience weighted median (Black 1948)"

    def solve(self, inputs: Inputs) -> Solution:
        return Solution(weighted_median(inputs.position, inputs.weight))
