"""``python -m swf.cli``: the ``swf`` command."""

from swf.cli import main

main(prog_name="swf")
