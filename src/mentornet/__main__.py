"""``python -m mentornet``: the same command line as the ``mentornet`` script."""

from __future__ import annotations

from mentornet.cli import main

if __name__ == "__main__":
    main()
