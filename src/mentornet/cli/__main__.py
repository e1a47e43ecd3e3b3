"""``python -m mentornet.cli``: the same as the ``mentornet`` command."""

from mentornet.cli import main

main()
