package cvmsim

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"
)

// The control API: what a test or a demo does to the world out of band, as if in the console.
// The Go methods and the HTTP endpoints under /_sim/ are the same operations.

// ImageInfo is the emulator's own record of a custom image, for assertions.
type ImageInfo struct {
	ID, Name, Region, State string
	SharedWith              []string
	Snapshots               []string
}

// consoleImage finds a custom image by region and ID, whoever owns it.
func consoleImage(w *world, regionName, id string) (*image, error) {
	im := w.image(regionName, id)
	if im == nil {
		return nil, fmt.Errorf("cvmsim: no custom image %s in %s", id, regionName)
	}
	return im, nil
}

func asError(e *apiError) error {
	if e == nil {
		return nil
	}
	return e
}

// RenameImage renames a custom image, as its owner would in the console.
func (s *Sim) RenameImage(regionName, imageID, name string) error {
	return s.store.txn(true, func(w *world) error {
		im, err := consoleImage(w, regionName, imageID)
		if err != nil {
			return err
		}
		if e := checkNameAndDescription(&name, nil); e != nil {
			return e
		}
		for _, other := range w.ownImages(im.Owner, regionName) {
			if other != im && other.Name == name {
				return errorf("InvalidImageName.Duplicate", "An image named %q already exists in %s.", name, regionName)
			}
		}
		im.Name = name
		return nil
	})
}

// changeImage changes a custom image, whoever owns it, as its owner would in the console.
func (s *Sim) changeImage(regionName, imageID string, change func(im *image) error) error {
	return s.store.txn(true, func(w *world) error {
		im, err := consoleImage(w, regionName, imageID)
		if err != nil {
			return err
		}
		return change(im)
	})
}

// DeprecateImage marks a custom image deprecated, or no longer deprecated, as in the console:
// DescribeImages reports ImageDeprecated and DescribeImageFromFamily passes the image over.
func (s *Sim) DeprecateImage(regionName, imageID string, deprecated bool) error {
	return s.changeImage(regionName, imageID, func(im *image) error {
		im.Deprecated = deprecated
		return nil
	})
}

// SetImageFamily puts a custom image in a family ("" for none), as in the console.
func (s *Sim) SetImageFamily(regionName, imageID, family string) error {
	return s.changeImage(regionName, imageID, func(im *image) error {
		im.Family = family
		return nil
	})
}

// TagImage sets and removes tags of a custom image, as in the Tag console; a key it does not
// carry is ignored on removal.
func (s *Sim) TagImage(regionName, imageID string, set map[string]string, remove ...string) error {
	for k, v := range set {
		if e := checkTag(k, v); e != nil {
			return e
		}
	}
	return s.changeImage(regionName, imageID, func(im *image) error {
		if im.Tags == nil {
			im.Tags = map[string]string{}
		}
		maps.Copy(im.Tags, set)
		for _, k := range remove {
			delete(im.Tags, k)
		}
		return nil
	})
}

// DeleteImage removes a custom image and its shares, whatever its state.
func (s *Sim) DeleteImage(regionName, imageID string) error {
	return s.store.txn(true, func(w *world) error {
		im, err := consoleImage(w, regionName, imageID)
		if err != nil {
			return err
		}
		w.deleteImage(im, false)
		return nil
	})
}

// ShareImage shares a custom image with accounts under the API's rules.
func (s *Sim) ShareImage(regionName, imageID string, accts ...string) error {
	now := s.now()
	return s.store.txn(true, func(w *world) error {
		im, err := consoleImage(w, regionName, imageID)
		if err != nil {
			return err
		}
		for _, a := range accts {
			if !accountIDPattern.MatchString(a) {
				return errorf("InvalidAccountId.NotFound", "The account ID %q is not valid.", a)
			}
		}
		return asError(s.shareImage(im, im.Owner, accts, &call{now: now}))
	})
}

// UnshareImage cancels a custom image's shares with accounts; an account it is not shared with is ignored.
func (s *Sim) UnshareImage(regionName, imageID string, accts ...string) error {
	return s.store.txn(true, func(w *world) error {
		im, err := consoleImage(w, regionName, imageID)
		if err != nil {
			return err
		}
		im.Shares = slices.DeleteFunc(im.Shares, func(sh share) bool { return slices.Contains(accts, sh.Account) })
		return nil
	})
}

// SetImageQuota sets an account's custom-image quota in a region ("" for every region).
func (s *Sim) SetImageQuota(acct, regionName string, n int) error {
	if regionName != "" {
		if !knownRegion(regionName) {
			return fmt.Errorf("cvmsim: unknown region %q", regionName)
		}
	}
	if n < 0 {
		return fmt.Errorf("cvmsim: a quota cannot be negative")
	}
	return s.store.txn(true, func(w *world) error {
		w.Quotas[acct+"/"+regionName] = n
		return nil
	})
}

