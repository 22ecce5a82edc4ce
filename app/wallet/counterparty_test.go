package wallet_test

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/wallet"
)

// TestCounterparty is the one rule for what a typed peer means on each kind
// of chain: never an account that no key can send from.
func TestCounterparty(t *testing.T) {
	bob := mustWIF(t, bobWIF)
	signer, qtum, qacct := bob.Signer(), bob.QtumAddress(), bob.QtumAccount()
	other := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	for _, tt := range []struct {
		name         string
		kind         wallet.ChainKind
		peer, signer string
		account, sig common.Address
		err          error
	}{
		{"evm hex", wallet.EVMChain, signer.Hex(), "", signer, signer, nil},
		{"evm hex with other signer", wallet.EVMChain, other.Hex(), signer.Hex(), other, signer, nil},
		{"evm qtum with signer: the account is the signer, never the hash160", wallet.EVMChain, qtum, signer.Hex(), signer, signer, nil},
		{"evm bare qtum", wallet.EVMChain, qtum, "", common.Address{}, common.Address{}, wallet.ErrNoAccount},
		{"qtum chain qtum with signer", wallet.QtumChain, qtum, signer.Hex(), qacct, signer, nil},
		{"qtum chain bare qtum", wallet.QtumChain, qtum, "", common.Address{}, common.Address{}, wallet.ErrNoAccount},
		{"qtum chain bare hex", wallet.QtumChain, signer.Hex(), "", common.Address{}, common.Address{}, wallet.ErrNoAccount},
		{"bad signer", wallet.EVMChain, qtum, "0x12", common.Address{}, common.Address{}, wallet.ErrBadAddress},
		{"bad peer", wallet.EVMChain, "qNope", "", common.Address{}, common.Address{}, wallet.ErrBadAddress},
		{"unknown kind", wallet.ChainKind("tron"), signer.Hex(), "", common.Address{}, common.Address{}, wallet.ErrUnknownChainKind},
	} {
		t.Run(tt.name, func(t *testing.T) {
			acct, sig, err := wallet.Counterparty(tt.kind, tt.peer, tt.signer)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Counterparty = %s, %s, %v; want %v", acct.Hex(), sig.Hex(), err, tt.err)
				}
				return
			}
			if err != nil || acct != tt.account || sig != tt.sig {
				t.Fatalf("Counterparty = %s, %s, %v; want %s, %s", acct.Hex(), sig.Hex(), err, tt.account.Hex(), tt.sig.Hex())
			}
			if tt.kind == wallet.EVMChain && acct == qacct {
				t.Fatalf("the Qtum hash160 %s became the account on an EVM chain", acct.Hex())
			}
		})
	}
}

func TestParseChainKind(t *testing.T) {
	for in, want := range map[string]wallet.ChainKind{"": wallet.EVMChain, "evm": wallet.EVMChain, " QTUM ": wallet.QtumChain} {
		if got, err := wallet.ParseChainKind(in); err != nil || got != want {
			t.Errorf("ParseChainKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := wallet.ParseChainKind("solana"); !errors.Is(err, wallet.ErrUnknownChainKind) {
		t.Errorf("ParseChainKind(solana) = %v; want ErrUnknownChainKind", err)
	}
}
