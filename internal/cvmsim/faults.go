package cvmsim

import (
	"math/rand/v2"
	"time"
)

// Faults are the misbehaviours a test or a demo can turn on, at start or at run time.
type Faults struct {
	InternalErrorRate float64       // share of requests answered InternalError (before executing)
	LostResponseRate  float64       // share of requests that execute but whose answer never arrives
	ThrottleRate      float64       // share of requests answered RequestLimitExceeded
	RateLimits        bool          // enforce the documented per-account per-action rates (DESIGN.md, "API facts")
	Latency           time.Duration // added to every answer
	Invisibility      time.Duration // a new image stays out of DescribeImages for this long
	FailCreates       int           // the next N CreateImage/ImportImage/SyncImages end in CREATEFAILED/IMPORTFAILED
	Seed              int64         // for reproducible randomness
}

// SetFaults replaces the faults; the random sequence restarts from Seed.
func (s *Sim) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.failCreates = f.FailCreates
	s.rng = rand.New(rand.NewPCG(uint64(f.Seed), 0x63766d73696d))
}

// CurrentFaults returns the faults in force (FailCreates counts down as creates consume it).
func (s *Sim) CurrentFaults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	f.FailCreates = s.failCreates
	return f
}

// faultPlan is what the faults decide for one request, drawn before it executes.
type faultPlan struct {
	err     *apiError
	lost    bool
	latency time.Duration
}

func (s *Sim) planFaults(acct, key string, now time.Time) faultPlan {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	p := faultPlan{latency: f.Latency}
	switch {
	case f.ThrottleRate > 0 && s.rng.Float64() < f.ThrottleRate:
		p.err = errorf("RequestLimitExceeded", "Your current request times equals to `%d` in a second, which exceeds the frequency limit.", actionRate(key)+1)
	case f.RateLimits && !s.rate.allow(acct, key, now):
		p.err = errorf("RequestLimitExceeded", "The request rate of %s exceeds %d per second for this account.", key, actionRate(key))
	case f.InternalErrorRate > 0 && s.rng.Float64() < f.InternalErrorRate:
		p.err = errorf("InternalError", "An internal error occurred (injected by the emulator).")
	}
	if p.err == nil && f.LostResponseRate > 0 && s.rng.Float64() < f.LostResponseRate {
		p.lost = true
	}
	return p
}

// takeFailure reports whether the image being made now is to fail, consuming one FailCreates.
func (s *Sim) takeFailure() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failCreates > 0 {
		s.failCreates--
		return true
	}
	return false
}

func (s *Sim) invisibility() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.Invisibility
}