// AddInstance gives an account another running instance (50 GiB system disk, 100 GiB data disk)
// on the region's default public image, and returns its ID. The instance is busy setting up for
// Timings.InstanceBusy, as a freshly launched instance is in the cloud.
func (s *Sim) AddInstance(acct, regionName, name string) (string, error) {
	if !knownRegion(regionName) {
		return "", fmt.Errorf("cvmsim: unknown region %q", regionName)
	}
	if !accountIDPattern.MatchString(acct) {
		return "", fmt.Errorf("cvmsim: %q is not an account ID", acct)
	}
	now := s.now()
	var id string
	err := s.store.txn(true, func(w *world) error {
		id = w.newID("ins")
		w.Instances = append(w.Instances, &instance{
			ID: id, Region: regionName, Owner: acct, Name: name, Zone: regionName + "-3", ImageID: defaultInstanceImage(regionName),
			Disks:   []disk{{w.newID("disk"), "SYSTEM_DISK", 50}, {w.newID("disk"), "DATA_DISK", 100}},
			Created: now, BusyUntil: now.Add(s.opts.Timings.InstanceBusy),
		})
		return nil
	})
	return id, err
}

// MakeInstanceBusy puts an instance, whoever owns it, in the middle of an operation for d from now
// (0 ends a busy spell at once): meanwhile CreateImage from it is refused with
// OperationDenied.InstanceOperationInProgress and DescribeInstances shows LatestOperationState
// OPERATING.
func (s *Sim) MakeInstanceBusy(regionName, instanceID string, d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("cvmsim: a busy spell cannot be negative")
	}
	now := s.now()
	return s.store.txn(true, func(w *world) error {
		for _, in := range w.Instances {
			if in.Region == regionName && in.ID == instanceID {
				in.BusyUntil = now.Add(d)
				return nil
			}
		}
		return fmt.Errorf("cvmsim: no instance %s in %s", instanceID, regionName)
	})
}

func (s *Sim) countCall(key string, write bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[key]++
	if write {
		s.writes++
	}
}

// writeError answers e, counting it by code.
func (s *Sim) writeError(w http.ResponseWriter, e *apiError) {
	s.mu.Lock()
	s.errorCodes[e.Code]++
	s.mu.Unlock()
	writeError(w, e)
}

// ErrorCodes returns how many answers carried each error code, keyed "OperationDenied.InstanceOperationInProgress".
func (s *Sim) ErrorCodes() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.errorCodes)
}

// Calls returns the per-action counts of signed API calls, keyed "cvm.DescribeImages".
func (s *Sim) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

// WriteCalls is the number of calls to mutating actions so far.
func (s *Sim) WriteCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

// ResetCalls zeroes the counters of calls and of error codes.
func (s *Sim) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.writes, s.errorCodes = map[string]int{}, 0, map[string]int{}
}

// CustomImages lists an account's custom images, in every state, in a region ("" for all).
func (s *Sim) CustomImages(acct, regionName string) []ImageInfo {
	now := s.now()
	out := []ImageInfo{}
	_ = s.store.txn(false, func(w *world) error {
		for _, im := range w.Images {
			if im.Owner != acct || (regionName != "" && im.Region != regionName) {
				continue
			}
			info := ImageInfo{ID: im.ID, Name: im.Name, Region: im.Region, State: im.state(now), SharedWith: []string{}, Snapshots: slices.Clone(im.Snapshots)}
			for _, sh := range im.Shares {
				info.SharedWith = append(info.SharedWith, sh.Account)
			}
			out = append(out, info)
		}
		return nil
	})
	return out
}

// Reset puts the seeded world back (custom images, instances, snapshots and quotas); faults and
// counters are left as they are.
func (s *Sim) Reset() error {
	return s.store.txn(true, func(w *world) error {
		*w = *seedWorld()
		return nil
	})
}

// faultsJSON is Faults with durations as Go duration strings ("250ms").
type faultsJSON struct {
	InternalErrorRate float64
	LostResponseRate  float64
	ThrottleRate      float64
	RateLimits        bool
	Latency           string
	Invisibility      string
	FailCreates       int
	Seed              int64
}

func (f faultsJSON) faults() (Faults, error) {
	out := Faults{InternalErrorRate: f.InternalErrorRate, LostResponseRate: f.LostResponseRate, ThrottleRate: f.ThrottleRate,
		RateLimits: f.RateLimits, FailCreates: f.FailCreates, Seed: f.Seed}
	for _, d := range []struct {
		text string
		dst  *time.Duration
	}{{f.Latency, &out.Latency}, {f.Invisibility, &out.Invisibility}} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil {
			return Faults{}, err
		}
		*d.dst = v
	}
	return out, nil
}

