#!/usr/bin/env bash
# Renders the application icon from tagmirror.svg into every file the build and the installers use.
# The outputs are committed, so a build needs none of these tools; run this only after editing the SVG.
#
# Needs: rsvg-convert (Debian: librsvg2-bin), ImageMagick `convert` (for the .ico), python3 (for the .icns).
#
#   assets/icon/tagmirror-<N>.png            N = 16 24 32 48 64 128 256 512
#   assets/icon/tagmirror.ico                Windows (16..256), for jpackage --icon on Windows
#   assets/icon/tagmirror.icns               macOS (16..1024), for jpackage --icon on macOS
#   src/main/resources/io/tagmirror/icons/   PNG copies the console loads as window icons
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
svg="$here/tagmirror.svg"
res="$root/src/main/resources/io/tagmirror/icons"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sizes="16 24 32 48 64 128 256 512"
for n in $sizes 1024; do
  rsvg-convert -w "$n" -h "$n" "$svg" -o "$tmp/$n.png"
done
for n in $sizes; do
  cp "$tmp/$n.png" "$here/tagmirror-$n.png"
done

mkdir -p "$res"
for n in 16 24 32 48 64 128 256; do
  cp "$tmp/$n.png" "$res/tagmirror-$n.png"
done

convert "$tmp/16.png" "$tmp/24.png" "$tmp/32.png" "$tmp/48.png" "$tmp/64.png" "$tmp/128.png" "$tmp/256.png" \
  "$here/tagmirror.ico"

# .icns: a header and one chunk per size, each holding a PNG (macOS 10.7+ reads PNG chunks).
python3 - "$tmp" "$here/tagmirror.icns" <<'PY'
import struct, sys
src, out = sys.argv[1], sys.argv[2]
chunks = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
          ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512)]
body = b""
for kind, n in chunks:
    with open(f"{src}/{n}.png", "rb") as f:
        data = f.read()
    body += kind.encode("ascii") + struct.pack(">I", len(data) + 8) + data
with open(out, "wb") as f:
    f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY
echo "rendered $(echo $sizes | wc -w) PNGs, tagmirror.ico, tagmirror.icns and the console's icons"
