"""Input side: the template, the reader of the input sheets and the name filler.

- :func:`write_template` / :func:`generate_template_file` build the input template;
- :func:`read_inputs` reads a workbook into a :class:`~yusuan.model.BudgetModel` with findings;
- :func:`fill_names` fills name cells from codes (only empty or yusuan-written cells);
- :func:`cell_text` / :func:`fold`: a cell as text and text folded for matching labels;
- :mod:`yusuan.inputs.lookup`: one input sheet read on its own (基本信息, 上年数).
"""

from yusuan.inputs._cells import cell_text, fold
from yusuan.inputs.names import fill_names
from yusuan.inputs.reader import ReadResult, read_inputs
from yusuan.inputs.template import generate_template_file, write_template

__all__ = ["ReadResult", "cell_text", "fill_names", "fold", "generate_template_file", "read_inputs", "write_template"]
