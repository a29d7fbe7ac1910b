package provider

// What both share resources share: the image address they take, and their model as the shared
// plan (plan_shares.go) and apply (apply_shares.go) steps see it.

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// shareRegionAttribute and shareImageIDAttribute are the image address both share resources take.
func shareRegionAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: "The image's region; sharing works within a region only. Defaults to the provider's region. Changing it replaces the resource.",
		Validators:          []validator.String{regionValidator()},
		PlanModifiers:       []planmodifier.String{replaceOnceDefaulted()},
	}
}

func shareImageIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The custom image to share (`img-` and 8 characters); it must be this account's own. Changing it replaces the resource.",
		Validators:          []validator.String{stringvalidator.RegexMatches(imageIDPattern, "must be an image ID: img- and 8 of [a-z0-9]")},
		PlanModifiers:       []planmodifier.String{replaceOnChange()},
	}
}

// shareSubject is a share resource's model as the shared steps see it: which image, which
// accounts, and whether the resource owns the image's whole share list.
type shareSubject struct {
	region, imageID types.String
	// accounts holds the accounts the resource shares, sorted; "" stands for one not known yet.
	accounts      []string
	accountsKnown bool
	accountsAttr  path.Path
	// authoritative is set for cvmimage_image_share, which owns the image's whole share list.
	authoritative bool
	timeouts      timeouts.Value
}

func (m *imageShareResourceModel) subject() *shareSubject {
	if m == nil {
		return nil
	}
	return &shareSubject{region: m.Region, imageID: m.ImageID, accounts: setStrings(m.AccountIDs), accountsKnown: !m.AccountIDs.IsUnknown(),
		accountsAttr: path.Root("account_ids"), authoritative: true, timeouts: m.Timeouts}
}

func (m *imageShareAccountResourceModel) subject() *shareSubject {
	if m == nil {
		return nil
	}
	return &shareSubject{region: m.Region, imageID: m.ImageID, accounts: []string{m.AccountID.ValueString()}, accountsKnown: !m.AccountID.IsUnknown(),
		accountsAttr: path.Root("account_id"), timeouts: m.Timeouts}
}

// setStrings reads a set of strings, sorted; an element not known yet reads as "".
func setStrings(s types.Set) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	out := make([]string, 0, len(s.Elements()))
	for _, e := range s.Elements() {
		v, ok := e.(types.String)
		if !ok || v.IsUnknown() || v.IsNull() {
			out = append(out, "")
			continue
		}
		out = append(out, v.ValueString())
	}
	slices.Sort(out)
	return out
}

// setDifference is a minus b.
func setDifference(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
