"""Qt-free core: domain model, store, services, frameworks, reports, packages. Never imports PySide6."""
