"""``python -m amity.cli``: the same as the ``amity`` command."""

from amity.cli.main import main

main(prog_name="amity")
