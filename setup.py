"""Build hook: compile the gettext catalogues (.po -> .mo) into the wheel, and copy the planner's guide.

All metadata lives in pyproject.toml; this file only adds two steps to
``build_py``: the compile step, and the copy of ``docs/<lang>/guide.md``
with its screenshots into ``mentornet/guide/<lang>/`` (the workspace serves
the guide at ``/guide``; a source checkout serves ``docs/`` itself). (A source checkout without .mo files still works: the
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
        import shutil

        for lang_dir in sorted(Path("docs").glob("*/guide.md")):
            target = Path(self.build_lib) / "mentornet" / "guide" / lang_dir.parent.name
            (target / "img").mkdir(parents=True, exist_ok=True)
            shutil.copy2(lang_dir, target / "guide.md")
            for png in sorted((lang_dir.parent / "img").glob("*.png")):
                shutil.copy2(png, target / "img" / png.name)


setup(cmdclass={"build_py": BuildPyWithCatalogues})
