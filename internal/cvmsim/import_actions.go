package cvmsim

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// importOS is what DescribeImportImageOs offers (the documented example, which is also what
// ImportImage checks unless Force is set).
var importOS = []struct {
	name     string
	windows  bool
	versions []string
	arch     []string
}{
	{"CentOS", false, []string{"5", "6", "7", "8"}, []string{"x86_64", "i386"}},
	{"Ubuntu", false, []string{"14", "16", "18", "20", "22"}, []string{"x86_64", "i386", "arm_64"}},
	{"Debian", false, []string{"7", "8", "9", "10", "11", "12"}, []string{"x86_64", "i386"}},
	{"OpenSUSE", false, []string{"42", "15"}, []string{"x86_64"}},
	{"SUSE", false, []string{"11", "12", "15"}, []string{"x86_64"}},
	{"CoreOS", false, []string{"7"}, []string{"x86_64"}},
	{"FreeBSD", false, []string{"10", "11", "12"}, []string{"x86_64"}},
	{"Other Linux", false, []string{"-"}, []string{"x86_64", "i386", "arm_64"}},
	{"Windows Server 2008", true, []string{"9"}, []string{"x86_64", "i386"}},
	{"Windows Server 2012", true, []string{"9"}, []string{"x86_64"}},
	{"Windows Server 2016", true, []string{"9"}, []string{"x86_64"}},
}

// cosHost is the host of a COS object URL: <bucket>-<appid>.cos.<region>.myqcloud.com.
var cosHost = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*\.cos\.[a-z0-9-]+\.myqcloud\.com$`)

func checkCOSURL(raw string) *apiError {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !cosHost.MatchString(u.Host) || strings.Trim(u.Path, "/") == "" {
		return errorf("InvalidParameter.InvalidParameterUrlError", "The image URL %q is not a COS object URL (https://<bucket>.cos.<region>.myqcloud.com/<key>).", raw)
	}
	return nil
}

func importImage(s *Sim, c *call, w *world) (any, *apiError) {
	var in struct {
		Architecture, OsType, OsVersion, ImageUrl, ImageName, ImageDescription string
		DryRun, Force                                                          bool
		TagSpecification                                                       []wireTagSpecification
		LicenseType, BootMode, ImageFamily                                     string
		ImportImageDataDiskList                                                []struct{ ImageUrl string }
	}
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if e := checkCOSURL(in.ImageUrl); e != nil {
		return nil, e
	}
	for _, d := range in.ImportImageDataDiskList {
		if e := checkCOSURL(d.ImageUrl); e != nil {
			return nil, e
		}
	}
	if strings.HasSuffix(strings.ToLower(in.ImageUrl), ".iso") && !in.Force {
		return nil, errorf("InvalidParameterValue.ISOMustImportByForce", "An ISO file can only be imported with Force=true.")
	}
	if !slices.Contains([]string{"x86_64", "i386", "arm_64"}, in.Architecture) {
		return nil, errorf("InvalidParameterValue", "Architecture must be x86_64, i386 or arm_64, not %q.", in.Architecture)
	}
	if !in.Force {
		i := slices.IndexFunc(importOS, func(o struct {
			name     string
			windows  bool
			versions []string
			arch     []string
		}) bool {
			return o.name == in.OsType
		})
		switch {
		case i < 0:
			return nil, errorf("InvalidImageOsType.Unsupported", "The OS type %q cannot be imported; see DescribeImportImageOs.", in.OsType)
		case !slices.Contains(importOS[i].versions, in.OsVersion):
			return nil, errorf("InvalidImageOsVersion.Unsupported", "The version %q of %s cannot be imported; see DescribeImportImageOs.", in.OsVersion, in.OsType)
		case !slices.Contains(importOS[i].arch, in.Architecture):
			return nil, errorf("InvalidImageOsVersion.Unsupported", "%s %s cannot be imported for %s; see DescribeImportImageOs.", in.OsType, in.OsVersion, in.Architecture)
		}
	}
	license := in.LicenseType
	if license == "" {
		license = "TencentCloud"
	}
	if license != "TencentCloud" && license != "BYOL" {
		return nil, errorf("InvalidParameterValue.InvalidLicenseType", "LicenseType must be TencentCloud or BYOL, not %q.", in.LicenseType)
	}
	if in.BootMode != "" && in.BootMode != "Legacy BIOS" && in.BootMode != "UEFI" {
		return nil, errorf("InvalidParameterValue.InvalidBootMode", "BootMode must be \"Legacy BIOS\" or \"UEFI\", not %q.", in.BootMode)
	}
	tags, e := tagsFromSpecifications(in.TagSpecification)
	if e != nil {
		return nil, e
	}
	if e := s.checkNewImage(w, c.account.ID, c.region, in.ImageName, in.ImageDescription); e != nil {
		return nil, e
	}
	if in.DryRun {
		return nil, nil
	}
	im := s.newImage(w, c.account.ID, c.region, kindImport, c.now, s.opts.Timings.Import)
	im.Name, im.Description, im.Family, im.Source, im.Tags, im.LicenseType = in.ImageName, in.ImageDescription, in.ImageFamily, "EXTERNAL_IMPORT", tags, license
	im.Platform, im.OsName, im.Architecture, im.Size, im.CloudInit = in.OsType, strings.TrimSpace(in.OsType+" "+in.OsVersion), in.Architecture, 50, !strings.HasPrefix(in.OsType, "Windows")
	if in.Architecture == "arm_64" {
		im.Architecture = "arm" // DescribeImages spells the input's arm_64 "arm"
	}
	usages := []string{"SYSTEM_DISK"}
	for range in.ImportImageDataDiskList {
		usages = append(usages, "DATA_DISK")
	}
	for _, u := range usages {
		sn := &snapshot{ID: w.newID("snap"), Region: c.region, Owner: c.account.ID, DiskUsage: u, Size: 50, ImageID: im.ID}
		w.Snapshots = append(w.Snapshots, sn)
		im.Snapshots = append(im.Snapshots, sn.ID)
	}
	w.Images = append(w.Images, im)
	return struct{ ImageId string }{im.ID}, nil
}

func describeImportImageOs(s *Sim, c *call, w *world) (any, *apiError) {
	type osVersion struct {
		OsName       string
		OsVersions   []string
		Architecture []string
	}
	list := struct{ Windows, Linux []string }{[]string{}, []string{}}
	set := []osVersion{}
	for _, o := range importOS {
		if o.windows {
			list.Windows = append(list.Windows, o.name)
		} else {
			list.Linux = append(list.Linux, o.name)
		}
		set = append(set, osVersion{o.name, o.versions, o.arch})
	}
	return struct {
		ImportImageOsListSupported any
		ImportImageOsVersionSet    []osVersion
	}{list, set}, nil
}
