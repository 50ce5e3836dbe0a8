"""Host check at a distance: the host headteacher, in their own copy of the app, reads a draft package they imported
(a review in mode "host"), comments on any finding or judgement, reads the DRAFT report and sends a response
package back to the lead reviewer.

The reading and commenting are host mode's (`HostModeView`), without its hand-back rule: this is the host's own
laptop, so there is no reviewer to hand back to. Notes and grades cannot be changed here; the store refuses it too
(core/packages/contents.py and core/reviews.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from .host_mode import BannerBase, HostModeView


class HostCheckBanner(BannerBase):
    """What the host is doing, and the three ways on: back to the list, the DRAFT report, sending the response."""

    show_report = Signal()
    send_response = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, "Choose a finding or judgement and add a comment wherever something is not "
                         "accurate. When you have finished, send your response to the lead reviewer.")
        self.back_button = self.add_button("Your reviews", "Back to your reviews", self.back)
        self.report = self.add_button("Draft report…", "Read the DRAFT report", self.show_report)
        self.send = self.add_button("Send response…", "Send your response to the lead reviewer", self.send_response)

    def show_host(self, host: str, school: str) -> None:
        self.set_title(f"{host}: checking the draft review of {school}")


class HostCheckView(HostModeView):
    """The host's comment screen for an imported draft; `send_response` and `show_report` are the window's to
    answer (they open the Export and Report dialogs), `back` returns to the list."""

    send_response = Signal()
    show_report = Signal()
    back = Signal()

    def make_banner(self) -> QWidget:
        banner = HostCheckBanner(self)
        banner.send_response.connect(self.send_response)
        banner.show_report.connect(self.show_report)
        banner.back.connect(self.back)
        return banner

    def host_name(self, _s) -> str:  # noqa: ANN001
        return self.ctx.store.actor.name or "You"

    def request_leave(self) -> bool:
        """Nothing to hand back on the host's own laptop."""
        self.back.emit()
        return True
