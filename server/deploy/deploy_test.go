package deploy_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"

	"paychan/server/deploy"
)

func TestRecordRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if _, err := deploy.Load(dir); !errors.Is(err, deploy.ErrNoRecord) {
		t.Fatalf("Load(empty) = %v; want ErrNoRecord", err)
	}
	want := deploy.Record{ChainID: 1337, Contract: common.HexToAddress("0x80be956cA18908253695612CfE6906a7866Dd662"), Block: 1}
	if err := deploy.Save(dir, want); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := deploy.Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if err := os.WriteFile(filepath.Join(dir, deploy.FileName), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := deploy.Load(dir); err == nil || errors.Is(err, deploy.ErrNoRecord) {
		t.Errorf("Load(corrupt) = %v; want a decode error", err)
	}
}
