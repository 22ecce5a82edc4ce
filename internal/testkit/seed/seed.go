// Package seed gives tests the seed project's PUBLIC test keys, which the
// development chain funds at genesis. The constants are defined once, in
// [paychan/internal/devkeys] (the dev chain is production code and must not
// import a test kit); this package names them for tests so every test
// imports the same place. It has no dependencies beyond devkeys and builds
// everywhere.
package seed

import "paychan/internal/devkeys"

// The seed's PUBLIC test keys (docs/protocol.md section 2 gives the
// vectors). Anyone can spend what they hold: never use them for real money.
const (
	AliceWIF    = devkeys.AliceWIF
	AliceQtum   = devkeys.AliceQtum
	AliceSigner = devkeys.AliceSigner

	BobWIF    = devkeys.BobWIF
	BobQtum   = devkeys.BobQtum
	BobSigner = devkeys.BobSigner

	DeployerWIF  = devkeys.DeployerWIF
	DeployerQtum = devkeys.DeployerQtum
)
