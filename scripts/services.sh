#!/usr/bin/env bash
# Makes sure the services the tests and local runs need are up on this machine:
# PostgreSQL (the machine's own cluster) and the SQS emulator (npm package
# local-aws-sqs, pinned in tools/sqs-emulator). Idempotent: whatever already
# runs is left alone. The emulator's pid is written to .run/sqs-emulator.pid.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sqs_port=${SQS_EMULATOR_PORT:-4566}
mkdir -p "$root/.run"

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then return; fi
  echo "services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 1; done
  echo "services: PostgreSQL did not become ready" >&2
  exit 1
}

sqs_up() {
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$sqs_port/" \
    -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AmazonSQS.ListQueues' -d '{}'
}

# The emulator's package is installed even when one already runs: the
# benchmark starts emulators of its own from it.
install_sqs_emulator() {
  (cd "$root/tools/sqs-emulator" && { [ -d node_modules/local-aws-sqs ] || npm ci --no-audit --no-fund --silent; })
}

ensure_sqs_emulator() {
  install_sqs_emulator
  if sqs_up 2>/dev/null; then return; fi
  echo "services: starting the SQS emulator on port $sqs_port"
  SQS_EMULATOR_PORT=$sqs_port nohup node "$root/tools/sqs-emulator/server.mjs" \
    >"$root/.run/sqs-emulator.log" 2>&1 &
  echo $! >"$root/.run/sqs-emulator.pid"
  for _ in $(seq 1 50); do sqs_up 2>/dev/null && return; sleep 0.2; done
  echo "services: the SQS emulator did not start; see .run/sqs-emulator.log" >&2
  exit 1
}

ensure_postgres
ensure_sqs_emulator
echo "services: postgres 127.0.0.1:5432 and sqs http://127.0.0.1:$sqs_port are up"
