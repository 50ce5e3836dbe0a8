"""What the main window asks the user, in one swappable object (tests replace its methods: nobody can click a modal
dialog offscreen). Each question is a plain method; the dialogs behind them are imported when first asked (nothing
of them on the way to the first window)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QDialog, QWidget


class Prompts:
    def __init__(self, parent: QWidget):
        self.parent = parent

    def confirm(self, title: str, text: str, detail: str, button: str) -> bool:
        """A question with `button` to go ahead and Cancel (the default: Enter never finalises by accident)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        box.setInformativeText(detail)
        go = box.addButton(button, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def inform(self, title: str, text: str, detail: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self.parent)
        box.setInformativeText(detail)
        box.exec()

    def host_name(self, parent: QWidget | None, suggested: str) -> str | None:
        from .host_mode import ask_host_name

        return ask_host_name(parent, suggested)

    def reviewer_secret(self, parent: QWidget | None, reviewer: str, has_keys: bool) -> str | None:
        from .host_mode import ask_reviewer

        return ask_reviewer(parent, reviewer, has_keys)

    def run(self, dialog: QDialog) -> int:
        """A modal dialog (import, export, report, keys, profile, wizard) until the user closes it."""
        return dialog.exec()

    def restore_backup(self, message: str) -> bool:
        """The store turned out to be damaged (found after start-up): put the newest intact backup back?"""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "Peer Review Desktop", "Your data is damaged.", parent=self.parent)
        box.setInformativeText(f"{message}\n\nRestoring sets the damaged file aside in the backups folder; nothing is "
                               "deleted. Work since that backup would need to be done again.")
        restore = box.addButton("Restore the Backup", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not Now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore

    def open_url(self, url: QUrl) -> bool:
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(url)
