"""Review packages: signed BagIt bags in a ZIP, optionally encrypted with age (docs/package-format.md).

    export_package(store, review_id, "out.zip", kind="final", encrypt_to="Priya Oduya", passphrase=...)
    verify_path(store, "in.zip", passphrase=...)      -> PackageResult (status "verified" or "refused")
    import_paths(store, ["in.zip", "folder/"], ...)   -> [PackageResult] (imported/duplicate/superseded/conflict/refused)
"""

from .export import ExportResult, export_package
from .format import KINDS
from .importer import Importer, PackageResult, import_paths, verify_path

__all__ = ["KINDS", "ExportResult", "Importer", "PackageResult", "export_package", "import_paths", "verify_path"]
