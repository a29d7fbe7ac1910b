package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// imageShareLedger is the plan ledger's view of one image's shares (DESIGN.md, "The plan ledger"). It is keyed on
// image and account, the union of what is shared and what the plan shares: an account shared
// earlier in the same apply counts once, whether the list was read before or after it happened.
type imageShareLedger struct {
	mu sync.Mutex

	loaded  bool
	loadErr error
	// existing holds the accounts the image is shared with, by anyone, when first asked.
	existing map[string]bool
	// planned holds the accounts share resources of this plan add or keep.
	planned map[string]bool
	// leaving holds the accounts share resources of this plan cancel: removed from an
	// authoritative set, or held by a share resource the plan destroys.
	leaving map[string]bool
	// authoritative and additive say whether a cvmimage_image_share, or a cvmimage_image_share_account,
	// of this plan keeps or adds shares of the image: both on one image undo each other.
	authoritative, additive bool

	// mark is the image's share mark (share_mark.go), read only when a destroy check needs it.
	markLoaded bool
	markErr    error
	mark       shareMark
}

// shareUse is what an image's share list looks like once the plan is applied.
type shareUse struct {
	ImageID string
	Limit   int
	// Shared counts the accounts the image is shared with now.
	Shared int
	// Added counts the accounts the plan adds; Removed those it cancels.
	Added, Removed int
	// Mine counts the accounts the resource being planned adds: a resource that only keeps shares
	// that exist is never the one over the limit.
	Mine int
	// Mixed says that authoritative and additive share resources of this plan both share the image.
	Mixed bool
}

func (u shareUse) total() int { return u.Shared - u.Removed + u.Added }

func (u shareUse) String() string {
	s := fmt.Sprintf("%s is shared with %d of %d accounts; this plan adds %d", u.ImageID, u.Shared, u.Limit, u.Added)
	if u.Removed > 0 {
		s += fmt.Sprintf(" and removes %d", u.Removed)
	}
	return s
}

func (l *planLedger) imageShares(region, imageID string) *imageShareLedger {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := region + "/" + imageID
	s, ok := l.shares[key]
	if !ok {
		s = &imageShareLedger{existing: map[string]bool{}, planned: map[string]bool{}, leaving: map[string]bool{}}
		l.shares[key] = s
	}
	return s
}

// loadShares reads the image's share list once per process. The caller holds s.mu.
func (l *planLedger) loadShares(ctx context.Context, region, imageID string, s *imageShareLedger) error {
	if s.loaded {
		return s.loadErr
	}
	s.loaded = true
	perms, err := l.client.DescribeImageSharePermission(ctx, region, imageID)
	if err != nil {
		s.loadErr = err
		return err
	}
	for _, p := range perms {
		s.existing[p.AccountId] = true
	}
	return nil
}

// planShares records that a share resource (authoritative or not) of the plan shares image imageID
// in region with add and cancels cancel, and returns the share count with every share resource
// planned so far counted.
func (l *planLedger) planShares(ctx context.Context, region, imageID string, add, cancel []string, authoritative bool, limit int) (shareUse, error) {
	s := l.imageShares(region, imageID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := l.loadShares(ctx, region, imageID, s); err != nil {
		return shareUse{}, err
	}
	for _, a := range cancel {
		s.leaving[a] = true
	}
	for _, a := range add {
		s.planned[a] = true
	}
	u := shareUse{ImageID: imageID, Limit: limit, Shared: len(s.existing)}
	if authoritative {
		s.authoritative = true
	} else {
		s.additive = true
	}
	u.Mixed = s.authoritative && s.additive
	for a := range s.planned {
		if !s.existing[a] || s.leaving[a] {
			u.Added++
		}
	}
	for _, a := range add {
		if !s.existing[a] || s.leaving[a] {
			u.Mine++
		}
	}
	for a := range s.leaving {
		if s.existing[a] {
			u.Removed++
		}
	}
	return u, nil
}

// planUnshare records that the plan cancels the image's shares with accounts. It needs no API
// call: a share resource's destroy is planned from its state alone.
func (l *planLedger) planUnshare(region, imageID string, accounts []string) {
	s := l.imageShares(region, imageID)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range accounts {
		s.leaving[a] = true
	}
}

// sharesLeftAfterPlan sorts the accounts the image is shared with, and that no share resource of
// this plan has yet been planned to cancel, into those the image's share mark says share resources
// manage and the others. Terraform plans an image's destroy in no fixed order with those of its
// share resources, but destroys the share resources first, so only the others block deleting it.
// A managed account that a share resource of this plan keeps sharing blocks it too.
func (l *planLedger) sharesLeftAfterPlan(ctx context.Context, region, imageID string) (unmanaged, managed []string, err error) {
	s := l.imageShares(region, imageID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := l.loadShares(ctx, region, imageID, s); err != nil {
		return nil, nil, err
	}
	var left []string
	for _, a := range slices.Sorted(maps.Keys(s.existing)) {
		if !s.leaving[a] {
			left = append(left, a)
		}
	}
	if len(left) == 0 {
		return nil, nil, nil
	}
	if !s.markLoaded {
		s.markLoaded = true
		var tags map[string]string
		tags, s.markErr = l.client.ImageTags(ctx, region, imageID)
		s.mark = shareMarkOf(tags)
	}
	if s.markErr != nil {
		return nil, nil, s.markErr
	}
	for _, a := range left {
		if s.mark.managed(a) && !s.planned[a] {
			managed = append(managed, a)
		} else {
			unmanaged = append(unmanaged, a)
		}
	}
	return unmanaged, managed, nil
}
