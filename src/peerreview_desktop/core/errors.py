"""One exception root. Each error carries one sentence a user can act on; the CLI prints it and exits 1,
the UI shows it in a dialog. Anything else reaching the top is a bug (logged with its traceback)."""


class PeerReviewError(Exception):
    """Root of every error a user can cause. `str(err)` is one clear sentence."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(PeerReviewError):
    """An ID, code or file that does not exist (or an ambiguous prefix)."""


class InvalidInput(PeerReviewError):
    """Input the user supplied is malformed: a CSV, a framework file, a date, a grade."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


class StoreError(PeerReviewError):
    """The store cannot be opened or written: corrupt, newer schema, read-only, disk full."""


class ReviewLocked(PeerReviewError):
    """The review cannot be changed: it is final, or a read-only copy (host draft, imported review)."""


class KeyError_(PeerReviewError):
    """Keys: no profile, wrong passphrase, unknown or revoked key."""


class PackageRefused(PeerReviewError):
    """A package failed verification; nothing was stored. `reason` is a short machine-readable code."""

    def __init__(self, message: str, reason: str = "refused"):
        super().__init__(message)
        self.reason = reason


class Cancelled(PeerReviewError):
    """The user cancelled; shown silently."""

    def __init__(self, message: str = "Cancelled."):
        super().__init__(message)
