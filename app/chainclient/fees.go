package chainclient

import "math/big"

// Fees is an EIP-1559 fee offer: the priority fee (tip) and the most a
// transaction pays per gas (fee cap), in wei.
type Fees struct {
	Tip    *big.Int
	FeeCap *big.Int
}

// FeesFor is the offer for a block with base fee baseFee (nil: none) and a
// node-suggested tip: the tip, and a fee cap of twice the base fee plus the
// tip, so the transaction stays includable while the base fee doubles.
func FeesFor(baseFee, tip *big.Int) Fees {
	if baseFee == nil {
		baseFee = new(big.Int)
	}
	return Fees{Tip: new(big.Int).Set(tip), FeeCap: new(big.Int).Add(tip, new(big.Int).Mul(baseFee, big.NewInt(2)))}
}

// Price is the gas price a transaction with these fees is expected to pay
// in a block with base fee baseFee: base fee plus tip, at most the fee cap.
func (f Fees) Price(baseFee *big.Int) *big.Int {
	if baseFee == nil {
		baseFee = new(big.Int)
	}
	p := new(big.Int).Add(baseFee, f.Tip)
	if p.Cmp(f.FeeCap) > 0 {
		p.Set(f.FeeCap)
	}
	return p
}

// Bump returns the fees of a replacement for a pending transaction sent
// with prev, given the offer now: each of tip and fee cap is the larger of
// now's and prev's raised by 25 % plus 1 wei. A node replaces a pending
// transaction (same sender and nonce) only when both rise by at least 10 %
// (go-ethereum's default price bump); 25 % also clears stricter pools.
func Bump(prev, now Fees) Fees {
	return Fees{Tip: maxBig(now.Tip, bumped(prev.Tip)), FeeCap: maxBig(now.FeeCap, bumped(prev.FeeCap))}
}

// bumped is v * 5/4 + 1.
func bumped(v *big.Int) *big.Int {
	return new(big.Int).Add(new(big.Int).Div(new(big.Int).Mul(v, big.NewInt(5)), big.NewInt(4)), big.NewInt(1))
}

func maxBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return new(big.Int).Set(a)
	}
	return new(big.Int).Set(b)
}
