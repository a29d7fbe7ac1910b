package provider

// The share API steps, all in one place: sharing and cancelling (ModifyImageSharePermission),
// reading an image's shares, and recording on the image which shares the share resources manage
// (the share mark, share_mark.go). Both share resources create and delete through createShares
// and deleteShares.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// createShares shares the image of a new share resource with its accounts, within its create
// timeout, and marks them on the image. Accounts the image is shared with already are adopted.
func createShares(ctx context.Context, pd *providerData, s *shareSubject, private privateState, diags *diag.Diagnostics) {
	ctx, cancel, ok := withTimeout(ctx, s.timeouts.Create, defaultShareTimeout, diags)
	if !ok {
		return
	}
	defer cancel()
	region, imageID := s.region.ValueString(), s.imageID.ValueString()
	shareMissing(ctx, pd, diags, region, imageID, s.accounts, s.accountsAttr)
	if diags.HasError() {
		return
	}
	s.mark(ctx, pd, private, diags)
}

// mark records on the image that the resource manages its accounts (every share of the image,
// for the authoritative resource), and in the resource's private state that it did.
func (s *shareSubject) mark(ctx context.Context, pd *providerData, private privateState, diags *diag.Diagnostics) {
	region, imageID := s.region.ValueString(), s.imageID.ValueString()
	if err := pd.shareMarks.change(ctx, region, imageID, s.ownAccounts(), nil, s.authoritative, false); err != nil {
		diags.AddError("Cannot Mark Image Shares", shareMarkError(region, imageID, err))
		return
	}
	diags.Append(private.SetKey(ctx, shareMarkedKey, []byte("true"))...)
}

// unmark takes a destroyed share resource's accounts off the image's mark (all of them, for the
// authoritative resource). The shares are cancelled already, so a failure is a warning: the mark
// then only spares a later share of the same account from the plan-time check.
func (s *shareSubject) unmark(ctx context.Context, pd *providerData, diags *diag.Diagnostics) {
	region, imageID := s.region.ValueString(), s.imageID.ValueString()
	if err := pd.shareMarks.change(ctx, region, imageID, nil, s.ownAccounts(), false, s.authoritative); err != nil {
		diags.AddWarning("Cannot Unmark Image Shares", shareMarkError(region, imageID, err))
	}
}

// ownAccounts are the accounts the mark lists for this resource: none for the authoritative
// resource, whose mark covers every share.
func (s *shareSubject) ownAccounts() []string {
	if s.authoritative {
		return nil
	}
	return s.accounts
}

// deleteShares cancels the shares a share resource holds, within its delete timeout, and takes
// them off the image's mark.
func deleteShares(ctx context.Context, pd *providerData, s *shareSubject, diags *diag.Diagnostics) {
	ctx, cancel, ok := withTimeout(ctx, s.timeouts.Delete, defaultShareTimeout, diags)
	if !ok {
		return
	}
	defer cancel()
	region, imageID := s.region.ValueString(), s.imageID.ValueString()
	shareAccounts(ctx, pd, diags, region, imageID, imageapi.PermissionCancel, s.accounts, s.accountsAttr)
	if diags.HasError() {
		return
	}
	s.unmark(ctx, pd, diags)
}

// shareAccounts adds (SHARE) or cancels (CANCEL) an image's shares with accounts. A refusal the
// plan could not foresee, because the image was made in the same apply, is explained in the words
// the plan would have used.
func shareAccounts(ctx context.Context, pd *providerData, diags *diag.Diagnostics, region, imageID, permission string, accounts []string, accountsAttr path.Path) {
	if len(accounts) == 0 {
		return
	}
	err := pd.client.ModifyImageSharePermission(ctx, region, imageapi.ModifyImageSharePermissionRequest{
		ImageId: imageID, AccountIds: accounts, Permission: permission,
	})
	if err == nil || (permission == imageapi.PermissionCancel && errors.Is(err, imageapi.ErrNotFound)) {
		return
	}
	verb := "Sharing"
	if permission == imageapi.PermissionCancel {
		verb = "Cancelling the shares of"
	}
	if permission == imageapi.PermissionShare {
		img, encrypted, lookupErr := shareTarget(ctx, pd, region, imageID)
		if lookupErr == nil && img != nil {
			if r := shareRefusalFor(img, encrypted, region, accounts, accountsAttr); r != nil {
				diags.AddAttributeError(r.attr, r.summary, r.detail+" "+apiErrorDetail(err))
				return
			}
		}
		if errors.Is(err, imageapi.ErrQuotaExceeded) {
			if perms, err2 := pd.client.DescribeImageSharePermission(ctx, region, imageID); err2 == nil {
				use := shareUse{ImageID: imageID, Limit: pd.shareAccountLimit, Shared: len(perms), Added: len(accounts)}
				detail := shareLimitDetail(use)
				if use.total() <= use.Limit {
					// The plan let it through: the account's real limit is below share_account_limit.
					detail = fmt.Sprintf("%s: %d accounts, within share_account_limit = %d, but the API refused with OverQuota, so "+
						"this account's limit is lower than that setting. Set share_account_limit to what Tencent Cloud allows the "+
						"account (%d unless it has raised it), so that the plan counts against the real limit.",
						use, use.total(), use.Limit, defaultShareAccountLimit)
				}
				diags.AddAttributeError(accountsAttr, "Share Account Limit Exceeded", detail+" "+apiErrorDetail(err))
				return
			}
		}
	}
	addAPIError(diags, "Cannot Change Image Shares", fmt.Sprintf("%s image %s in %s with %s", verb, imageID, region, strings.Join(accounts, ", ")), err, "")
}

