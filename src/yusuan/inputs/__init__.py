"""Input side: the template, the reader of the input sheets and the name filler.

- :func:`write_template` / :func:`generate_template_file` build the input template;
- :func:`read_inputs` reads a workbook into a :class:`~yusuan.model.BudgetModel` with findings;
- :func:`fill_names` fills name cells from codes (only empty or yusuan-written cells);
- :mod:`yusuan.inputs.lookup`: one input sheet read on its own (基本信息, 上年数).
"""

from yusuan.inputs.names import fill_names
from yusuan.inputs.reader import ReadResult, read_inputs
from yusuan.inputs.template import generate_template_file, write_template

__all__ = ["ReadResult", "fill_names", "generate_template_file", "read_inputs", "write_template"]
