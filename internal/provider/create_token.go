package provider

// The creation token: how a create that was interrupted after the cloud made the image, but before
// Terraform recorded its ID (the provider killed, the machine lost), is adopted by the next apply
// instead of blocking it on the name or being made twice. It works like AWS's ClientToken: every
// image the provider makes carries a tag derived from what makes that planned image unique, the
// same at plan and apply and from one run to the next, so an image found later with the planned
// name and the same token can only be the one this resource was making.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// createTokenTag holds an image's creation token. CreateImage and ImportImage attach it in their
// TagSpecification, so it exists as soon as the image does; SyncImages cannot tag, so a copy gets
// it with its source tag, right after SyncImages answers.
const createTokenTag = providerTagPrefix + "create-token"

// imageCreation identifies one image the plan makes: where, under which name, from what.
type imageCreation struct {
	region, name string
	// token is "" while an input it is derived from is unknown (known only during the apply).
	token string
	// source says in words what the image is made from, for messages.
	source string
	// untagged, when set, recognises the image this create makes before it carries the token. Only
	// a copy needs it: SyncImages cannot tag, so a provider stopped between SyncImages and the tag
	// write that follows leaves a copy with no tag at all.
	untagged func(*imageapi.Image) bool
}

// newImageCreation derives the creation token of an image of kind (the resource type) named name in
// region from inputs, the arguments that say what it is made from. Only known, stable inputs go in:
// a token that changed between plan and apply, or between runs, would adopt nothing.
func newImageCreation(ctx context.Context, kind string, region, name types.String, source string, inputs ...attr.Value) imageCreation {
	c := imageCreation{region: region.ValueString(), name: name.ValueString(), source: source}
	parts := []string{kind}
	for _, v := range append([]attr.Value{region, name}, inputs...) {
		s, known := tokenInput(ctx, v)
		if !known {
			return c
		}
		parts = append(parts, s)
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	c.token = hex.EncodeToString(sum[:8])
	return c
}

// tokenInput spells an input the same way in every run, or says it is not known yet.
func tokenInput(ctx context.Context, v attr.Value) (string, bool) {
	tv, err := v.ToTerraformValue(ctx)
	if err != nil || !tv.IsFullyKnown() {
		return "", false
	}
	switch v := v.(type) {
	case types.String:
		return v.ValueString(), true
	case types.Bool:
		return fmt.Sprint(v.ValueBool()), true
	case types.List:
		var elems []string
		if v.ElementsAs(ctx, &elems, false).HasError() {
			return "", false
		}
		return strings.Join(elems, ","), true
	}
	return v.String(), true
}

// tag is the creation token as the tag a create attaches, or nil while the token is unknown.
func (c imageCreation) tag() map[string]string {
	if c.token == "" {
		return nil
	}
	return map[string]string{createTokenTag: c.token}
}

// owns says whether img, an image named c.name in c.region, is the one an interrupted run of this
// very create made.
func (c imageCreation) owns(img *imageapi.Image) bool {
	tags := tagMapOf(img.Tags)
	if c.token != "" && tags[createTokenTag] == c.token {
		return true
	}
	return c.untagged != nil && !slices.ContainsFunc(slices.Collect(maps.Keys(tags)), isProviderTag) && c.untagged(img)
}

// adoptInterrupted looks, just before a create, for the image an interrupted apply made for this
// resource: the account's own image named c.name in c.region carrying c's token. It returns that
// image's ID ("" when the create should go ahead) and false when the create must stop: an image
// that holds the name without the token is another's, and CreateImage would only fail on it.
func adoptInterrupted(ctx context.Context, pd *providerData, c imageCreation, diags *diag.Diagnostics) (string, bool) {
	// The plan read the region's listing in this process, after any interrupted apply ended: when
	// it shows no image of this name, the look-up is not worth its call.
	if !pd.ledger.mayHoldName(c.region, c.name) {
		return "", true
	}
	img, err := pd.client.FindImageByName(ctx, c.region, c.name)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		return "", true
	case err != nil:
		diags.AddError("Cannot Create Image", fmt.Sprintf("Before making image %q in %s, looking for one an interrupted apply may have left failed. %s",
			c.name, c.region, apiErrorDetail(err)))
		return "", false
	}
	// An identical resource (same name, same inputs) that made this image earlier in this process
	// carries the same token; claim keeps it from being adopted twice.
	if c.owns(img) && pd.ledger.claim(c.region, img.ImageId) {
		tflog.Info(ctx, "adopting the image an interrupted apply made", map[string]any{"region": c.region, "image_id": img.ImageId, "name": c.name})
		return img.ImageId, true
	}
	diags.AddAttributeError(path.Root("name"), "Image Name Already Used", nameTakenDetail(c.region, c.name, img.ImageId))
	return "", false
}
