#!/usr/bin/env bash
# producer-keys.sh prints an `export NAME=whsec_…` line with a fresh random
# development key for every producer key the tenant files reference by
# env:NAME (schemas/, or SCHEMA_DIR), unless the environment already sets it.
# The processor verifies with these keys and the producers sign with them:
#
#   eval "$(scripts/producer-keys.sh)"
#
# Production keys come from a secret store, never from this script.
set -euo pipefail
cd "$(dirname "$0")/.."
for name in $(grep -ohE '"env:[A-Za-z_][A-Za-z0-9_]*"' "${SCHEMA_DIR:-schemas}"/*/tenant.json | sed 's/^"env://; s/"$//' | sort -u); do
  if [[ -z "${!name:-}" ]]; then
    printf 'export %s=whsec_%s\n' "$name" "$(head -c 32 /dev/urandom | base64)"
  fi
done
