// Package contracts holds paychan's Solidity contract DuplexChannel
// (DuplexChannel.sol), the script that compiles it (compile.js) and its
// committed artifacts (build/). Go code uses the generated bindings in
// paychan/contracts/bindings and the simulated-chain helpers in
// paychan/contracts/simtest; this package's tests exercise the contract on
// the real EVM. See README.md for the design, threat model and gas table.
package contracts
