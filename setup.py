"""The build step pyproject.toml cannot declare: the message catalogues (``.po``) are
compiled to ``.mo`` into the build, so that an installed fupan speaks Chinese without
``make``. Everything else is in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """``build_py``, then every ``web/translations/*/LC_MESSAGES/*.po`` compiled beside
    itself in the build directory (Babel, as ``pybabel compile`` does: fuzzy entries left
    out)."""

    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path(self.build_lib, "web", "translations").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as source:
                catalogue = read_po(source)
            with po.with_suffix(".mo").open("wb") as compiled:
                write_mo(compiled, catalogue)


setup(cmdclass={"build_py": BuildWithCatalogues})
