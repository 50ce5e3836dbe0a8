"""A note's attachments: thumbnails for images, icons for other files; files and photos dropped or pasted become
attachments (image data without a file is written to a temporary PNG first)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QStyle, QWidget

from .widgets import muted


def has_files(mime) -> bool:  # noqa: ANN001
    return (mime.hasUrls() and any(u.isLocalFile() for u in mime.urls())) or mime.hasImage()


@contextlib.contextmanager
def dropped_files(mime):  # noqa: ANN001, ANN201
    """The local files in a drop or paste; image data without a file (a photo dragged from another app, a
    screenshot on the clipboard) is written to a temporary PNG first, removed afterwards."""
    paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()] \
        if mime.hasUrls() else []
    tmp = None
    if not paths and mime.hasImage():
        image = QImage(mime.imageData())
        if not image.isNull():
            tmp = tempfile.mkdtemp(prefix="peerreview-drop-")
            path = Path(tmp) / f"Photo {datetime.now():%Y-%m-%d %H.%M.%S}.png"
            image.save(str(path), "PNG")
            paths = [str(path)]
    try:
        yield paths
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


class AttachmentsView(QListWidget):
    """A note's attachments as thumbnails (images) or file icons; drop files here; Enter or a double-click opens a
    copy with the system's viewer; Delete removes the link (undoable; the stored file stays)."""

    files_dropped = Signal(list)
    remove_requested = Signal(dict)
    THUMB = 88

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.note_id: str | None = None
        self._thumbs: dict[str, QIcon] = {}
        self.setAccessibleName("Attachments")
        self.setToolTip("Drop files or photos here. Enter opens one; Delete removes it from the note.")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(self.THUMB, self.THUMB))
        self.setGridSize(QSize(self.THUMB + 36, self.THUMB + 34))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setFixedHeight(self.THUMB + 40)
        self.itemActivated.connect(self._open)

    def set_note(self, note_id: str | None, files: list[dict]) -> None:
        self.note_id = note_id
        self.clear()
        for a in files:
            item = QListWidgetItem(self._icon(a), a["filename"], self)
            item.setData(Qt.ItemDataRole.UserRole, a)
            item.setToolTip(f"{a['filename']} ({_size(a['size'])})")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Attachment {a['filename']}")
        self.viewport().update()

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        super().paintEvent(event)
        if self.count() == 0:
            p = QPainter(self.viewport())
            p.setPen(muted(self))
            p.drawText(self.viewport().rect(), int(Qt.AlignmentFlag.AlignCenter),
                       "Drop photos or files here to attach them")
            p.end()

    def _icon(self, a: dict) -> QIcon:
        if a["sha256"] in self._thumbs:
            return self._thumbs[a["sha256"]]
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        if str(a.get("mime", "")).startswith("image/"):
            from ..core.attachments import path_for

            reader = QImageReader(str(path_for(self.ctx.store.attachments_dir, a["sha256"])))
            reader.setAutoTransform(True)
            size = reader.size()
            if size.isValid() and size.width() > 0 and size.height() > 0:
                size.scale(self.THUMB * 2, self.THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio)
                reader.setScaledSize(size)
            image = reader.read()
            if not image.isNull():
                icon = QIcon(QPixmap.fromImage(image))
        self._thumbs[a["sha256"]] = icon
        return icon

    def _open(self, item: QListWidgetItem) -> None:
        from ..core.attachments import copy_out

        a = item.data(Qt.ItemDataRole.UserRole)
        folder = Path(tempfile.mkdtemp(prefix="peerreview-open-"))
        dest = folder / (Path(a["filename"]).name or "attachment")
        copy_out(self.ctx.store.attachments_dir, a["sha256"], dest)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(dest)))

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.isEnabled():
            self.remove_requested.emit(item.data(Qt.ItemDataRole.UserRole))
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001
        if has_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        if has_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001
        with dropped_files(event.mimeData()) as paths:
            self.files_dropped.emit(paths)
        event.acceptProposedAction()


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
