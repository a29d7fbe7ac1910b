package bench

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

const (
	instanceImages   = 6
	instanceCreate   = 4 * time.Second
	instanceRatioMax = 1.2
	busyCode         = "OperationDenied.InstanceOperationInProgress"
)

// BenchmarkOneInstanceApply applies six images of one instance. The API images an instance once at
// a time, so N × the create time is the floor; the provider queues the creates, so the emulator
// should answer no busy refusal. Each iteration destroys what it applied, untimed.
func BenchmarkOneInstanceApply(b *testing.B) {
	emu := startEmulator(b, cvmsim.Options{Timings: cvmsim.Timings{Create: instanceCreate, Import: instanceCreate, Copy: instanceCreate}})
	ws := newWorkspace(b, emu.providerBlock(cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey)+fmt.Sprintf(`
resource "cvmimage_custom_image" "one_instance" {
  count       = %d
  name        = "bench-instance-${count.index}"
  instance_id = "ins-gz100001"
}
`, instanceImages))
	var took []time.Duration
	busy, failures := 0, 0
	for b.Loop() {
		emu.resetCounters()
		d, out, err := ws.run("apply", "-auto-approve", "-input=false")
		if err != nil || strings.Contains(out, "Error:") {
			failures++
		}
		took = append(took, d)
		busy += emu.sim.ErrorCodes()[busyCode]
		b.StopTimer()
		ws.mustRun(b, "destroy", "-auto-approve", "-input=false")
		b.StartTimer()
	}
	b.StopTimer()
	floor := time.Duration(instanceImages) * instanceCreate
	mt := median(took)
	ratio := float64(mt) / float64(floor)
	b.ReportMetric(mt.Seconds(), "s/apply")
	b.ReportMetric(float64(busy), "busy-answers")
	record(row{
		target:   fmt.Sprintf("%d images of one instance: ≤ %.1f× N × create time, 0 busy answers", instanceImages, instanceRatioMax),
		measured: fmt.Sprintf("%.2fs vs %.2fs, %d busy answers, %d failed applies of %d", mt.Seconds(), floor.Seconds(), busy, failures, len(took)),
		ratio:    fmt.Sprintf("%.2f×", ratio),
		pass:     failures == 0 && busy == 0 && ratio <= instanceRatioMax,
		note: "the creates take turns in the provider: each starts when its poll sees the previous image leave CREATING " +
			"(polls at most 1 s apart, the client's PollMin), so each image adds up to a poll interval",
	})
}

// Bounds on how long a plan takes to fail against an endpoint that does not work.
const (
	refusedPlanMax = 10 * time.Second
	silentPlanMax  = 45 * time.Second
)

// BenchmarkDeadEndpointPlan times a plan against an endpoint that refuses connections and one that
// accepts them and never answers: both must fail, naming the endpoint, well under a minute.
func BenchmarkDeadEndpointPlan(b *testing.B) {
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	refusedURL := "http://" + refused.Addr().String()
	_ = refused.Close()
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = silent.Close() }()
	go holdConnections(silent)

	config := func(endpoint string) string {
		return fmt.Sprintf(`
terraform {
  required_providers {
    cvmimage = { source = "cvmimage/cvmimage" }
  }
}

provider "cvmimage" {
  endpoint   = %q
  region     = "ap-guangzhou"
  secret_id  = %q
  secret_key = %q
}

resource "cvmimage_custom_image" "x" {
  name         = "x"
  snapshot_ids = ["snap-gz100001"]
}
`, endpoint, cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey)
	}
	cases := []struct {
		what, endpoint string
		max            time.Duration
	}{
		{"refuses connections", refusedURL, refusedPlanMax},
		{"never answers", "http://" + silent.Addr().String(), silentPlanMax},
	}
	took := make([][]time.Duration, len(cases))
	named := make([]bool, len(cases))
	for i := range named {
		named[i] = true
	}
	workspaces := make([]*workspace, len(cases))
	for i, c := range cases {
		workspaces[i] = newWorkspace(b, config(c.endpoint))
	}
	for b.Loop() {
		for i, c := range cases {
			d, out, err := workspaces[i].run("plan", "-input=false")
			host := strings.TrimPrefix(c.endpoint, "http://")
			named[i] = named[i] && err != nil && strings.Contains(out, "API Endpoint Unreachable") && strings.Contains(out, host)
			took[i] = append(took[i], d)
		}
	}
	b.StopTimer()
	for i, c := range cases {
		m := median(took[i])
		b.ReportMetric(m.Seconds(), "s/plan-"+strings.ReplaceAll(c.what, " ", "-"))
		record(row{
			target:   fmt.Sprintf("a plan against an endpoint that %s fails, naming it, in ≤ %s", c.what, c.max),
			measured: fmt.Sprintf("%.1fs; failed naming the endpoint: %v", m.Seconds(), named[i]),
			ratio:    fmt.Sprintf("%.2f×", m.Seconds()/c.max.Seconds()),
			pass:     named[i] && m <= c.max,
			note:     "a 10 s attempt timeout, then two more attempts; the plan's later calls fail at once on the endpoint known dead",
		})
	}
}

// holdConnections accepts connections and never answers them, until the listener closes.
func holdConnections(l net.Listener) {
	var held []net.Conn
	defer func() {
		for _, c := range held {
			_ = c.Close()
		}
	}()
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		held = append(held, c)
	}
}
