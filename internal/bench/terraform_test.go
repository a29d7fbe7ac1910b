package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// providerBuild is the provider binary (./benchprovider: main.go's provider, or its floor), built
// once per run into a directory that dev_overrides points at, so that Terraform runs it as it
// would an installed provider.
var providerBuild struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func providerBinary(b *testing.B) string {
	b.Helper()
	providerBuild.once.Do(func() {
		dir, err := os.MkdirTemp("", "cvmimage-bench-") //nolint:usetesting // one build serves every benchmark, so it outlives any b.TempDir
		if err != nil {
			providerBuild.err = err
			return
		}
		providerBuild.dir = dir
		providerBuild.bin = filepath.Join(dir, "bin", "terraform-provider-cvmimage")
		cmd := exec.Command("go", "build", "-trimpath", "-o", providerBuild.bin,
			"github.com/cvmimage/terraform-provider-cvmimage/internal/bench/benchprovider")
		if out, err := cmd.CombinedOutput(); err != nil {
			providerBuild.err = fmt.Errorf("building the provider: %w\n%s", err, out)
		}
	})
	if providerBuild.err != nil {
		b.Fatal(providerBuild.err)
	}
	return providerBuild.bin
}

func cleanupFixtures() {
	if providerBuild.dir != "" {
		_ = os.RemoveAll(providerBuild.dir)
	}
}

// workspace is one Terraform working directory with a generated CLI configuration: the user's own
// configuration is never read.
type workspace struct {
	dir string
	env []string
}

func newWorkspace(b *testing.B, config string) *workspace {
	b.Helper()
	bin := providerBinary(b)
	dir := b.TempDir()
	cli := filepath.Join(dir, "cli.tfrc")
	cliConfig := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/cvmimage/cvmimage" = %q
  }
  direct {}
}
`, filepath.Dir(bin))
	if err := os.WriteFile(cli, []byte(cliConfig), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		b.Fatal(err)
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + cli, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "TF_") || k == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	return &workspace{dir: dir, env: env}
}

// withEnv is w with environment variables kv ("KEY=value") added for terraform and the provider.
func (w *workspace) withEnv(kv ...string) *workspace {
	return &workspace{dir: w.dir, env: append(slices.Clip(w.env), kv...)}
}

// run runs terraform with args and returns how long it took. A non-zero exit is an error that
// carries the output.
func (w *workspace) run(args ...string) (time.Duration, string, error) {
	cmd, out := w.command(args...)
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return d, out.String(), fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return d, out.String(), nil
}

func (w *workspace) mustRun(b *testing.B, args ...string) (time.Duration, string) {
	b.Helper()
	d, out, err := w.run(args...)
	if err != nil {
		b.Fatal(err)
	}
	return d, out
}

func (w *workspace) command(args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(terraformCLI(), append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// plan runs a refreshing plan that must find nothing to change, and returns its duration.
func (w *workspace) plan(b *testing.B) time.Duration {
	b.Helper()
	d, out, err := w.run("plan", "-refresh=true", "-input=false", "-detailed-exitcode")
	if err != nil {
		b.Fatalf("a refreshing plan after apply must be empty: %v\n%s", err, out)
	}
	return d
}

// peakRSS runs terraform with args while watching its children, and returns the highest VmHWM
// (peak resident set) of a child running the binary bin, in bytes.
func (w *workspace) peakRSS(b *testing.B, bin string, args ...string) int64 {
	b.Helper()
	cmd, out := w.command(args...)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				b.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			if peak == 0 {
				b.Fatalf("never saw the provider process among terraform's children")
			}
			return peak
		case <-tick.C:
			for _, pid := range childPIDs(cmd.Process.Pid) {
				if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); exe != bin {
					continue
				}
				if hwm := vmHWM(pid); hwm > peak {
					peak = hwm
				}
			}
		}
	}
}

// childPIDs lists the children of pid from /proc/<pid>/task/*/children.
func childPIDs(pid int) []int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var pids []int
	for _, t := range tasks {
		raw, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(raw)) {
			if n, err := strconv.Atoi(f); err == nil {
				pids = append(pids, n)
			}
		}
	}
	return pids
}

// vmHWM is a process's peak resident set size in bytes, 0 when it cannot be read (it has exited).
func vmHWM(pid int) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(raw)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// formatCalls lists per-action counts, largest first, as "cvm.DescribeImages 100, …".
func formatCalls(calls map[string]int) string {
	keys := make([]string, 0, len(calls))
	for k := range calls {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if calls[keys[i]] != calls[keys[j]] {
			return calls[keys[i]] > calls[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, calls[k])
	}
	return strings.Join(parts, ", ")
}

func sum(calls map[string]int) int {
	n := 0
	for _, v := range calls {
		n += v
	}
	return n
}

// terraformCLI is the CLI the Makefile chose (TF_ACC_TERRAFORM_PATH), else terraform from PATH.
func terraformCLI() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}
