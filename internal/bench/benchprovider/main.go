// Command benchprovider is the provider binary of `make bench`: the provider of main.go, or, with
// CVMIMAGE_BENCH_FLOOR set, its floor. With CVMIMAGE_BENCH_CPUPROFILE or CVMIMAGE_BENCH_TRACE set
// it writes a CPU profile, or an execution trace (where each goroutine ran and waited), of the
// whole process to that path. It is never released.
//
// The floor serves the same provider, resource and data source schemas (the real Schema methods,
// validators and plan modifiers included) with CRUD that only holds state: no client, no API
// call, no ModifyPlan, no config validators. A plan against it costs what Terraform, the plugin
// protocol and the framework cost for these schemas, so a ratio to it isolates what the provider's
// own code adds.
package main

import (
	"context"
	"io"
	"log"
	"os"
	"runtime/pprof"
	"runtime/trace"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/provider"
)

// Environment variables the benchmarks set for the provider process (internal/bench).
const (
	envFloor      = "CVMIMAGE_BENCH_FLOOR"
	envCPUProfile = "CVMIMAGE_BENCH_CPUPROFILE"
	envTrace      = "CVMIMAGE_BENCH_TRACE"
)

func main() {
	defer record(envCPUProfile, pprof.StartCPUProfile, pprof.StopCPUProfile)()
	defer record(envTrace, trace.Start, trace.Stop)()
	factory := provider.New("bench")
	if os.Getenv(envFloor) != "" {
		factory = floor(factory)
	}
	err := providerserver.Serve(context.Background(), factory, providerserver.ServeOpts{
		Address: "registry.terraform.io/cvmimage/cvmimage",
	})
	if err != nil {
		log.Print(err)
	}
}

// record starts writing to the file env names, if it is set, and returns what stops it.
func record(env string, start func(io.Writer) error, stop func()) func() {
	path := os.Getenv(env)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := start(f); err != nil {
		log.Fatal(err)
	}
	return func() {
		stop()
		_ = f.Close()
	}
}
