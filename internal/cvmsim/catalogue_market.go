package cvmsim

// marketProduct is one marketplace listing. The price lives in the description because the image
// API has no price field; the vendor is the image's creator.
type marketProduct struct {
	vendor, name, base, platform, released, price string
	size                                          int64
}

var marketProducts = []marketProduct{
	{"Qiling Cloud", "PHP 8.2 runtime (LNMP)", "CentOS 7.9 64bit", "CentOS", "2023-08-14", "free", 20},
	{"Qiling Cloud", "PHP 7.4 runtime (LAMP)", "CentOS 7.9 64bit", "CentOS", "2021-06-02", "free", 20},
	{"Harbourline Software", "Java 17 (OpenJDK, Tomcat 10)", "Ubuntu Server 22.04 LTS 64bit", "Ubuntu", "2023-02-27", "0.08 USD/hour", 30},
	{"Harbourline Software", "Java 8 (Tomcat 8.5)", "CentOS 7.9 64bit", "CentOS", "2020-11-16", "free", 20},
	{"Bluebridge IT", "FTP server (vsftpd)", "CentOS 7.9 64bit", "CentOS", "2021-04-19", "free", 20},
	{"Bluebridge IT", "Nginx 1.24 web server", "Debian 12.4 64bit", "Debian", "2024-02-06", "free", 20},
	{"Containerworks", "Docker CE 24 on Ubuntu", "Ubuntu Server 22.04 LTS 64bit", "Ubuntu", "2023-09-11", "free", 30},
	{"Containerworks", "Docker CE with Portainer", "Rocky Linux 9.4 64bit", "Rocky Linux", "2024-06-24", "0.05 USD/hour", 40},
	{"Pressline Studio", "WordPress 6.4 (LAMP)", "Ubuntu Server 22.04 LTS 64bit", "Ubuntu", "2023-12-04", "free", 30},
	{"Pressline Studio", "WordPress 6.5 multisite, managed updates", "Debian 12.4 64bit", "Debian", "2024-04-15", "0.12 USD/hour", 40},
	{"Comsenz Partners", "Discuz! X3.5 community forum", "CentOS 7.9 64bit", "CentOS", "2022-10-10", "free", 30},
	{"Datalane", "MySQL 8.0 server", "TencentOS Server 3.2 (Final)", "TencentOS", "2023-05-08", "0.06 USD/hour", 50},
	{"Datalane", "Redis 7 cache server", "TencentOS Server 3.2 (Final)", "TencentOS", "2023-07-24", "free", 20},
	{"Nodeforge", "Node.js 20 LTS with PM2", "Ubuntu Server 22.04 LTS 64bit", "Ubuntu", "2024-01-29", "free", 20},
	{"Buildyard", "GitLab CE 16", "Ubuntu Server 22.04 LTS 64bit", "Ubuntu", "2023-11-20", "0.15 USD/hour", 60},
	{"Buildyard", "Jenkins LTS", "Debian 11.7 64bit", "Debian", "2023-06-26", "free", 30},
	{"Serverpark", "Windows IIS 10 with ASP.NET", "Windows Server 2019 DataCenter 64bit", "Windows", "2022-03-14", "0.10 USD/hour", 60},
}

func marketImages(r region) []*catalogueImage {
	var out []*catalogueImage
	for _, p := range marketProducts {
		price := "Free image"
		if p.price != "free" {
			price = "Paid image: " + p.price + " charged by " + p.vendor + " on top of the instance price"
		}
		out = append(out, &catalogueImage{
			ID:           deriveID("img", "market", r.Name, p.vendor, p.name),
			Region:       r.Name,
			Type:         "MARKET_IMAGE",
			Creator:      p.vendor,
			Source:       "CREATE_IMAGE",
			Name:         p.name,
			Description:  p.name + " on " + p.base + ", by " + p.vendor + ". " + price + ".",
			OsName:       p.base,
			Platform:     p.platform,
			Architecture: "x86_64",
			Size:         p.size,
			CloudInit:    p.platform != "Windows",
			Created:      mustDate(p.released),
		})
	}
	return out
}
