package provider

// What both share resources share: the image address they take, the share calls, and the sharing
// rules, checked at plan time and, for what the plan could not know (an image made in the same
// apply), explained with the same words when the API refuses.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// accountIDPattern is a root account ID (UIN): a numeric string. The API answers a malformed one
// with InvalidAccountId.NotFound in the middle of an apply.
var accountIDPattern = regexp.MustCompile(`^[0-9]{5,20}$`)

func accountIDValidator() validator.String {
	return stringvalidator.RegexMatches(accountIDPattern, "must be a root account ID: a numeric string of 5 to 20 digits")
}

// shareRegionAttribute and shareImageIDAttribute are the image address both share resources take.
func shareRegionAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: "The image's region; sharing works within a region only. Defaults to the provider's region. Changing it replaces the resource.",
		Validators:          []validator.String{regionValidator()},
	}
}

func shareImageIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The custom image to share (`img-` and 8 characters); it must be this account's own. Changing it replaces the resource.",
		Validators:          []validator.String{stringvalidator.RegexMatches(imageIDPattern, "must be an image ID: img- and 8 of [a-z0-9]")},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// forceUnshareAttribute is the force_unshare argument of every resource that owns an image.
func forceUnshareAttribute() schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "Whether destroying the image first cancels its shares with other accounts. The API deletes no " +
			"shared image, so while this is false (the default) a plan that destroys or replaces an image shared with accounts " +
			"that no share resource manages (shared in the console or by another tool) fails, listing them.",
	}
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
		diags.AddError("Cannot Cancel Image Shares", fmt.Sprintf("force_unshare is true, but cancelling the shares of image %s in %s with %s failed. %s",
			imageID, region, strings.Join(accounts, ", "), apiErrorDetail(err)))
		return false
	}
	return true
}

// ruleRefusal is why the API will refuse a share or a copy, with the attribute to blame; plan and
// apply report it in the same words.
type ruleRefusal struct {
	attr            path.Path
	summary, detail string
}

// shareRefusalFor returns why sharing img (in region) with accounts would be refused, or nil.
// encrypted says whether the image is an encrypted copy; the API does not report it, so this is
// known only for copies this provider made (their cvmimage:kms_key_id tag).
func shareRefusalFor(img *imageapi.Image, encrypted bool, region string, accounts []string, accountsAttr path.Path) *ruleRefusal {
	id := img.ImageId
	switch {
	case img.ImageType != imageapi.ImageTypePrivate:
		return &ruleRefusal{path.Root("image_id"), "Image Cannot Be Shared",
			fmt.Sprintf("Image %s in %s is a %s, not one of this account's custom images, and only an image's owner can share it "+
				"(UnauthorizedOperation.ImageNotBelongToAccount). To pass a shared image on, copy it into this account with "+
				"cvmimage_image_copy and share the copy.", id, region, imageTypeWords(img.ImageType))}
	case img.LicenseType == "BYOL":
		return &ruleRefusal{path.Root("image_id"), "Image Cannot Be Shared",
			fmt.Sprintf("Image %s in %s is a BYOL (bring your own licence) image, and the API shares no BYOL image "+
				"(FailedOperation.BYOLImageShareFailed).", id, region)}
	case encrypted:
		return &ruleRefusal{path.Root("image_id"), "Image Cannot Be Shared",
			fmt.Sprintf("Image %s in %s is encrypted, and the API shares no encrypted image "+
				"(UnsupportedOperation.EncryptedImagesNotSupported). Share an unencrypted copy instead.", id, region)}
	case slices.Contains(accounts, img.ImageCreator):
		return &ruleRefusal{accountsAttr, "Cannot Share An Image With Its Owner",
			fmt.Sprintf("Account %s owns image %s in %s, and an image cannot be shared with its own account "+
				"(FailedOperation.AccountIsYourSelf). Remove %s from the accounts.", img.ImageCreator, id, region, img.ImageCreator)}
	}
	return nil
}

func imageTypeWords(t string) string {
	switch t {
	case imageapi.ImageTypePublic:
		return "public image"
	case imageapi.ImageTypeMarket:
		return "marketplace image"
	case imageapi.ImageTypeShared:
		return "image another account shares with this one"
	}
	return t + " image"
}

