// Package devkeys holds the development chain's known accounts: the seed
// project's PUBLIC test keys, which server/devchain funds at genesis. It is
// the one source of these constants: production code (the dev chain) imports
// it, and tests import it through [paychan/internal/testkit/seed]. It has no
// dependencies and builds everywhere (GOOS=js GOARCH=wasm too).
package devkeys

// The seed's PUBLIC test keys (docs/protocol.md section 2 gives the
// vectors; README.md prints them). Anyone can spend what they hold: never
// use them for real money. The development chain funds Alice, Bob and the
// Deployer at genesis.
const (
	AliceWIF    = "cRcG1jizfBzHxfwu68aMjhy78CpnzD9gJYZ5ggDbzfYD3EQfGUDZ"
	AliceQtum   = "qLn9vqbr2Gx3TsVR9QyTVB5mrMoh4x43Uf"
	AliceSigner = "0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF"

	BobWIF    = "cMbgxCJrTYUqgcmiC1berh5DFrtY1KeU4PXZ6NZxgenniF1mXCRk"
	BobQtum   = "qUbxboqjBRp96j3La8D1RYkyqx5uQbJPoW"
	BobSigner = "0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47"

	DeployerWIF  = "cVLiw3xKLNVMVKkhNhQGxHc6VmAgdu7jeyt2KYND2BCbwnHqiPBw"
	DeployerQtum = "qWwbyHadbwKtCTZtTBjwRmv1hW27Bi11bc"
)
