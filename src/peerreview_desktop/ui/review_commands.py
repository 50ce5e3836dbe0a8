"""What the main window's File and Review menus do: profile and keys, importing and exporting packages, the report,
showing the draft to the host, finalising and reopening. Each asks through the window's `prompts` (swappable in
tests) and calls the core through the context; every dialog module is imported when first used."""

from __future__ import annotations


class ReviewCommands:
    def __init__(self, window):  # noqa: ANN001
        self.window = window
        self.ctx = window.ctx

    @property
    def prompts(self):  # noqa: ANN201
        return self.window.prompts

    def _review(self):  # noqa: ANN202
        """The open review's summary, or None when no review is on screen."""
        w = self.window
        if w.page() == "host-check" and w.host_check.review_id:
            from ..core import reviews

            return reviews.summary(self.ctx.store, w.host_check.review_id)
        return w.workspace.summary if w.page() == "review" else None

    # -- profile and keys --------------------------------------------------------------------------------------------
    def edit_profile(self) -> None:
        from .profile_dialog import ProfileDialog

        self.prompts.run(ProfileDialog(self.ctx, self.window))
        self.window._update_actions()  # the role decides whether the partnership overview is on the toolbar

    def edit_keys(self) -> None:
        from .keys_dialog import KeysDialog

        self.prompts.run(KeysDialog(self.ctx, self.window))

    # -- packages ----------------------------------------------------------------------------------------------------
    def import_packages(self) -> None:
        from .import_dialog import ImportDialog

        self.ctx.flush()
        dlg = ImportDialog(self.ctx, self.window)
        self.prompts.run(dlg)
        self.after_import(list(dlg.results))

    def after_import(self, results: list) -> None:
        """The list is up to date; notes to choose between (a team merge) or conflicting revisions (a lead's import)
        are offered straight away."""
        self.window.list_screen.reload()
        self.window._update_actions()
        notes_to_choose = [r for r in results if r.kind == "notes" and (r.detail or {}).get("conflicts")]
        if notes_to_choose:
            n = sum(r.detail["conflicts"] for r in notes_to_choose)
            if self.prompts.confirm("Notes to choose between",
                                    f"{n} note{'s were' if n != 1 else ' was'} changed both here and on a team "
                                    "member's laptop.", "Both versions are kept; nothing was overwritten. Choose "
                                    "which to keep in the Conflicts view.", "Show the Conflicts"):
                from .workspace import CONFLICTS

                self.window.open_review(notes_to_choose[0].review_id)
                self.window.workspace.show_tab(CONFLICTS)
        elif any(r.status == "conflict" for r in results):
            if self.prompts.confirm("Conflicting revisions", "A package branches from an earlier version than the one "
                                    "here.", "Both revisions are kept for you to compare; the one stored first counts "
                                    "in the partnership overview until you decide.", "Show the Reviews"):
                from .partnership_view import TABS

                self.window.show_partnership()
                self.window.partnership.tabs.setCurrentIndex(TABS.index("Reviews"))  # lists conflicting revisions

    def export_package(self) -> None:
        s = self._review()
        if s is None:
            return
        from .export_dialog import ExportDialog

        self.ctx.flush()
        self.prompts.run(ExportDialog(self.ctx, s.id, self.window))

    def send_response(self) -> None:
        """The host's comments on a draft, back to the lead reviewer: the Export dialog, preset to a response."""
        s = self._review()
        if s is None:
            return
        from .export_dialog import ExportDialog

        self.ctx.flush()
        self.prompts.run(ExportDialog(self.ctx, s.id, self.window, kind="response"))

    def report(self) -> None:
        s = self._review()
        if s is None:
            return
        from .report_dialog import ReportDialog

        self.ctx.flush()
        self.prompts.run(ReportDialog(self.ctx, s.id, self.window, open_url=self.prompts.open_url))

    # -- host check and lifecycle ------------------------------------------------------------------------------------
    def show_to_host(self) -> None:
        s = self._review()
        if s is None:
            return
        from .host_mode import enter_host_mode

        if enter_host_mode(self.ctx, self.window, s.id, ask=self.prompts.host_name):
            self.window.enter_host_page(s.id)

    def finalise(self) -> None:
        s = self._review()
        if s is None or s.status == "final":
            return
        if not self.prompts.confirm(
                "Finalise the review", f"Finalise the review of {s.school} (version {s.version})?",
                "Finalising locks the review: its notes, judgements and findings can no longer be changed, and the "
                f"final report is fixed. To change anything afterwards, reopen it as version {s.version + 1}; this "
                "version stays as it is, readable in the history.", "Finalise"):
            return
        from ..core import lifecycle

        self.ctx.flush()
        self.window.show_message("Finalising: fixing the final report…")
        store, rid = self.ctx.store, s.id
        self.ctx.submit(lambda: lifecycle.finalise(store, rid), lambda _ch: self._done(
            f"Finalised: version {s.version} is locked and its report is fixed. Reopen it to make changes."))

    def reopen(self) -> None:
        s = self._review()
        if s is None or s.status != "final":
            return
        if not self.prompts.confirm(
                "Reopen as a new version", f"Reopen the review of {s.school} as version {s.version + 1}?",
                f"Version {s.version} stays exactly as it was finalised, with its report. Version {s.version + 1} "
                "starts in progress; its package will supersede the earlier one at the partnership lead's.",
                f"Reopen as Version {s.version + 1}"):
            return
        from ..core import lifecycle

        self.ctx.flush()
        store, rid = self.ctx.store, s.id
        self.ctx.submit(lambda: lifecycle.reopen(store, rid),
                        lambda ch: self._done(f"Reopened as version {ch.value}: you can change it again."))

    def _done(self, message: str) -> None:
        self.window.show_message(message)
        self.window._update_actions()
