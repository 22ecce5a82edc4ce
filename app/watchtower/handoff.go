package watchtower

import (
	"fmt"

	"paychan/app/channel"
	"paychan/app/wire"
)

// EncodeHandOff returns the relay payload a wallet sends to the watchtower's
// address (hostapi.Config.Watchtower) to hand it p, the best payment it
// received from its peer: the ordinary app/wire "payment" message, exactly
// as the peer sent it, and nothing else. relayclient seals it to the
// watchtower's key (checked against that address) and the watchtower's
// relayclient opens it before ParseHandOff sees it
// (docs/sealed-messages.md).
func EncodeHandOff(p channel.Payment) ([]byte, error) {
	b, err := wire.Encode(p)
	if err != nil {
		return nil, fmt.Errorf("watchtower: hand-off: %w", err)
	}
	return b, nil
}

// ParseHandOff decodes a hand-off payload. Anything but a valid app/wire
// payment message is a *Refused with CodeBadMessage.
func ParseHandOff(payload []byte) (channel.Payment, error) {
	m, err := wire.Decode(payload)
	if err != nil {
		return channel.Payment{}, &Refused{Code: CodeBadMessage, Message: fmt.Sprintf("not a payment message: %v", err)}
	}
	p, ok := m.(channel.Payment)
	if !ok {
		id := m.ChannelID()
		return channel.Payment{}, &Refused{Code: CodeBadMessage, ID: &id,
			Message: fmt.Sprintf("channel %d: a watchtower takes only payment messages, not %T", id.Channel, m)}
	}
	return p, nil
}
