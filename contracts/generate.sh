#!/usr/bin/env bash
# Regenerates the contract artifacts and Go bindings under ROOT (default: this folder):
#   ROOT/build/*.abi|*.bin                        solc (pinned npm package, standard-JSON API)
#   ROOT/bindings/duplexchannel.go                abigen --v2, package bindings
#   ROOT/bindings/testusd.go                      abigen --v2, package bindings (the dev chain's test token)
#   ROOT/internal/attackbind/reentrancyattack.go  abigen --v2, package attackbind (test-only attacker)
#   ROOT/internal/attackbind/badpayee.go          abigen --v2, package attackbind (test-only misbehaving payee)
#   ROOT/internal/attackbind/noreceive.go         abigen --v2, package attackbind (test-only contract without receive)
#   ROOT/internal/tokenbind/<token>.go            abigen --v2, package tokenbind (test-only ERC-20 tokens, TOKENS below)
# abigen runs from the go-ethereum version pinned in go.mod. `make contracts-check` runs this into a
# temporary ROOT and compares byte for byte with the committed files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${1:-$here}"
mkdir -p "$root/build" "$root/bindings" "$root/internal/attackbind" "$root/internal/tokenbind"
TOKENS="StandardToken NoReturnToken FalseReturnToken FeeToken ReentrantToken BlockingToken UsdtLikeToken"
node "$here/compile.js" "$root/build"
cd "$here/.."
abigen() { go run github.com/ethereum/go-ethereum/cmd/abigen --v2 "$@"; }
abigen --abi "$root/build/DuplexChannel.abi" --bin "$root/build/DuplexChannel.bin" \
  --pkg bindings --type DuplexChannel --out "$root/bindings/duplexchannel.go"
abigen --abi "$root/build/TestUSD.abi" --bin "$root/build/TestUSD.bin" \
  --pkg bindings --type TestUSD --out "$root/bindings/testusd.go"
abigen --abi "$root/build/ReentrancyAttack.abi" --bin "$root/build/ReentrancyAttack.bin" \
  --pkg attackbind --type ReentrancyAttack --out "$root/internal/attackbind/reentrancyattack.go"
abigen --abi "$root/build/BadPayee.abi" --bin "$root/build/BadPayee.bin" \
  --pkg attackbind --type BadPayee --out "$root/internal/attackbind/badpayee.go"
abigen --abi "$root/build/NoReceive.abi" --bin "$root/build/NoReceive.bin" \
  --pkg attackbind --type NoReceive --out "$root/internal/attackbind/noreceive.go"
for t in $TOKENS; do
  lower="$(echo "$t" | tr '[:upper:]' '[:lower:]')"
  abigen --abi "$root/build/$t.abi" --bin "$root/build/$t.bin" \
    --pkg tokenbind --type "$t" --out "$root/internal/tokenbind/$lower.go"
  [ -s "$root/internal/tokenbind/$lower.go" ] || { echo "generate.sh: abigen wrote nothing for $t" >&2; exit 1; }
done
for f in "$root/bindings/duplexchannel.go" "$root/bindings/testusd.go" "$root/internal/attackbind/reentrancyattack.go" \
  "$root/internal/attackbind/badpayee.go" "$root/internal/attackbind/noreceive.go"; do
  [ -s "$f" ] || { echo "generate.sh: abigen wrote nothing to $f" >&2; exit 1; }
done
