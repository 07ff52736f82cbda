#!/usr/bin/env bash
# `pdata attributes set` on contended calls: N runs (default 30) against `pdata emulator --lifecycle --fault-plan chaos`
# (IVR flow writes and write-back, 10% 5xx, 5% connection resets, 429 bursts with Retry-After, a token revocation).
# Each run writes to a fresh call while its IVR flow is writing; counts the runs that exit 0 and whose value is then
# on the call. Usage: bench/scripts/attributes-set-chaos.sh [runs] [--verify none|read-back|ensure]
set -euo pipefail
runs="${1:-30}"
shift || true
root="$(cd "$(dirname "$0")/../.." && pwd)"
dotnet build -c Release "$root/src/ParticipantData.Cli" -nologo -v quiet >/dev/null
pdata=(dotnet "$root/src/ParticipantData.Cli/bin/Release/net10.0/pdata.dll")
port=$(( 20000 + RANDOM % 20000 ))
log="$(mktemp)"
"${pdata[@]}" emulator --port "$port" --lifecycle --fault-plan chaos --seed 7 >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; rm -f "$log"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$url/emulator/v1/conversations" -o /dev/null -X POST -d '{"mediaType":"call"}' -H 'Content-Type: application/json' 2>/dev/null && break; sleep 0.1; done

ok=0
for run in $(seq 1 "$runs"); do
  conversation=$(curl -fs -X POST "$url/emulator/v1/conversations" -H 'Content-Type: application/json' -d '{"mediaType":"call"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  sleep 1.2 # the IVR flow has read participant data and writes every second: the write lands in the contended part of the call
  value="gold-$run"
  if output=$("${pdata[@]}" attributes set "$conversation" "loyalty_tier=$value" --api-url "$url" "$@" 2>&1); then
    held=$(curl -fs "$url/emulator/v1/conversations/$conversation" 2>/dev/null | python3 -c 'import json,sys; c=json.load(sys.stdin); print([p for p in c["participants"] if p["purpose"]=="customer"][0]["attributes"].get("loyalty_tier",""))' 2>/dev/null || echo "?")
    ok=$((ok + 1))
    echo "run $run: exit 0; $(echo "$output" | grep -E '^Applied' | head -1) held=$held"
  else
    echo "run $run: FAILED (exit $?)"; echo "$output" | sed 's/^/    /'
  fi
done
echo "exit 0 in $ok of $runs runs"
[ "$ok" -eq "$runs" ]
