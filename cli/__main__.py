"""``python -m amity.cli``: the same as the ``amity`` command."""

from amity.cli import run

run()
