package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"strconv"

	"paychan/app/hostapi"
)

func (a *app) cmdMine(ctx context.Context, args []string) error {
	pos, err := a.parse("mine", args, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("mine: want a number of blocks")
	}
	blocks, err := strconv.Atoi(pos[0])
	if err != nil || blocks < 1 || blocks > hostapi.MaxMineBlocks {
		return usagef("mine: want 1 to %d blocks", hostapi.MaxMineBlocks)
	}
	if _, err := a.openStore(); err != nil {
		return err
	}
	body, _ := json.Marshal(hostapi.MineRequest{Blocks: blocks})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.hostURL()+hostapi.MinePath, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the host %s is unreachable: %w", a.hostURL(), err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var he hostapi.Error
		if json.NewDecoder(res.Body).Decode(&he) == nil && he.Message != "" {
			return fmt.Errorf("mine: the host refused: %s", he.Message)
		}
		return fmt.Errorf("mine: the host refused: %s", res.Status)
	}
	var mr hostapi.MineResponse
	if err := json.NewDecoder(res.Body).Decode(&mr); err != nil {
		return fmt.Errorf("mine: %w", err)
	}
	a.printf("mined %d blocks; head is block %d\n", mr.Blocks, mr.Head)
	return nil
}
