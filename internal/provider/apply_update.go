package provider

// Changing an image in place, for every resource that owns one: its name, description, family and
// deprecation (ModifyImageAttribute) and the user's tags (the Tag API). The create flow uses the
// same steps to set what no create call takes.

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// imageAttributes are what changes of an image in place.
type imageAttributes struct {
	name, description, family types.String
	deprecated                types.Bool
	tags                      types.Map
}

func (m *imageCommon) attributes() imageAttributes {
	return imageAttributes{m.Name, m.Description, m.Family, m.Deprecated, m.Tags}
}

// updateOwnedImage makes the image, as prior has it, what plan says, within the update timeout,
// and reads the result into plan.
func updateOwnedImage(ctx context.Context, pd *providerData, plan, prior ownedImage, noun string, diags *diag.Diagnostics) {
	ctx, cancel, ok := withTimeout(ctx, plan.base().Timeouts.Update, defaultImageUpdateTimeout, diags)
	if !ok {
		return
	}
	defer cancel()
	region, id := prior.imageRegion(), prior.base().ID.ValueString()
	changeImage(ctx, pd, region, id, plan.base().attributes(), prior.base().attributes(), noun, diags)
	if diags.HasError() {
		return
	}
	plan.base().ID = prior.base().ID
	rereadImage(ctx, pd, plan, noun, diags)
}

// changeImage makes the attributes of image id, which were prior, planned, in one
// ModifyImageAttribute call and one Tag API call, each made only when something it changes
// differs. A planned value not known yet is left as it is. It says whether it changed anything.
func changeImage(ctx context.Context, pd *providerData, region, id string, planned, prior imageAttributes, noun string, diags *diag.Diagnostics) bool {
	req := imageapi.ModifyImageAttributeRequest{ImageId: id}
	changed := false
	for _, f := range []struct {
		planned, prior types.String
		field          **string
	}{
		{planned.name, prior.name, &req.ImageName},
		{planned.description, prior.description, &req.ImageDescription},
		{planned.family, prior.family, &req.ImageFamily},
	} {
		if !f.planned.IsUnknown() && !f.planned.Equal(f.prior) {
			*f.field = f.planned.ValueStringPointer()
			changed = true
		}
	}
	if !planned.deprecated.IsUnknown() && !planned.deprecated.Equal(prior.deprecated) {
		req.ImageDeprecated = planned.deprecated.ValueBoolPointer()
		changed = true
	}
	what := fmt.Sprintf("%s %s in %s", strings.ToLower(noun), id, region)
	if changed {
		if err := pd.client.ModifyImageAttribute(ctx, region, req); err != nil {
			addAPIError(diags, "Cannot Update "+noun, "Changing the name, description, family or deprecation of "+what, err, "")
			return false
		}
	}
	if planned.tags.IsUnknown() {
		return changed
	}
	set, remove := tagChanges(userTagMap(ctx, planned.tags, diags), userTagMap(ctx, prior.tags, diags))
	if len(set) == 0 && len(remove) == 0 {
		return changed
	}
	if err := pd.client.ModifyImageTags(ctx, region, id, set, remove); err != nil {
		addAPIError(diags, "Cannot Update "+noun+" Tags", "Changing the tags of "+what, err, "")
		return changed
	}
	return true
}

// tagChanges are the changes that make user tags had into want: the keys to set or change and
// the keys to remove. The provider's own tags are in neither map, so it never touches them.
func tagChanges(want, had map[string]string) (set map[string]string, remove []string) {
	set = map[string]string{}
	for k, v := range want {
		if old, ok := had[k]; !ok || old != v {
			set[k] = v
		}
	}
	for _, k := range slices.Sorted(maps.Keys(had)) {
		if _, ok := want[k]; !ok {
			remove = append(remove, k)
		}
	}
	return set, remove
}

// rereadImage reads an image just changed into m.
func rereadImage(ctx context.Context, pd *providerData, m ownedImage, noun string, diags *diag.Diagnostics) {
	img, exists := refreshForRead(ctx, pd, m.imageRegion(), m.base().ID.ValueString(), noun, diags)
	switch {
	case img != nil:
		m.flatten(img, diags)
	case !exists:
		diags.AddError(noun+" Vanished", fmt.Sprintf("%s %s in %s was deleted while it was being updated.", noun, m.base().ID.ValueString(), m.imageRegion()))
	}
}