// shareMissing shares an image with those of accounts it is not shared with yet, once it can be
// shared. Accounts shared already (e.g. in the console) are adopted, not shared again: the API
// refuses a repeated share with FailedOperation.AccountAlreadyExists.
func shareMissing(ctx context.Context, pd *providerData, diags *diag.Diagnostics, region, imageID string, accounts []string, accountsAttr path.Path) {
	if !waitShareable(ctx, pd, diags, region, imageID) {
		return
	}
	shared, err := sharedAccounts(ctx, pd, region, imageID)
	if err != nil {
		addShareReadError(diags, region, imageID, err)
		return
	}
	add := slices.DeleteFunc(slices.Clone(accounts), func(a string) bool { return slices.Contains(shared, a) })
	shareAccounts(ctx, pd, diags, region, imageID, imageapi.PermissionShare, add, accountsAttr)
}

// waitShareable waits until an image can be shared: only a NORMAL image can, and an image made in
// the same apply may still be CREATING when a share resource does not depend on its resource.
func waitShareable(ctx context.Context, pd *providerData, diags *diag.Diagnostics, region, imageID string) bool {
	if _, err := pd.client.WaitForImage(ctx, region, imageID, imageapi.StateNormal); err != nil {
		diags.AddAttributeError(path.Root("image_id"), "Image Cannot Be Shared",
			fmt.Sprintf("Image %s in %s did not become NORMAL, and only a NORMAL image can be shared: %s", imageID, region, err))
		return false
	}
	return true
}

// sharedAccounts lists, sorted, the accounts an image is shared with.
func sharedAccounts(ctx context.Context, pd *providerData, region, imageID string) ([]string, error) {
	perms, err := pd.client.DescribeImageSharePermission(ctx, region, imageID)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(perms))
	for _, p := range perms {
		out = append(out, p.AccountId)
	}
	slices.Sort(out)
	return out, nil
}

// addShareReadError reports a failed read of an image's share list, in one wording for every caller.
func addShareReadError(diags *diag.Diagnostics, region, imageID string, err error) {
	addAPIError(diags, "Cannot Read Image Shares", fmt.Sprintf("Reading the accounts image %s in %s is shared with", imageID, region), err, "")
}

// cancelAllShares cancels every share of an image before it is deleted (force_unshare). It returns
// false when it failed and said why.
func cancelAllShares(ctx context.Context, pd *providerData, region, imageID string, diags *diag.Diagnostics) bool {
	perms, err := pd.client.DescribeImageSharePermission(ctx, region, imageID)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		return true
	case err != nil:
		addShareReadError(diags, region, imageID, err)
		return false
	case len(perms) == 0:
		return true
	}
	accounts := make([]string, len(perms))
	for i, p := range perms {
		accounts[i] = p.AccountId
	}
	err = pd.client.ModifyImageSharePermission(ctx, region, imageapi.ModifyImageSharePermissionRequest{
		ImageId: imageID, AccountIds: accounts, Permission: imageapi.PermissionCancel,
	})
	if err != nil && !errors.Is(err, imageapi.ErrNotFound) {
		addAPIError(diags, "Cannot Cancel Image Shares", fmt.Sprintf("force_unshare is true, but cancelling the shares of image %s in %s with %s",
			imageID, region, strings.Join(accounts, ", ")), err, "")
		return false
	}
	return true
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

// shareMarkError is the one wording of a failed mark change.
func shareMarkError(region, imageID string, err error) string {
	return fmt.Sprintf("Recording on image %s in %s (its %s* tags) which of its shares Terraform manages failed. "+
		"Without that record, a plan that destroys the image together with its share resources fails as if "+
		"the shares were made outside Terraform. %s", imageID, region, shareMarkPrefix, apiErrorDetail(err))
}
