package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// knownRegions are the region IDs the API knows (spec R1.1). A typo in a region would otherwise
// surface only as an API error in the middle of an apply.
var knownRegions = []string{
	"ap-bangkok", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-guangzhou", "ap-guangzhou-open",
	"ap-hongkong", "ap-jakarta", "ap-mumbai", "ap-seoul", "ap-shanghai", "ap-nanjing", "ap-shanghai-fsi",
	"ap-shenzhen-fsi", "ap-singapore", "ap-tokyo", "eu-frankfurt", "eu-moscow", "na-ashburn",
	"na-siliconvalley", "na-toronto", "sa-saopaulo",
}

func isKnownRegion(region string) bool {
	for _, r := range knownRegions {
		if r == region {
			return true
		}
	}
	return false
}

// regionValidator rejects region names the API does not know, at validate time.
func regionValidator() validator.String {
	return stringvalidator.OneOf(knownRegions...)
}

// defaultRegion fills a resource's unset region with the provider's, so that the plan shows the
// region the image will live in and a change of the provider's region is planned as a replacement.
// It reads the provider data through the resource, because schemas are built before Configure.
type defaultRegion struct {
	pd **providerData
}

var _ planmodifier.String = defaultRegion{}

func (m defaultRegion) Description(context.Context) string {
	return "Defaults to the provider's region."
}

func (m defaultRegion) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m defaultRegion) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || *m.pd == nil || (*m.pd).region == "" {
		return
	}
	resp.PlanValue = types.StringValue((*m.pd).region)
}
