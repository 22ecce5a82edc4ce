package filestore_test

import (
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/cli/filestore"
)

func mustState(tb testing.TB, n uint64) channel.State {
	tb.Helper()
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x80be956cA18908253695612CfE6906a7866Dd662")}, Channel: n}
	st, err := channel.NewState(id, channel.Alice,
		channel.Party{Account: common.HexToAddress("0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF"), Signer: common.HexToAddress("0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF")},
		channel.Party{Account: common.HexToAddress("0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47"), Signer: common.HexToAddress("0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47")})
	if err != nil {
		tb.Fatal(err)
	}
	st.AliceDeposit = big.NewInt(100)
	return st
}

func mustOpen(tb testing.TB, path string) *filestore.Store {
	tb.Helper()
	s, err := filestore.Open(path, filestore.Options{})
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	return s
}

// TestSurvivesReopen: what was saved is what a new process reads.
func TestSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := mustOpen(t, path)
	want := []channel.State{mustState(t, 2), mustState(t, 1)}
	for _, st := range want {
		if err := s.SaveChannel(st); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetKey([]byte("sealed"), filestore.Account{Qtum: "q", Signer: "0x"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = mustOpen(t, path)
	defer s.Close()
	ids, _ := s.ListChannels()
	if diff := cmp.Diff([]channel.ID{want[1].ID, want[0].ID}, ids); diff != "" {
		t.Errorf("ListChannels (-want +got):\n%s", diff)
	}
	got, err := s.LoadChannel(want[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AliceDeposit.Cmp(big.NewInt(100)) != 0 || got.Bob != want[0].Bob {
		t.Errorf("LoadChannel = %+v; want %+v", got, want[0])
	}
	if k, _ := s.LoadKeys(); string(k) != "sealed" {
		t.Errorf("LoadKeys = %q; want %q", k, "sealed")
	}
	if _, err := s.LoadChannel(mustState(t, 9).ID); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("LoadChannel(unknown) = %v; want ErrNotFound", err)
	}
	if matches, _ := filepath.Glob(path + ".tmp*"); len(matches) != 0 {
		t.Errorf("temporary files left behind: %v", matches)
	}
}

// TestLocked: a second process cannot open a state file in use.
func TestLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := mustOpen(t, path)
	if _, err := filestore.Open(path, filestore.Options{}); !errors.Is(err, filestore.ErrLocked) {
		t.Fatalf("second Open = %v; want ErrLocked", err)
	}
	s.Close()
	mustOpen(t, path).Close()
}

// TestFailedSaveKeepsOldState: when the write fails the save returns an
// error and the previous state stays current (the Book then sends nothing).
// The fault: the state file's path became a non-empty directory, so the
// rename fails (works as root too, unlike permissions).
func TestFailedSaveKeepsOldState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := mustOpen(t, path)
	defer s.Close()
	st := mustState(t, 1)
	if err := s.SaveChannel(st); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(path, "blocker"), 0o700); err != nil {
		t.Fatal(err)
	}
	next := st
	next.Sent = big.NewInt(5)
	if err := s.SaveChannel(next); err == nil {
		t.Fatal("SaveChannel succeeded although the file cannot be replaced")
	}
	got, err := s.LoadChannel(st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Sent.Sign() != 0 {
		t.Errorf("after a failed save, Sent = %v; want 0", got.Sent)
	}
	if matches, _ := filepath.Glob(path + ".tmp*"); len(matches) != 0 {
		t.Errorf("temporary files left behind: %v", matches)
	}
}

func TestNotAStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	os.WriteFile(path, []byte("hello"), 0o600)
	if _, err := filestore.Open(path, filestore.Options{}); err == nil {
		t.Fatal("Open of a non-JSON file succeeded")
	}
}
