package cvmsim

import "slices"

// region is one region the emulator serves. Code is the two-letter part of the seeded IDs.
type region struct {
	Name     string
	Code     string
	Overseas bool
}

// regions are the regions the sandbox seeds; overseas ones bill a licence fee for Windows images.
var regions = []region{
	{"ap-guangzhou", "gz", false},
	{"ap-shanghai", "sh", false},
	{"ap-beijing", "bj", false},
	{"ap-chengdu", "cd", false},
	{"ap-hongkong", "hk", true},
	{"ap-singapore", "sg", true},
	{"ap-seoul", "se", true},
	{"ap-tokyo", "tk", true},
	{"na-siliconvalley", "sv", true},
	{"eu-frankfurt", "fr", true},
}

// knownRegion says whether the emulator serves a region.
func knownRegion(name string) bool {
	return slices.ContainsFunc(regions, func(r region) bool { return r.Name == name })
}

// armRegions offer Arm (Kunpeng/Ampere) instance families, so only they carry arm public images.
var armRegions = map[string]bool{"ap-guangzhou": true, "ap-shanghai": true, "ap-beijing": true, "ap-singapore": true}
