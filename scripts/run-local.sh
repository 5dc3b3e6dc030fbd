#!/usr/bin/env bash
# Runs the whole system on this machine, without Docker: the machine's
# PostgreSQL and the SQS emulator from npm (scripts/services.sh), then the
# demo webhook receiver (:8090) and the processor, then the sender (:8081),
# which delivers client-1..3's events to the receiver, then the producers
# with the arguments given (see docs/producers.md). When the producers are done and the processor has
# drained the queue, it prints what the run added to the database, to check
# against the producers' report. Ctrl-C stops the producers (they print their
# report), the processor (it drains in-flight messages) and the emulator if
# this script started it; the machine's PostgreSQL keeps running.
#
#   scripts/run-local.sh                       # 1000 events at 100/s
#   scripts/run-local.sh --once -count 5000 -rate 0
#
# --once stops everything after the database check instead of leaving the
# processor running. Settings come from the environment or ./.env (see
# .env-template); logs go to .run/processor.log, .run/sender.log and
# .run/receiver.log.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
once=false
if [[ "${1:-}" == "--once" ]]; then once=true; shift; fi
# shellcheck source=/dev/null
if [[ -f .env ]]; then set -a; . ./.env; set +a; fi
sqs_endpoint=${AWS_ENDPOINT_URL_SQS:-http://127.0.0.1:4566}
http_addr=${HTTP_ADDR:-:8080}
ready_url="http://127.0.0.1:${http_addr##*:}/readyz"
queue=${SQS_QUEUE_NAME:-events}
database_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
receiver_url=http://127.0.0.1:8090
sender_ready_url=http://127.0.0.1:8081/readyz
# The demo receiver and the sender share a development secret (the client-1..3
# subscriptions reference env:DEMO_WEBHOOK_SECRET) unless one is set.
export DEMO_WEBHOOK_SECRET=${DEMO_WEBHOOK_SECRET:-whsec_$(head -c 32 /dev/urandom | base64)}
mkdir -p .run/bin

# sqs_call ACTION JSON calls the SQS emulator with the JSON protocol.
sqs_call() {
  curl -fsS -X POST "$sqs_endpoint/" -H 'Content-Type: application/x-amz-json-1.0' \
    -H "X-Amz-Target: AmazonSQS.$1" -d "$2"
}

# wait_url URL NAME PID LOG waits for URL to answer, or fails if PID exits.
wait_url() {
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then
      echo "run-local: $2 ready ($1)"
      return
    fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "run-local: the $2 exited; last lines of $4:" >&2
      tail -n 20 "$4" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "run-local: the $2 was not ready after 60s; see $4" >&2
  exit 1
}

# wait_delivered waits until the sender has no pending delivery, and prints
# what the demo receiver counted.
wait_delivered() {
  local pending
  echo "run-local: waiting for the sender to deliver client-1..3's events to the demo receiver"
  for _ in $(seq 1 120); do
    pending=$(psql "$database_url" -Atc "SELECT count(*) FROM sender_deliveries WHERE status = 'pending'" 2>/dev/null || echo 0)
    [[ "$pending" == 0 ]] && break
    sleep 1
  done
  psql "$database_url" -AtF ' ' -c "SELECT '  deliveries ' || tenant || '/' || endpoint_id || ' ' || status, count(*)
    FROM sender_deliveries GROUP BY tenant, endpoint_id, status ORDER BY 1" 2>/dev/null || true
  echo "  demo receiver: $(curl -fsS "$receiver_url/stats" 2>/dev/null || echo unreachable)"
}

# queue_depth prints the number of messages in the queue, visible or in flight.
queue_depth() {
  local url attrs
  url=$(sqs_call GetQueueUrl "{\"QueueName\":\"$queue\"}" | sed -n 's/.*"QueueUrl":"\([^"]*\)".*/\1/p')
  attrs=$(sqs_call GetQueueAttributes "{\"QueueUrl\":\"$url\",\"AttributeNames\":[\"All\"]}")
  echo "$attrs" | grep -o '"ApproximateNumberOf\(Messages\|MessagesNotVisible\)":"[0-9]*"' |
    grep -o '[0-9]*' | awk '{ n += $1 } END { print n + 0 }'
}

# wait_drained waits until the processor has consumed the whole queue.
wait_drained() {
  echo "run-local: waiting for the processor to drain queue $queue"
  for _ in $(seq 1 600); do
    [[ "$(queue_depth)" == 0 ]] && return
    sleep 1
  done
  echo "run-local: queue $queue is still not empty after 10 minutes" >&2
}

# db_counts prints "table count" for every tenant's event table, and
# "poison:<reason_class> count" for the poison queue.
db_counts() {
  local tables query
  tables=$(psql "$database_url" -Atc "SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name LIKE 'watermill\_events\_%' ORDER BY 1")
  for t in $tables; do
    echo "$t $(psql "$database_url" -Atc "SELECT count(*) FROM \"$t\"")"
  done
  query="SELECT 'poison:' || coalesce(metadata->>'reason_class', '?'), count(*)
    FROM watermill_poison GROUP BY 1 ORDER BY 1"
  psql "$database_url" -AtF ' ' -c "$query" 2>/dev/null || true
}

