package cvmsim

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Run is the cvmsim command: it serves the emulator on a loopback listener until ctx ends, then
// shuts the server down cleanly.
func Run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("cvmsim", flag.ContinueOnError)
	fs.SetOutput(stdout)
	listen := fs.String("listen", "127.0.0.1:9000", "address to listen on")
	var opts Options
	var f Faults
	fs.StringVar(&opts.StatePath, "state", "", "state file (empty keeps the world in memory)")
	fs.DurationVar(&opts.Timings.Create, "create-time", DefaultCreate, "how long CreateImage stays CREATING")
	fs.DurationVar(&opts.Timings.Import, "import-time", DefaultImport, "how long ImportImage stays IMPORTING")
	fs.DurationVar(&opts.Timings.Copy, "copy-time", DefaultCopy, "how long a SyncImages copy stays SYNCING")
	fs.DurationVar(&opts.Timings.InstanceBusy, "instance-busy", DefaultInstanceBusy, "how long an instance added through the control API is busy setting up (0: ready at once)")
	fs.IntVar(&opts.ImageQuota, "image-quota", DefaultImageQuota, "custom images per account per region")
	fs.IntVar(&opts.ShareLimit, "share-limit", DefaultShareLimit, "accounts one image may be shared with")
	fs.Float64Var(&f.InternalErrorRate, "internal-error-rate", 0, "share of requests answered InternalError")
	fs.Float64Var(&f.LostResponseRate, "lost-response-rate", 0, "share of requests executed whose answer is dropped")
	fs.Float64Var(&f.ThrottleRate, "throttle-rate", 0, "share of requests answered RequestLimitExceeded")
	fs.BoolVar(&f.RateLimits, "rate-limits", false, "enforce the documented per-account per-action rates")
	fs.DurationVar(&f.Latency, "latency", 0, "added to every answer")
	fs.DurationVar(&f.Invisibility, "invisibility", 0, "how long a new image stays out of DescribeImages")
	fs.IntVar(&f.FailCreates, "fail-creates", 0, "the next N image creations fail")
	fs.Int64Var(&f.Seed, "seed", 1, "seed of the injected randomness")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if opts.Timings.InstanceBusy == 0 {
		opts.Timings.InstanceBusy = -1 // Options reads zero as the default
	}
	sim, err := New(opts)
	if err != nil {
		return err
	}
	defer sim.Close()
	sim.SetFaults(f)
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "cvmsim listening on http://%s (control API under /_sim/)\n", ln.Addr())
	for _, a := range accounts {
		fmt.Fprintf(stdout, "  %-5s account %s  SecretId %s  SecretKey %s\n", a.Label, a.ID, a.SecretID, a.SecretKey)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
