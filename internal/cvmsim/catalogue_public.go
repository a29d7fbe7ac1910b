package cvmsim

// publicRelease is one official OS release. Arm releases exist only where Arm instances are sold.
type publicRelease struct {
	platform, osName, family, arch, released string
	size                                     int64
	deprecated                               bool
}

// publicReleases is the official catalogue, the same in every region (minus arm where there is none).
var publicReleases = []publicRelease{
	{"TencentOS", "TencentOS Server 2.4 (TK4)", "tencentos-server-2", "x86_64", "2020-06-18", 20, true},
	{"TencentOS", "TencentOS Server 3.1 (TK4)", "tencentos-server-3", "x86_64", "2021-09-15", 20, true},
	{"TencentOS", "TencentOS Server 3.2 (Final)", "tencentos-server-3", "x86_64", "2023-03-20", 20, false},
	{"TencentOS", "TencentOS Server 3.1 (TK4) for ARM64", "tencentos-server-3-arm", "arm", "2021-10-12", 20, true},
	{"TencentOS", "TencentOS Server 3.2 (Final) for ARM64", "tencentos-server-3-arm", "arm", "2023-04-11", 20, false},
	{"TencentOS", "TencentOS Server 4 for x86_64", "tencentos-server-4", "x86_64", "2024-05-28", 20, false},
	{"TencentOS", "TencentOS Server 4 for ARM64", "tencentos-server-4-arm", "arm", "2024-06-12", 20, false},
	{"OpenCloudOS", "OpenCloudOS 8.6 64bit", "opencloudos-8", "x86_64", "2022-06-30", 20, true},
	{"OpenCloudOS", "OpenCloudOS 8.8 64bit", "opencloudos-8", "x86_64", "2023-07-06", 20, false},
	{"OpenCloudOS", "OpenCloudOS 9.0 64bit", "opencloudos-9", "x86_64", "2023-09-26", 20, false},
	{"OpenCloudOS", "OpenCloudOS 9.0 for ARM64", "opencloudos-9-arm", "arm", "2023-10-17", 20, false},
	{"CentOS", "CentOS 7.6 64bit", "centos-7", "x86_64", "2019-03-05", 20, true},
	{"CentOS", "CentOS 7.9 64bit", "centos-7", "x86_64", "2021-01-14", 20, false},
	{"CentOS", "CentOS 8.2 64bit", "centos-8", "x86_64", "2020-08-04", 20, true},
	{"CentOS", "CentOS Stream 9 64bit", "centos-stream-9", "x86_64", "2022-04-19", 20, false},
	{"CentOS", "CentOS 7.9 for ARM64", "centos-7-arm", "arm", "2021-03-02", 20, true},
	{"Rocky Linux", "Rocky Linux 8.8 64bit", "rockylinux-8", "x86_64", "2023-06-01", 20, false},
	{"Rocky Linux", "Rocky Linux 9.2 64bit", "rockylinux-9", "x86_64", "2023-06-15", 20, true},
	{"Rocky Linux", "Rocky Linux 9.4 64bit", "rockylinux-9", "x86_64", "2024-05-21", 20, false},
	{"Rocky Linux", "Rocky Linux 9.4 for ARM64", "rockylinux-9-arm", "arm", "2024-06-04", 20, false},
	{"AlmaLinux", "AlmaLinux 8.9 64bit", "almalinux-8", "x86_64", "2023-12-05", 20, false},
	{"AlmaLinux", "AlmaLinux 9.3 64bit", "almalinux-9", "x86_64", "2023-12-12", 20, false},
	{"Ubuntu", "Ubuntu Server 18.04.1 LTS 64bit", "ubuntu-1804-lts", "x86_64", "2018-08-09", 20, true},
	{"Ubuntu", "Ubuntu Server 20.04 LTS 64bit", "ubuntu-2004-lts", "x86_64", "2020-05-12", 20, false},
	{"Ubuntu", "Ubuntu Server 22.04 LTS 64bit", "ubuntu-2204-lts", "x86_64", "2022-05-10", 20, false},
	{"Ubuntu", "Ubuntu Server 24.04 LTS 64bit", "ubuntu-2404-lts", "x86_64", "2024-05-07", 20, false},
	{"Ubuntu", "Ubuntu Server 22.04 LTS for ARM64", "ubuntu-2204-lts-arm", "arm", "2022-06-21", 20, false},
	{"Ubuntu", "Ubuntu Server 24.04 LTS for ARM64", "ubuntu-2404-lts-arm", "arm", "2024-05-30", 20, false},
	{"Debian", "Debian 10.2 64bit", "debian-10", "x86_64", "2020-01-08", 20, true},
	{"Debian", "Debian 11.7 64bit", "debian-11", "x86_64", "2023-05-16", 20, false},
	{"Debian", "Debian 12.4 64bit", "debian-12", "x86_64", "2024-01-09", 20, false},
	{"Debian", "Debian 12.4 for ARM64", "debian-12-arm", "arm", "2024-01-23", 20, false},
	{"openSUSE", "openSUSE Leap 15.4 64bit", "opensuse-leap-15", "x86_64", "2022-07-12", 20, true},
	{"openSUSE", "openSUSE Leap 15.5 64bit", "opensuse-leap-15", "x86_64", "2023-07-18", 20, false},
	{"Windows", "Windows Server 2012 R2 DataCenter 64bit", "windows-server-2012r2", "x86_64", "2019-05-21", 50, true},
	{"Windows", "Windows Server 2016 DataCenter 64bit", "windows-server-2016", "x86_64", "2020-03-10", 50, false},
	{"Windows", "Windows Server 2019 DataCenter 64bit", "windows-server-2019", "x86_64", "2021-02-23", 50, false},
	{"Windows", "Windows Server 2022 DataCenter 64bit", "windows-server-2022", "x86_64", "2022-09-13", 50, false},
}

// windowsLicenceNote says, in the one field the API has for prose, that an overseas Windows image
// carries a licence fee: the API has no wire field for it, and the emulator invents none.
const windowsLicenceNote = " A Windows Server licence fee applies in this region, billed with the instance."

func publicImages(r region) []*catalogueImage {
	var out []*catalogueImage
	for _, rel := range publicReleases {
		if rel.arch == "arm" && !armRegions[r.Name] {
			continue
		}
		desc := rel.osName + ", official image maintained by Tencent Cloud."
		if rel.platform == "Windows" && r.Overseas {
			desc += windowsLicenceNote
		}
		out = append(out, &catalogueImage{
			ID:           deriveID("img", "public", r.Name, rel.osName),
			Region:       r.Name,
			Type:         "PUBLIC_IMAGE",
			Creator:      "tencentcloud",
			Source:       "OFFICIAL",
			Name:         rel.osName,
			Description:  desc,
			OsName:       rel.osName,
			Platform:     rel.platform,
			Architecture: rel.arch,
			Size:         rel.size,
			CloudInit:    rel.platform != "Windows",
			Family:       rel.family,
			Deprecated:   rel.deprecated,
			Created:      mustDate(rel.released),
		})
	}
	return out
}

// defaultInstanceImage is the public image the seeded instances run.
func defaultInstanceImage(regionName string) string {
	return deriveID("img", "public", regionName, "TencentOS Server 3.2 (Final)")
}
