package main

import (
	"context"
	"errors"
)

func benchBrowser(ctx context.Context, s settings, r *report, dir string) error {
	return errors.New("todo")
}
func benchLoad(ctx context.Context, s settings, r *report, dir string) error {
	return errors.New("todo")
}
func benchGas(ctx context.Context, r *report) error                            { return errors.New("todo") }
