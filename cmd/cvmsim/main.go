// Command cvmsim serves the CVM image API emulator on a loopback address:
//
//	go run ./cmd/cvmsim -listen 127.0.0.1:9000 -state sandbox.json
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cvmsim.Run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cvmsim:", err)
		os.Exit(1)
	}
}
