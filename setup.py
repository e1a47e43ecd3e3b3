"""Build hook: compile the gettext catalogues (.po -> .mo) into the wheel.

All metadata lives in pyproject.toml; this file only adds the compile step
to ``build_py``. (A source checkout without .mo files still works: the
catalogues are compiled in memory at run time, see mentornet.i18n.)
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogues(build_py):
    def run(self) -> None:
        try:
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po
        except ImportError:  # Babel is a build requirement; without it the runtime fallback compiles
            self.announce("Babel not available: .mo files not compiled", level=3)
        else:
            for po in Path("src/mentornet/locale").glob("*/LC_MESSAGES/*.po"):
                mo = po.with_suffix(".mo")
                if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                    with po.open("rb") as fh:
                        catalog = read_po(fh)
                    with mo.open("wb") as fh:
                        write_mo(fh, catalog)
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogues})
