// Package wallet holds a paychan user's keys: WIF import and export, the
// addresses derived from a key, counterparty address parsing and passphrase
// encryption of secrets at rest.
//
// One secp256k1 key gives a party two identities (docs/protocol.md section 2):
// the signer address (EVM: keccak256 of the uncompressed public key, last 20
// bytes) that signs payments, and the Qtum address (base58check of hash160 of
// the compressed public key; version 0x78 on testnet/regtest, 0x3a on
// mainnet) whose 20-byte hash160 is the account contracts see on Qtum. On EVM
// chains the account is the signer address.
//
// The package does no I/O: callers store the sealed bytes returned by Seal
// wherever they like (localStorage, a file) and pass them back to Open.
package wallet
