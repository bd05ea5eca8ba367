"""The Qt GUI: the only package that imports PySide6."""

from desktop.ui.qt_compat import protect_singletons

protect_singletons()
