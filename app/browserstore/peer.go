package browserstore

import "paychan/app/channel"

// keyPeer + ID.String(): Peer, what the user knows the channel's peer by.
const keyPeer = "paychan/peer/"

// Peer is how the user knows a channel's peer, kept only in this browser:
// the address as the user typed it when opening the channel (a Qtum or 0x
// address; empty when the peer opened it) and an optional name.
type Peer struct {
	Address string `json:"address,omitempty"`
	Name    string `json:"name,omitempty"`
}

// SavePeer stores p for channel id.
func (st *Store) SavePeer(id channel.ID, p Peer) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.set(keyPeer+id.String(), p)
}

// LoadPeer reads what is stored about channel id's peer.
func (st *Store) LoadPeer(id channel.ID) (p Peer, ok bool, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	ok, err = st.get(keyPeer+id.String(), &p)
	return p, ok, err
}