func toFaultsJSON(f Faults) faultsJSON {
	return faultsJSON{f.InternalErrorRate, f.LostResponseRate, f.ThrottleRate, f.RateLimits, f.Latency.String(), f.Invisibility.String(), f.FailCreates, f.Seed}
}

// controlHandler serves /_sim/: POST with a JSON body to change, GET to read.
func (s *Sim) controlHandler() http.Handler {
	type imageReq struct {
		Region, ImageId, Name string
		Accounts              []string
		Deprecated            bool
		Family                string
		Tags                  map[string]string
		RemoveTags            []string
	}
	mux := http.NewServeMux()
	handle := func(pattern string, fn func(r *http.Request) (any, error)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			out, err := fn(r)
			w.Header().Set("Content-Type", "application/json")
			if err != nil {
				w.WriteHeader(http.StatusBadRequest)
				_ = json.NewEncoder(w).Encode(map[string]string{"Error": err.Error()})
				return
			}
			if out == nil {
				out = map[string]bool{"Ok": true}
			}
			_ = json.NewEncoder(w).Encode(out)
		})
	}
	decode := func(r *http.Request, v any) error {
		if err := json.NewDecoder(r.Body).Decode(v); err != nil {
			return fmt.Errorf("the body is not the expected JSON: %w", err)
		}
		return nil
	}
	withImage := func(op func(in imageReq) error) func(r *http.Request) (any, error) {
		return func(r *http.Request) (any, error) {
			var in imageReq
			if err := decode(r, &in); err != nil {
				return nil, err
			}
			return nil, op(in)
		}
	}
	handle("POST /_sim/images/rename", withImage(func(in imageReq) error { return s.RenameImage(in.Region, in.ImageId, in.Name) }))
	handle("POST /_sim/images/delete", withImage(func(in imageReq) error { return s.DeleteImage(in.Region, in.ImageId) }))
	handle("POST /_sim/images/share", withImage(func(in imageReq) error { return s.ShareImage(in.Region, in.ImageId, in.Accounts...) }))
	handle("POST /_sim/images/unshare", withImage(func(in imageReq) error { return s.UnshareImage(in.Region, in.ImageId, in.Accounts...) }))
	handle("POST /_sim/images/deprecate", withImage(func(in imageReq) error { return s.DeprecateImage(in.Region, in.ImageId, in.Deprecated) }))
	handle("POST /_sim/images/family", withImage(func(in imageReq) error { return s.SetImageFamily(in.Region, in.ImageId, in.Family) }))
	handle("POST /_sim/images/tags", withImage(func(in imageReq) error { return s.TagImage(in.Region, in.ImageId, in.Tags, in.RemoveTags...) }))
	handle("POST /_sim/instances", func(r *http.Request) (any, error) {
		var in struct{ Account, Region, Name string }
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		id, err := s.AddInstance(in.Account, in.Region, in.Name)
		return map[string]string{"InstanceId": id}, err
	})
	handle("POST /_sim/instances/busy", func(r *http.Request) (any, error) {
		var in struct{ Region, InstanceId, Duration string }
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		d, err := time.ParseDuration(in.Duration)
		if err != nil {
			return nil, fmt.Errorf("duration: %w", err)
		}
		return nil, s.MakeInstanceBusy(in.Region, in.InstanceId, d)
	})
	handle("POST /_sim/quota", func(r *http.Request) (any, error) {
		var in struct {
			Account, Region string
			Quota           int
		}
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return nil, s.SetImageQuota(in.Account, in.Region, in.Quota)
	})
	handle("GET /_sim/faults", func(*http.Request) (any, error) { return toFaultsJSON(s.CurrentFaults()), nil })
	handle("POST /_sim/faults", func(r *http.Request) (any, error) {
		var in faultsJSON
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		f, err := in.faults()
		if err != nil {
			return nil, err
		}
		s.SetFaults(f)
		return nil, nil
	})
	handle("GET /_sim/calls", func(*http.Request) (any, error) {
		return map[string]any{"Calls": s.Calls(), "WriteCalls": s.WriteCalls(), "ErrorCodes": s.ErrorCodes()}, nil
	})
	handle("POST /_sim/calls/reset", func(*http.Request) (any, error) { s.ResetCalls(); return nil, nil })
	handle("GET /_sim/inventory", func(r *http.Request) (any, error) {
		q := r.URL.Query()
		return map[string]any{"Images": s.CustomImages(q.Get("account"), q.Get("region"))}, nil
	})
	handle("POST /_sim/reset", func(*http.Request) (any, error) { return nil, s.Reset() })
	return mux
}
