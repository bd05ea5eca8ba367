"""Typed UI preferences over QSettings: language, window geometry, splitter, last folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES

ORGANISATION = "TiepDan"
APPLICATION = "TiepDan"


class UiSettings:
    """One property per key; keys and defaults live here and nowhere else.

    Business configuration (office profile, desk code) is in the database, not here.
    """

    LANGUAGE = "ui/language"
    GEOMETRY = "window/geometry"
    WINDOW_STATE = "window/state"
    SPLITTER = "window/splitter"
    LAST_FOLDER = "files/last_folder"

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            self._qsettings = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
            )
        else:
            self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        return self._qsettings.fileName()

    @property
    def language(self) -> str:
        value = str(self._qsettings.value(self.LANGUAGE, DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        self._qsettings.setValue(self.LANGUAGE, value)

    @property
    def geometry(self) -> QByteArray:
        return self._bytes(self.GEOMETRY)

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._qsettings.setValue(self.GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray:
        return self._bytes(self.WINDOW_STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qsettings.setValue(self.WINDOW_STATE, value)

    @property
    def splitter(self) -> QByteArray:
        return self._bytes(self.SPLITTER)

    @splitter.setter
    def splitter(self, value: QByteArray) -> None:
        self._qsettings.setValue(self.SPLITTER, value)

    @property
    def last_folder(self) -> str:
        return str(self._qsettings.value(self.LAST_FOLDER, ""))

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self._qsettings.setValue(self.LAST_FOLDER, value)

    def sync(self) -> None:
        self._qsettings.sync()

    def _bytes(self, key: str) -> QByteArray:
        value = self._qsettings.value(key)
        return value if isinstance(value, QByteArray) else QByteArray()