# diff_counts BEFORE AFTER prints what changed between two db_counts.
diff_counts() {
  awk 'NR == FNR { before[$1] = $2; next }
       { d = $2 - before[$1]; if (d) { printf "  %-40s +%d\n", $1, d; total[$1 ~ /^poison:/] += d } }
       END { printf "  %-40s +%d\n  %-40s +%d\n", "stored events, all tenants", total[0], "poison records", total[1] }' \
    <(echo "$1") <(echo "$2")
}

# stop_all stops what this script started: the producers (SIGINT, so they
# print their report), the processor (SIGTERM, it drains) and the emulator.
stop_all() {
  trap - EXIT INT TERM
  if [[ -n "${producers_pid:-}" ]] && kill -0 "$producers_pid" 2>/dev/null; then
    kill -INT "$producers_pid" 2>/dev/null || true
    wait "$producers_pid" 2>/dev/null || true
  fi
  local name pid
  for name in sender processor receiver; do
    pid=${name}_pid
    pid=${!pid:-}
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      echo "run-local: stopping the $name"
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if ! $emulator_was_up && [[ -f .run/sqs-emulator.pid ]]; then
    echo "run-local: stopping the SQS emulator"
    kill "$(cat .run/sqs-emulator.pid)" 2>/dev/null || true
    rm -f .run/sqs-emulator.pid
  fi
}

emulator_was_up=false
sqs_call ListQueues '{}' >/dev/null 2>&1 && emulator_was_up=true
scripts/services.sh

# Every producer key the tenant files reference gets a fresh random
# development key unless the environment or ./.env already sets it: the
# processor verifies with it and the producers sign with it (docs/producers.md).
eval "$(scripts/producer-keys.sh)"

echo "run-local: building the processor, the producers, the sender and the demo receiver"
CGO_ENABLED=0 go build -o .run/bin/ ./cmd/processor ./cmd/producers ./cmd/sender ./cmd/receiver

trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

RECEIVER_ADDR=127.0.0.1:8090 .run/bin/receiver >>.run/receiver.log 2>&1 &
receiver_pid=$!
wait_url "$receiver_url/healthz" receiver "$receiver_pid" .run/receiver.log

.run/bin/processor >>.run/processor.log 2>&1 &
processor_pid=$!
echo "run-local: processor started (pid $processor_pid, logs in .run/processor.log)"
wait_url "$ready_url" processor "$processor_pid" .run/processor.log

HTTP_ADDR=127.0.0.1:8081 DEMO_RECEIVER_URL=$receiver_url SENDER_ALLOW_HTTP=true \
  SENDER_ALLOW_ADDRESSES=127.0.0.1/32 .run/bin/sender >>.run/sender.log 2>&1 &
sender_pid=$!
wait_url "$sender_ready_url" sender "$sender_pid" .run/sender.log

before=$(db_counts)
.run/bin/producers "$@" &
producers_pid=$!
wait "$producers_pid" || echo "run-local: the producers exited with status $?"
producers_pid=

wait_drained
echo
echo "run-local: what this run added to the database (compare with 'expected' above):"
diff_counts "$before" "$(db_counts)"
wait_delivered

if ! $once; then
  echo
  echo "run-local: the processor ($ready_url), the sender ($sender_ready_url) and the demo receiver ($receiver_url/stats) keep running; Ctrl-C stops them"
  wait "$processor_pid"
fi
