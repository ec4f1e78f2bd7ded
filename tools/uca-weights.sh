#!/usr/bin/env bash
# Regenerates driver/src/main/resources/io/splitdb/crypto/utf8mb4_unicode_ci.weights: the primary
# weights MariaDB's utf8mb4_unicode_ci (UCA 4.0.0) gives every BMP code point, read with
# WEIGHT_STRING() from a running embedded server (start one with: bin/splitdb demo --wait).
# Format: for each code point 0..65535, one byte n, then n big-endian 16-bit weights.
# Usage: tools/uca-weights.sh PORT
set -euo pipefail
port="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
client="$HOME/.cache/splitdb/mariadb-11.4.5/bin/mariadb"
"$client" -h127.0.0.1 -P"$port" -usplit -psplit --skip-ssl -N --default-character-set=utf8mb4 hospital -e \
  "SELECT seq, IFNULL(HEX(WEIGHT_STRING(CONVERT(CHAR(seq USING utf32) USING utf8mb4) COLLATE utf8mb4_unicode_ci)), '')
   FROM seq_0_to_65535" > /tmp/uca400.tsv
python3 - "$root/driver/src/main/resources/io/splitdb/crypto/utf8mb4_unicode_ci.weights" <<'PY'
import sys
out = bytearray()
for line in open('/tmp/uca400.tsv'):
    cp, hexw = line.rstrip('\n').split('\t')
    w = bytes.fromhex(hexw) if hexw else b''
    out.append(len(w) // 2)
    out += w
open(sys.argv[1], 'wb').write(bytes(out))
PY
