#!/usr/bin/env bash
# Build the one-folder bundle dist/peerreview/ (run: dist/peerreview/peerreview). Uses the python and pyinstaller
# on PATH (make bundle puts the project's .venv first); needs the project installed there (pip install -e '.[dev]').
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(command -v python || command -v python3)
"$PY" -c "import peerreview_desktop, PySide6" 2>/dev/null \
  || { echo "build.sh: install the app first (pip install -e '.[dev]') with the python on PATH ($PY)"; exit 1; }
"$PY" -m PyInstaller --version >/dev/null 2>&1 \
  || { echo "build.sh: PyInstaller is missing; pip install -e '.[dev]' brings it"; exit 1; }
rm -rf build/peerreview dist/peerreview
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build packaging/peerreview.spec
# Qt translations for languages we do not ship are a quarter of the bundle: keep British English only.
QT=dist/peerreview/_internal/PySide6/Qt
if [ -d "$QT/translations" ]; then
  find "$QT/translations" -name '*.qm' ! -name 'qt*_en*.qm' -delete
fi
du -sh dist/peerreview | sed 's/^/build.sh: bundle size /'
echo "build.sh: built dist/peerreview/peerreview (try: dist/peerreview/peerreview selftest)"
