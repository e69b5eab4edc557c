#!/usr/bin/env bash
# Installs the Debian packages the parsers, OCR and browser tests need, only those missing.
set -euo pipefail
packages=(
  libreoffice-writer-nogui  # DOC/WPS conversion and test-document rendering
  python3-uno               # the long-lived LibreOffice converter (unoserver)
  fonts-noto-cjk            # Chinese glyphs in rendered PDFs and images
  poppler-utils             # pdftoppm / pdftotext
  antiword catdoc           # fallbacks when LibreOffice cannot convert a DOC
  tesseract-ocr tesseract-ocr-chi-sim
  chromium                  # headless browser tests of served pages
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