// shareLimitDetail explains a plan that shares an image with more accounts than allowed.
func shareLimitDetail(u shareUse) string {
	return fmt.Sprintf("%s: %d accounts for a limit of %d, so sharing would fail with OverQuota. "+
		"Share with fewer accounts, or raise share_account_limit in the provider block if Tencent Cloud has raised yours.",
		u, u.total(), u.Limit)
}

// shareTarget reads what the sharing rules need to know about an image: the image, and whether
// it is an encrypted copy. A nil image means it does not exist.
func shareTarget(ctx context.Context, pd *providerData, region, imageID string) (*imageapi.Image, bool, error) {
	img, err := pd.client.ImageNow(ctx, region, imageID)
	if errors.Is(err, imageapi.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil || img.ImageType != imageapi.ImageTypePrivate {
		return img, false, err
	}
	_, encrypted := tagMapOf(img.Tags)[copyEncryptionTag]
	return img, encrypted, nil
}

// shareChange is what one share resource's plan does to an image's shares.
type shareChange struct {
	region, imageID string
	// imageKnown is false while the image is made in the same plan.
	imageKnown bool
	// add holds the accounts the resource shares or keeps; cancel those it stops sharing with.
	add, cancel  []string
	accountsAttr path.Path
	// authoritative is set for cvmimage_image_share, which owns the image's whole share list.
	authoritative bool
}

// checkShareChange runs the plan-time checks of a share resource that creates or updates shares:
// the count limit without any API call, then the image's rules and the plan-wide count.
func checkShareChange(ctx context.Context, pd *providerData, diags *diag.Diagnostics, c shareChange) {
	if pd == nil || pd.destroying {
		return
	}
	if len(c.add) > pd.shareAccountLimit {
		pd.reportLimit(diags, c.accountsAttr, "Share Account Limit Exceeded",
			fmt.Sprintf("This resource shares an image with %d accounts, but one image can be shared with at most %d "+
				"(share_account_limit), so sharing would fail with OverQuota. Share with fewer accounts, or raise "+
				"share_account_limit in the provider block if Tencent Cloud has raised yours.", len(c.add), pd.shareAccountLimit))
		return
	}
	if !pd.limitChecksOn() || !c.imageKnown {
		return
	}
	img, encrypted, err := shareTarget(ctx, pd, c.region, c.imageID)
	switch {
	case err != nil:
		pd.reportCheckFailure(diags, "image "+c.imageID, c.region, err)
		return
	case img == nil:
		pd.reportLimit(diags, path.Root("image_id"), "Image Not Found",
			fmt.Sprintf("Image %s is not in %s (or this account cannot see it), so it cannot be shared. Check image_id and region.", c.imageID, c.region))
		return
	}
	if r := shareRefusalFor(img, encrypted, c.region, c.add, c.accountsAttr); r != nil {
		pd.reportLimit(diags, r.attr, r.summary, r.detail)
		return
	}
	use, err := pd.ledger.planShares(ctx, c.region, c.imageID, c.add, c.cancel, c.authoritative, pd.shareAccountLimit)
	if err != nil {
		pd.reportCheckFailure(diags, "the accounts image "+c.imageID+" is shared with", c.region, err)
		return
	}
	if use.Mixed {
		pd.reportLimit(diags, c.accountsAttr, "Authoritative And Additive Shares Of One Image",
			fmt.Sprintf("Image %s in %s is shared both by a cvmimage_image_share, which owns the image's whole share list and cancels "+
				"every account it does not list, and by cvmimage_image_share_account resources, which add accounts one by one: each "+
				"apply would undo the other, and removing one would cancel access the other still grants. Use one kind per image: "+
				"list every account in the cvmimage_image_share, or use only cvmimage_image_share_account.", c.imageID, c.region))
		return
	}
	if use.total() > use.Limit && use.Mine > 0 {
		pd.reportLimit(diags, c.accountsAttr, "Share Account Limit Exceeded", shareLimitDetail(use))
	}
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
				diags.AddAttributeError(accountsAttr, "Share Account Limit Exceeded", shareLimitDetail(use)+" "+apiErrorDetail(err))
				return
			}
		}
	}
	diags.AddError("Cannot Change Image Shares", fmt.Sprintf("%s image %s in %s with %s failed. %s",
		verb, imageID, region, strings.Join(accounts, ", "), apiErrorDetail(err)))
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
	diags.AddError("Cannot Read Image Shares", fmt.Sprintf("Reading the accounts image %s in %s is shared with failed. %s", imageID, region, apiErrorDetail(err)))
}
