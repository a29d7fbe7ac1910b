// Package bench holds the performance benchmarks (`make bench`): refresh overhead against a floor
// (./benchprovider serving the same schemas with CRUD that does nothing) and, for reference,
// against Terraform's own terraform_data, API calls per resource, throttled apply against the
// rate-limit floor, waiting, and footprint. With BENCH_PROFILE_DIR set, the refresh benchmarks
// leave CPU profiles and execution traces of the provider there. The benchmarks live in _test.go files so that they never join the
// binary; `make test` runs no benchmark, because a benchmark is never a timed test.
//
// Run them with
//
//	go test ./internal/bench -run '^$' -bench . -benchtime 5x
//
// Each benchmark records its targets; after the run, TestMain prints one table of target,
// measurement, ratio and PASS or MISS. Ratios are measured side by side within one run because
// the machines are noisy.
package bench
