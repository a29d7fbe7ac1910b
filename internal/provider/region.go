package provider

import "slices"

// knownRegions are the region IDs the API knows (DESIGN.md, "API facts"). A typo in a region would otherwise
// surface only as an API error in the middle of an apply.
var knownRegions = []string{
	"ap-bangkok", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-guangzhou", "ap-guangzhou-open",
	"ap-hongkong", "ap-jakarta", "ap-mumbai", "ap-seoul", "ap-shanghai", "ap-nanjing", "ap-shanghai-fsi",
	"ap-shenzhen-fsi", "ap-singapore", "ap-tokyo", "eu-frankfurt", "eu-moscow", "na-ashburn",
	"na-siliconvalley", "na-toronto", "sa-saopaulo",
}

func isKnownRegion(region string) bool {
	return slices.Contains(knownRegions, region)
}
