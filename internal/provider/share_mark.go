package provider

// The share mark: tags the share resources put on an image to say which of its shares they manage.
// Terraform plans an image's destroy in no fixed order with the destroys of its share resources,
// so the image's plan cannot wait for them to say they are cancelling; the mark lets it know
// anyway. It is a list of accounts, not a yes/no flag, so that a share added in the console to an
// image that cvmimage_image_share_account resources also share still fails the plan.
//
// Encoding: tags cvmimage:shares:0, cvmimage:shares:1, ... each holding a comma-separated chunk of
// account IDs that fits a tag value (255 characters). At the default share limit of 50 accounts of
// 12 digits that is 3 tags; of the longest IDs the validator allows (20 digits), 5: well within 50
// tags per resource. The value "*" means every share of the image is managed (cvmimage_image_share,
// which is authoritative and cancels every share it reads when destroyed).

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const (
	shareMarkPrefix = "cvmimage:shares:"
	// shareMarkAll marks every share of the image as managed.
	shareMarkAll = "*"
	// maxTagValueLength is the Tag API's limit on a tag value.
	maxTagValueLength = 255
	// shareMarkedKey is the share resources' private-state key saying that their accounts are in
	// the image's mark. A resource without it (imported, or made before the mark existed) is
	// marked by its next apply.
	shareMarkedKey = "share_marked"
)

// shareMark is what an image's mark says.
type shareMark struct {
	all      bool
	accounts map[string]bool
}

func (m shareMark) managed(account string) bool { return m.all || m.accounts[account] }

// shareMarkOf reads the mark from an image's tags.
func shareMarkOf(tags map[string]string) shareMark {
	m := shareMark{accounts: map[string]bool{}}
	for k, v := range tags {
		if !strings.HasPrefix(k, shareMarkPrefix) {
			continue
		}
		for _, a := range strings.Split(v, ",") {
			switch {
			case a == shareMarkAll:
				m.all = true
			case a != "":
				m.accounts[a] = true
			}
		}
	}
	return m
}

// tags encodes the mark as the changes to make to an image whose tags are old: the chunks that
// differ, and the mark keys past the last chunk.
func (m shareMark) tags(old map[string]string) (set map[string]string, remove []string) {
	var chunks []string
	if m.all {
		chunks = []string{shareMarkAll}
	} else {
		chunk := ""
		for _, a := range slices.Sorted(maps.Keys(m.accounts)) {
			if chunk != "" && len(chunk)+1+len(a) > maxTagValueLength {
				chunks = append(chunks, chunk)
				chunk = ""
			}
			chunk = strings.TrimPrefix(chunk+","+a, ",")
		}
		if chunk != "" {
			chunks = append(chunks, chunk)
		}
	}
	set = map[string]string{}
	for i, c := range chunks {
		if k := shareMarkPrefix + strconv.Itoa(i); old[k] != c {
			set[k] = c
		}
	}
	for _, k := range slices.Sorted(maps.Keys(old)) {
		n, ok := strings.CutPrefix(k, shareMarkPrefix)
		if i, err := strconv.Atoi(n); ok && (err != nil || i >= len(chunks)) {
			remove = append(remove, k)
		}
	}
	return set, remove
}

// shareMarks changes image marks. A change reads the tags and writes them back, so the changes of
// the share resources of one apply, which Terraform runs concurrently, are serialised per image.
type shareMarks struct {
	client *imageapi.Client

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func newShareMarks(client *imageapi.Client) *shareMarks {
	return &shareMarks{client: client, locks: map[string]*sync.Mutex{}}
}

func (s *shareMarks) lock(region, imageID string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := region + "/" + imageID
	l, ok := s.locks[key]
	if !ok {
		l = &sync.Mutex{}
		s.locks[key] = l
	}
	return l
}

// change marks accounts add as managed and unmarks remove; all = true marks every share
// (cvmimage_image_share), and an authoritative resource that goes passes clear = true. An image
// that is gone needs no mark.
func (s *shareMarks) change(ctx context.Context, region, imageID string, add, remove []string, all, clear bool) error {
	l := s.lock(region, imageID)
	l.Lock()
	defer l.Unlock()
	old, err := s.client.ImageTags(ctx, region, imageID)
	if errors.Is(err, imageapi.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	m := shareMarkOf(old)
	switch {
	case clear:
		m = shareMark{accounts: map[string]bool{}}
	case all:
		m = shareMark{all: true, accounts: map[string]bool{}}
	}
	for _, a := range add {
		m.accounts[a] = true
	}
	for _, a := range remove {
		delete(m.accounts, a)
	}
	set, del := m.tags(old)
	err = s.client.ModifyImageTags(ctx, region, imageID, set, del)
	if errors.Is(err, imageapi.ErrNotFound) {
		return nil
	}
	return err
}

// privateState is the private state of a create or update response.
type privateState interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// markShares adds accounts to the image's mark, or marks all its shares, and records in the share
// resource's private state that it did.
func markShares(ctx context.Context, pd *providerData, diags *diag.Diagnostics, private privateState, region, imageID string, accounts []string, all bool) {
	if err := pd.shareMarks.change(ctx, region, imageID, accounts, nil, all, false); err != nil {
		diags.AddError("Cannot Mark Image Shares", shareMarkError(region, imageID, err))
		return
	}
	diags.Append(private.SetKey(ctx, shareMarkedKey, []byte("true"))...)
}

// unmarkShares takes a destroyed share resource's accounts off the image's mark (clear = true for
// the authoritative resource: all of them). The shares are cancelled already, so a failure is a
// warning: the mark then only spares a later share of the same account from the plan-time check.
func unmarkShares(ctx context.Context, pd *providerData, diags *diag.Diagnostics, region, imageID string, accounts []string, clear bool) {
	if err := pd.shareMarks.change(ctx, region, imageID, nil, accounts, false, clear); err != nil {
		diags.AddWarning("Cannot Unmark Image Shares", shareMarkError(region, imageID, err))
	}
}

// planShareMark plans an update of a share resource that is not marked on its image yet, so that
// the apply marks it: its id is planned unknown, which is all the update changes.
func planShareMark(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	marked, d := req.Private.GetKey(ctx, shareMarkedKey)
	resp.Diagnostics.Append(d...)
	if marked == nil && !d.HasError() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
	}
}

// shareMarkError is the one wording of a failed mark change.
func shareMarkError(region, imageID string, err error) string {
	return fmt.Sprintf("Recording on image %s in %s (its %s* tags) which of its shares Terraform manages failed. "+
		"Without that record, a plan that destroys the image together with its share resources fails as if "+
		"the shares were made outside Terraform. %s", imageID, region, shareMarkPrefix, apiErrorDetail(err))
}
