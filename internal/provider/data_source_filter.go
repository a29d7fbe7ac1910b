package provider

// The filter arguments every image data source takes, and the provider-region default of theirs.

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// imageFilterModel holds the filters every image data source takes; each data source adds its own.
type imageFilterModel struct {
	Region            types.String `tfsdk:"region"`
	NameRegex         types.String `tfsdk:"name_regex"`
	OSNameRegex       types.String `tfsdk:"os_name_regex"`
	Platform          types.String `tfsdk:"platform"`
	Architecture      types.String `tfsdk:"architecture"`
	IncludeDeprecated types.Bool   `tfsdk:"include_deprecated"`
}

func imageFilterAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"region": regionAttribute(),
		"name_regex": schema.StringAttribute{
			Optional:            true,
			Validators:          []validator.String{validRegexp()},
			MarkdownDescription: "A regular expression (RE2 syntax) the image name must match. It is checked at plan time.",
		},
		"os_name_regex": schema.StringAttribute{
			Optional:            true,
			Validators:          []validator.String{validRegexp()},
			MarkdownDescription: "A regular expression (RE2 syntax) the operating system name (`os_name`) must match. It is checked at plan time.",
		},
		"platform": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The operating system platform, spelled exactly as the API reports it, such as `CentOS`, `Ubuntu` or `Windows`.",
		},
		"architecture": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The CPU architecture, spelled exactly as the API reports it, such as `x86_64` or `arm`.",
		},
		"include_deprecated": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Whether deprecated images count as matches. Defaults to `false`, so that a look-up never silently lands on an image its publisher has retired.",
		},
	}
}

// familyFilterAttribute is the family filter of the list data sources.
func familyFilterAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "The image family the images must belong to, such as `ubuntu`.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// regionAttribute is the optional region of a data source; Read stores the region it used.
func regionAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{regionValidator()},
		MarkdownDescription: "The region to look in, such as `ap-guangzhou`. Defaults to the provider's region.",
	}
}

// regionOrDefault returns the configured region, or the provider's.
func regionOrDefault(v types.String, pd *providerData) string {
	if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return pd.region
	}
	return v.ValueString()
}

// query builds the part of an image query these filters describe.
func (f imageFilterModel) query(imageType string) imageQuery {
	return imageQuery{
		imageType:         imageType,
		nameRegex:         f.NameRegex.ValueString(),
		osNameRegex:       f.OSNameRegex.ValueString(),
		platform:          f.Platform.ValueString(),
		architecture:      f.Architecture.ValueString(),
		includeDeprecated: f.IncludeDeprecated.ValueBool(),
	}
}
