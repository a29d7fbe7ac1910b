package provider

// The bad-input corpus: invalid configurations that must fail at validate or plan, with the
// attribute to blame named, before the provider sends a single API write.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// badInput is one invalid configuration. attr is the attribute the diagnostic must point at: the
// CLI prints the configuration line that sets it (`NN:   attr = ...`), so the test asserts that
// the error text shows that line. inText marks entries whose attribute is named in the message
// only, because it is not set in the configuration (an "exactly one of" with neither set).
type badInput struct {
	name string
	// provider, when set, replaces the provider block's region/limit lines (provider-level entries).
	provider string
	hcl      string
	err      string
	attr     string
	inText   bool
}

// hclLong is a string of n letters, for length limits.
func hclLong(n int) string { return strings.Repeat("a", n) }

// badInputCorpus is the corpus, by the resource or data source it exercises.
// existing is an image of the owner's that the plan-time checks find in the emulator.
func badInputCorpus(e *accEnv, existing string) []badInput {
	img := func(body string) string {
		return "resource \"cvmimage_custom_image\" \"bad\" {\n" + body + "\n}\n"
	}
	snap := `  snapshot_ids = ["snap-gz100001"]`
	imp := func(body string) string {
		return "resource \"cvmimage_imported_image\" \"bad\" {\n" + body + "\n}\n"
	}
	impBase := map[string]string{
		"name":         `"imported"`,
		"image_url":    `"https://bucket-1250000000.cos.ap-guangzhou.myqcloud.com/disk.qcow2"`,
		"os_type":      `"CentOS"`,
		"os_version":   `"7"`,
		"architecture": `"x86_64"`,
	}
	impWith := func(over map[string]string) string {
		lines := []string{}
		for _, k := range []string{"name", "image_url", "os_type", "os_version", "architecture"} {
			v := impBase[k]
			if o, ok := over[k]; ok {
				v = o
			}
			lines = append(lines, fmt.Sprintf("  %s = %s", k, v))
		}
		for k, v := range over {
			if _, base := impBase[k]; !base {
				lines = append(lines, fmt.Sprintf("  %s = %s", k, v))
			}
		}
		return imp(strings.Join(lines, "\n"))
	}
	// src is a valid image for copies and shares to refer to.
	src := img(`  name = "src"` + "\n" + snap)
	cp := func(body string) string {
		return strings.Replace(src, `"bad"`, `"src"`, 1) + "resource \"cvmimage_image_copy\" \"bad\" {\n" + body + "\n}\n"
	}
	share := func(body string) string {
		return strings.Replace(src, `"bad"`, `"src"`, 1) + "resource \"cvmimage_image_share\" \"bad\" {\n" + body + "\n}\n"
	}
	shareAcct := func(body string) string {
		return strings.Replace(src, `"bad"`, `"src"`, 1) + "resource \"cvmimage_image_share_account\" \"bad\" {\n" + body + "\n}\n"
	}
	ds := func(kind, body string) string {
		return "data \"" + kind + "\" \"bad\" {\n" + body + "\n}\n"
	}
	unknown := "resource \"terraform_data\" \"later\" {\n  input = \"known only at apply\"\n}\n"
	public := e.publicImageID(cvmsim.DefaultRegion)
	const (
		length  = `(?i)(string length|length must be|character count must be)`
		match   = `(?i)(must be|value must match|Invalid Attribute Value)`
		oneOf   = `(?i)value must be one of`
		combo   = `(?i)(Invalid Attribute Combination|must be specified|cannot be specified)`
		unique  = `(?i)(unique|Duplicate)`
		regionE = `(?i)value must be one of.*ap-guangzhou`
	)
	return []badInput{
		// Provider configuration.
		{name: "provider region typo", provider: `region = "ap-guangzho"`, hcl: ds("cvmimage_image_quota", ""), err: regionE, attr: "region"},
		{name: "provider share limit zero", provider: `share_account_limit = 0`, hcl: ds("cvmimage_image_quota", ""), err: `(?i)at least 1`, attr: "share_account_limit"},
		{name: "provider limit_checks word", provider: `limit_checks = "maybe"`, hcl: ds("cvmimage_image_quota", ""), err: oneOf, attr: "limit_checks"},

		// cvmimage_custom_image: names and lengths.
		// Two resources, one name, two sources: the creation tokens differ, so the plan tells them
		// apart. Identical twins (same source too) cannot be (see the plan-time limits guide).
		{name: "image name taken twice in one plan", hcl: img(`  name = "twin"`+"\n"+snap) + strings.Replace(img(`  name = "twin"`+"\n"+`  instance_id = "ins-gz100001"`), `"bad"`, `"twin"`, 1),
			err: `More than one resource`, attr: "name"},
		{name: "image tag key in the provider's namespace", hcl: img(`  name = "x"` + "\n" + `  tags = { "cvmimage:create-token" = "mine" }` + "\n" + snap),
			err: `Reserved Tag Key`, attr: "tags"},
		{name: "image name empty", hcl: img(`  name = ""` + "\n" + snap), err: length, attr: "name"},
		{name: "image name taken twice with one source", hcl: img(`  name = "twin"`+"\n"+snap) + strings.Replace(img(`  name = "twin"`+"\n"+snap), `"bad"`, `"twin"`, 1),
			err: `More than one resource`, attr: "name"},
		{name: "image name and name_prefix", hcl: img(`  name = "x"` + "\n" + `  name_prefix = "x-"` + "\n" + snap), err: combo, attr: "name"},
		{name: "image neither name nor name_prefix", hcl: img(snap), err: `(?i)at least one of these attributes must be configured`, attr: "name_prefix", inText: true},
		{name: "image name_prefix 43 characters", hcl: img(fmt.Sprintf("  name_prefix = %q\n", hclLong(43)) + snap), err: length, attr: "name_prefix"},
		{name: "image 41 tags", hcl: img(`  name = "x"` + "\n" + "  tags = {" + manyTags(41) + "}\n" + snap), err: `(?i)at most 40`, attr: "tags"},
		{name: "image tag key empty", hcl: img(`  name = "x"` + "\n" + `  tags = { "" = "v" }` + "\n" + snap), err: length, attr: "tags"},
		{name: "image tag key 128 characters", hcl: img(`  name = "x"` + "\n" + fmt.Sprintf("  tags = { %q = \"v\" }\n", hclLong(128)) + snap), err: length, attr: "tags"},
		{name: "image tag value 256 characters", hcl: img(`  name = "x"` + "\n" + fmt.Sprintf("  tags = { k = %q }\n", hclLong(256)) + snap), err: length, attr: "tags"},
		{name: "image tag key in the cloud's namespace", hcl: img(`  name = "x"` + "\n" + `  tags = { "qcloud:owner" = "me" }` + "\n" + snap), err: `Reserved Tag Key`, attr: "tags"},
		{name: "image instance of another region", hcl: img(`  name = "x"` + "\n" + `  region = "ap-shanghai"` + "\n" + `  instance_id = "ins-gz100001"`), err: `Instance Not Found`, attr: "instance_id", inText: true},
		{name: "image instance missing", hcl: img(`  name = "x"` + "\n" + `  instance_id = "ins-zzzzzzzz"`), err: `Instance Not Found`, attr: "instance_id", inText: true},
		{name: "image instance of another account", hcl: img(`  name = "x"` + "\n" + `  instance_id = "ins-gz200001"`), err: `Instance Not Found`, attr: "instance_id", inText: true},
		{name: "image system disk as data disk", hcl: img(`  name = "x"` + "\n" + `  instance_id = "ins-gz100001"` + "\n" + `  data_disk_ids = ["disk-gz100001"]`), err: `Not A Data Disk Of The Instance`, attr: "data_disk_ids", inText: true},
		{name: "image data disk of another instance", hcl: img(`  name = "x"` + "\n" + `  instance_id = "ins-gz100001"` + "\n" + `  data_disk_ids = ["disk-gz200002"]`), err: `Not A Data Disk Of The Instance`, attr: "data_disk_ids", inText: true},
		{name: "image data-disk snapshot alone", hcl: img(`  name = "x"` + "\n" + `  snapshot_ids = ["snap-gz100002"]`), err: `Exactly One System-Disk Snapshot`, attr: "snapshot_ids", inText: true},
		{name: "image snapshot missing", hcl: img(`  name = "x"` + "\n" + `  snapshot_ids = ["snap-zzzzzzzz"]`), err: `Snapshot Not Found`, attr: "snapshot_ids", inText: true},
		{name: "image snapshot of another region", hcl: img(`  name = "x"` + "\n" + `  region = "ap-shanghai"` + "\n" + snap), err: `Snapshot Not Found`, attr: "snapshot_ids", inText: true},
		{name: "image snapshot of another account", hcl: img(`  name = "x"` + "\n" + `  snapshot_ids = ["snap-gz200001"]`), err: `Snapshot Not Found`, attr: "snapshot_ids", inText: true},
		{name: "image region the endpoint does not serve", hcl: img(`  name = "x"` + "\n" + `  region = "ap-bangkok"` + "\n" + `  instance_id = "ins-gz100001"`), err: `Region Not Served`, attr: "region", inText: true},
		{name: "family look-up with an empty family", hcl: ds("cvmimage_image", `  family = ""`), err: `(?i)length must be at least 1`, attr: "family"},
		{name: "image list in a region the endpoint does not serve", hcl: ds("cvmimage_custom_images", `  region = "ap-bangkok"`), err: `Region Not Served`, attr: "region", inText: true},
		{name: "image create timeout negative", hcl: img(`  name = "x"` + "\n" + `  timeouts = { create = "-5m" }` + "\n" + snap), err: `Timeout Too Short`, attr: "timeouts", inText: true},
		{name: "image create timeout zero", hcl: img(`  name = "x"` + "\n" + `  timeouts = { create = "0s" }` + "\n" + snap), err: `Timeout Too Short`, attr: "timeouts", inText: true},
		{name: "image delete timeout 1ms", hcl: img(`  name = "x"` + "\n" + `  timeouts = { delete = "1ms" }` + "\n" + snap), err: `Timeout Too Short`, attr: "timeouts", inText: true},

		{name: "image name 61 characters", hcl: img(fmt.Sprintf("  name = %q\n", hclLong(61)) + snap), err: length, attr: "name"},
		{name: "image description 257 characters", hcl: img(`  name = "x"` + "\n" + fmt.Sprintf("  description = %q\n", hclLong(257)) + snap), err: length, attr: "description"},
		{name: "image name held by an existing image", hcl: img(`  name = "existing"` + "\n" + snap), err: `Image Name Already Used`, attr: "name"},
		{name: "import without image_url", hcl: imp(`  name = "x"
  os_type = "CentOS"
  os_version = "7"
  architecture = "x86_64"`), err: `Missing Image Source`, attr: "image_url", inText: true},
		{name: "import name held by an existing image", hcl: impWith(map[string]string{"name": `"existing"`}), err: `Image Name Already Used`, attr: "name"},
		{name: "image quota exceeded by count", hcl: "resource \"cvmimage_custom_image\" \"many\" {\n  count = 11\n  name = \"many-${count.index}\"\n" + snap + "\n}\n",
			err: `Custom Image Quota Exceeded`, attr: "name"},
		// Regions.
		{name: "image region typo", hcl: img(`  name = "x"` + "\n  region = \"ap-guangzho\"\n" + snap), err: regionE, attr: "region"},
		{name: "image region upper case", hcl: img(`  name = "x"` + "\n  region = \"AP-GUANGZHOU\"\n" + snap), err: regionE, attr: "region"},
		{name: "image region empty", hcl: img(`  name = "x"` + "\n  region = \"\"\n" + snap), err: regionE, attr: "region"},
		// IDs.
		{name: "instance ID short form", hcl: img(`  name = "x"` + "\n  instance_id = \"i-123\""), err: match, attr: "instance_id"},
		{name: "instance ID upper case", hcl: img(`  name = "x"` + "\n  instance_id = \"ins-GZ100001\""), err: match, attr: "instance_id"},
		{name: "instance ID nine characters", hcl: img(`  name = "x"` + "\n  instance_id = \"ins-gz1000011\""), err: match, attr: "instance_id"},
		{name: "instance ID with spaces", hcl: img(`  name = "x"` + "\n  instance_id = \" ins-gz100001\""), err: match, attr: "instance_id"},
		{name: "data disk ID malformed", hcl: img(`  name = "x"` + "\n  instance_id = \"ins-gz100001\"\n  data_disk_ids = [\"disk-xyz\"]"), err: match, attr: "data_disk_ids"},
		{name: "data disk ID is a snapshot", hcl: img(`  name = "x"` + "\n  instance_id = \"ins-gz100001\"\n  data_disk_ids = [\"snap-gz100002\"]"), err: match, attr: "data_disk_ids"},
		{name: "snapshot ID malformed", hcl: img(`  name = "x"` + "\n  snapshot_ids = [\"snapshot-1\"]"), err: match, attr: "snapshot_ids"},
		{name: "snapshot ID is a disk", hcl: img(`  name = "x"` + "\n  snapshot_ids = [\"disk-gz100001\"]"), err: match, attr: "snapshot_ids"},
		{name: "snapshot list empty", hcl: img(`  name = "x"` + "\n  snapshot_ids = []"), err: `(?i)at least 1`, attr: "snapshot_ids"},
		{name: "snapshot listed twice", hcl: img(`  name = "x"` + "\n  snapshot_ids = [\"snap-gz100001\", \"snap-gz100001\"]"), err: unique, attr: "snapshot_ids"},
		{name: "data disk listed twice", hcl: img(`  name = "x"` + "\n  instance_id = \"ins-gz100001\"\n  data_disk_ids = [\"disk-gz100002\", \"disk-gz100002\"]"), err: unique, attr: "data_disk_ids"},
		// Conflicting arguments.
		{name: "instance and snapshots both", hcl: img(`  name = "x"` + "\n  instance_id = \"ins-gz100001\"\n" + snap), err: combo, attr: "instance_id"},
		{name: "neither instance nor snapshots", hcl: img(`  name = "x"`), err: `Missing Image Source`, attr: "instance_id", inText: true},
		{name: "data disks without instance", hcl: img(`  name = "x"` + "\n  data_disk_ids = [\"disk-gz100002\"]\n" + snap), err: combo, attr: "data_disk_ids"},
		{name: "force_poweroff without instance", hcl: img(`  name = "x"` + "\n  force_poweroff = true\n" + snap), err: combo, attr: "force_poweroff"},
		{name: "sysprep without instance", hcl: img(`  name = "x"` + "\n  sysprep = true\n" + snap), err: combo, attr: "sysprep"},

		// cvmimage_imported_image.
		{name: "import URL not object storage", hcl: impWith(map[string]string{"image_url": `"https://example.com/disk.qcow2"`}), err: match, attr: "image_url"},
		{name: "import URL ftp", hcl: impWith(map[string]string{"image_url": `"ftp://bucket-1250000000.cos.ap-guangzhou.myqcloud.com/d.raw"`}), err: match, attr: "image_url"},
		{name: "import data disk URL invalid", hcl: impWith(map[string]string{"data_disk_urls": `["s3://bucket/disk.raw"]`}), err: match, attr: "data_disk_urls"},
		{name: "import architecture amd64", hcl: impWith(map[string]string{"architecture": `"amd64"`}), err: oneOf, attr: "architecture"},
		{name: "import license GPL", hcl: impWith(map[string]string{"license_type": `"GPL"`}), err: oneOf, attr: "license_type"},
		{name: "import boot mode BIOS", hcl: impWith(map[string]string{"boot_mode": `"BIOS"`}), err: oneOf, attr: "boot_mode"},
		{name: "import OS unknown", hcl: impWith(map[string]string{"os_type": `"Plan9"`}), err: `(?i)(not|unsupported|does not)`, attr: "os_type"},
		{name: "import OS version unknown", hcl: impWith(map[string]string{"os_version": `"99.9"`}), err: `(?i)(not|unsupported|does not)`, attr: "os_version"},
		{name: "import name 61 characters", hcl: impWith(map[string]string{"name": fmt.Sprintf("%q", hclLong(61))}), err: length, attr: "name"},
		{name: "import region typo", hcl: impWith(map[string]string{"region": `"ap-shang-hai"`}), err: regionE, attr: "region"},

		// cvmimage_image_copy.
		{name: "copy source ID malformed", hcl: cp("  source_image_id = \"image-1\"\n  destination_region = \"ap-shanghai\""), err: match, attr: "source_image_id"},
		{name: "copy source ID upper case", hcl: cp("  source_image_id = \"img-ABCDEFGH\"\n  destination_region = \"ap-shanghai\""), err: match, attr: "source_image_id"},
		{name: "copy destination typo", hcl: cp("  source_image_id = cvmimage_custom_image.src.id\n  destination_region = \"ap-shanghia\""), err: regionE, attr: "destination_region"}, //nolint:misspell // the typo is the test
		{name: "copy source region typo", hcl: cp("  source_image_id = cvmimage_custom_image.src.id\n  source_region = \"guangzhou\"\n  destination_region = \"ap-shanghai\""), err: regionE, attr: "source_region"},
		{name: "copy into its own region", hcl: cp(fmt.Sprintf("  source_image_id = %q\n  destination_region = \"ap-guangzhou\"", existing)), err: `Copy Into The Source Region`, attr: "destination_region"},
		{name: "copy kms key without encrypt", hcl: cp("  source_image_id = cvmimage_custom_image.src.id\n  destination_region = \"ap-shanghai\"\n  kms_key_id = \"key-1\""), err: `KMS Key Without Encryption`, attr: "kms_key_id"},
		{name: "copy kms key empty", hcl: cp("  source_image_id = cvmimage_custom_image.src.id\n  destination_region = \"ap-guangzhou\"\n  encrypt = true\n  kms_key_id = \"\""), err: length, attr: "kms_key_id"},
		{name: "copy encrypted across regions", hcl: cp("  source_image_id = cvmimage_custom_image.src.id\n  destination_region = \"ap-shanghai\"\n  encrypt = true"), err: `Encrypted Copy Out Of Its Region`, attr: "destination_region"},
		{name: "copy name empty", hcl: cp("  source_image_id = cvmimage_custom_image.src.id\n  destination_region = \"ap-shanghai\"\n  name = \"\""), err: length, attr: "name"},
		{name: "copy name 61 characters", hcl: cp(fmt.Sprintf("  source_image_id = cvmimage_custom_image.src.id\n  destination_region = \"ap-shanghai\"\n  name = %q", hclLong(61))), err: length, attr: "name"},
		{name: "copy description 257 characters", hcl: cp(fmt.Sprintf("  source_image_id = cvmimage_custom_image.src.id\n  destination_region = \"ap-shanghai\"\n  description = %q", hclLong(257))), err: length, attr: "description"},
		{name: "copy of a public image", hcl: cp(fmt.Sprintf("  source_image_id = %q\n  destination_region = \"ap-shanghai\"", public)), err: `Image Cannot Be Copied`, attr: "source_image_id"},
		{name: "copy of a missing image", hcl: cp("  source_image_id = \"img-zzzzzzzz\"\n  destination_region = \"ap-shanghai\""), err: `(?i)(not found|no image|does not exist|Not Usable|Cannot Be Copied)`, attr: "source_image_id"},

		// cvmimage_image_share and cvmimage_image_share_account.
		{name: "share image ID malformed", hcl: share("  image_id = \"img-1\"\n  account_ids = [\"100000000002\"]"), err: match, attr: "image_id"},
		{name: "share account not numeric", hcl: share("  image_id = cvmimage_custom_image.src.id\n  account_ids = [\"peer\"]"), err: match, attr: "account_ids"},
		{name: "share account too short", hcl: share("  image_id = cvmimage_custom_image.src.id\n  account_ids = [\"1234\"]"), err: match, attr: "account_ids"},
		{name: "share account 21 digits", hcl: share("  image_id = cvmimage_custom_image.src.id\n  account_ids = [\"123456789012345678901\"]"), err: match, attr: "account_ids"},
		{name: "share region typo", hcl: share("  image_id = cvmimage_custom_image.src.id\n  region = \"ap-guangzhou-3\"\n  account_ids = [\"100000000002\"]"), err: regionE, attr: "region"},
		{name: "share over the account limit", provider: "share_account_limit = 2",
			hcl: share("  image_id = cvmimage_custom_image.src.id\n  account_ids = [\"100000000002\", \"100000000003\", \"100000000004\"]"), err: `Share Account Limit Exceeded`, attr: "account_ids"},
		{name: "share of a public image", hcl: share(fmt.Sprintf("  image_id = %q\n  account_ids = [\"100000000002\"]", public)), err: `Image Cannot Be Shared`, attr: "image_id"},
		{name: "share with oneself", hcl: share(fmt.Sprintf("  image_id = %q\n  account_ids = [\"100000000001\"]", existing)), err: `(?i)(yourself|your own|oneself|itself|own account)`, attr: "account_ids"},
		{name: "share account resource account malformed", hcl: shareAcct("  image_id = cvmimage_custom_image.src.id\n  account_id = \"x\""), err: match, attr: "account_id"},
		{name: "share account resource image malformed", hcl: shareAcct("  image_id = \"ami-12345678\"\n  account_id = \"100000000002\""), err: match, attr: "image_id"},
		{name: "share account resource region typo", hcl: shareAcct("  image_id = cvmimage_custom_image.src.id\n  region = \"eu-frankfort\"\n  account_id = \"100000000002\""), err: regionE, attr: "region"},

		// Data sources: regexes, filters, regions.
		{name: "lookup image type unknown", hcl: ds("cvmimage_image", `  image_type = "private"`), err: oneOf, attr: "image_type"},
		{name: "lookup name regex unbalanced", hcl: ds("cvmimage_image", "  image_type = \"public\"\n  name_regex = \"(ubuntu\""), err: `Invalid Regular Expression`, attr: "name_regex"},
		{name: "lookup os regex bad class", hcl: ds("cvmimage_image", "  image_type = \"public\"\n  os_name_regex = \"[z-a]\""), err: `Invalid Regular Expression`, attr: "os_name_regex"},
		{name: "lookup lookahead unsupported", hcl: ds("cvmimage_image", "  image_type = \"public\"\n  name_regex = \"^(?!win)\""), err: `Invalid Regular Expression`, attr: "name_regex"},
		{name: "lookup vendor on public images", hcl: ds("cvmimage_image", "  image_type = \"public\"\n  vendor = \"someone\""), err: `Filter Does Not Apply`, attr: "vendor"},
		{name: "lookup owners on custom images", hcl: ds("cvmimage_image", "  image_type = \"custom\"\n  owner_account_ids = [\"100000000002\"]"), err: `Filter Does Not Apply`, attr: "owner_account_ids"},
		{name: "lookup most_recent unpinned marketplace", hcl: ds("cvmimage_image", "  image_type = \"marketplace\"\n  most_recent = true"), err: `Unsafe Image Filter`, attr: "most_recent"},
		{name: "lookup most_recent unpinned shared", hcl: ds("cvmimage_image", "  image_type = \"shared\"\n  most_recent = true"), err: `Unsafe Image Filter`, attr: "most_recent"},
		{name: "lookup owner not numeric", hcl: ds("cvmimage_image", "  image_type = \"shared\"\n  owner_account_ids = [\"me\"]"), err: match, attr: "owner_account_ids"},
		{name: "lookup owners empty", hcl: ds("cvmimage_image", "  image_type = \"shared\"\n  owner_account_ids = []"), err: `(?i)at least 1`, attr: "owner_account_ids"},
		{name: "lookup region typo", hcl: ds("cvmimage_image", "  image_type = \"public\"\n  region = \"ap-tokio\""), err: regionE, attr: "region"},
		{name: "public images regex", hcl: ds("cvmimage_public_images", `  name_regex = "*"`), err: `Invalid Regular Expression`, attr: "name_regex"},
		{name: "public images region", hcl: ds("cvmimage_public_images", `  region = "cn-north-1"`), err: regionE, attr: "region"},
		{name: "shared images owner malformed", hcl: ds("cvmimage_shared_images", `  owner_account_ids = ["1e9"]`), err: match, attr: "owner_account_ids"},
		{name: "marketplace images regex", hcl: ds("cvmimage_marketplace_images", `  os_name_regex = "a{2,1}"`), err: `Invalid Regular Expression`, attr: "os_name_regex"},
		{name: "quota region typo", hcl: ds("cvmimage_image_quota", `  region = "ap-singapore-1"`), err: regionE, attr: "region"},
		{name: "import OS region typo", hcl: ds("cvmimage_import_os", `  region = "ap_guangzhou"`), err: regionE, attr: "region"},

		// Unknown values: a value known only at apply must not hide what is already wrong.
		{name: "unknown name, bad region", hcl: unknown + img("  name = terraform_data.later.output\n  region = \"mars-north-1\"\n"+snap), err: regionE, attr: "region"},
		{name: "unknown name, snapshot malformed", hcl: unknown + img("  name = terraform_data.later.output\n  snapshot_ids = [\"snap-1\"]"), err: match, attr: "snapshot_ids"},
		{name: "unknown description, name too long", hcl: unknown + img(fmt.Sprintf("  name = %q\n  description = terraform_data.later.output\n", hclLong(61))+snap), err: length, attr: "name"},
		{name: "unknown source, own-region encrypt with kms but no encrypt", hcl: unknown + cp("  source_image_id = terraform_data.later.output\n  destination_region = \"ap-shanghai\"\n  kms_key_id = \"key-1\""),
			err: `KMS Key Without Encryption`, attr: "kms_key_id"},
		{name: "unknown image, account malformed", hcl: unknown + share("  image_id = terraform_data.later.output\n  account_ids = [\"abc\"]"), err: match, attr: "account_ids"},
		{name: "unknown name, quota exceeded", hcl: unknown + "resource \"cvmimage_custom_image\" \"many\" {\n  count = 11\n  name = \"${terraform_data.later.output}-${count.index}\"\n" + snap + "\n}\n",
			err: `Custom Image Quota Exceeded`, attr: "name"},
	}
}

// badInputProvider is the owner's provider block with entry-specific lines in place of the defaults.
func (e *accEnv) badInputProvider(extra string) string {
	region := fmt.Sprintf("region = %q", cvmsim.DefaultRegion)
	if strings.HasPrefix(strings.TrimSpace(extra), "region") {
		region = ""
	}
	return fmt.Sprintf(`
provider "cvmimage" {
  endpoint   = %q
  secret_id  = %q
  secret_key = %q
  %s
  %s
}
`, e.server.URL, cvmsim.OwnerSecretID, cvmsim.OwnerSecretKey, region, extra)
}

// expectation is the error an entry must produce: its message, and the configuration line that
// sets the attribute (or, for inText entries, the attribute's name anywhere in the text).
func (b badInput) expectation() *regexp.Regexp {
	at := `\d+:\s+` + regexp.QuoteMeta(b.attr) + `\s*=`
	if b.inText {
		at = `\b` + regexp.QuoteMeta(b.attr) + `\b`
	}
	return regexp.MustCompile(`(?s)(` + b.err + `.*` + at + `|` + at + `.*` + b.err + `)`)
}

func TestAccBadInput_rejectedAtPlanWithoutWrites(t *testing.T) {
	e := newAccEnv(t)
	corpus := badInputCorpus(e, e.existingImage("existing"))
	// Making that image wrote; from here on, nothing may.
	e.sim.ResetCalls()
	if len(corpus) < 60 {
		t.Fatalf("the corpus holds %d entries, want at least 60", len(corpus))
	}
	// One test case per entry, so that every entry that slips through is reported, not just the
	// first; in parallel, inside a group that ends before the write count is read.
	t.Run("corpus", func(t *testing.T) {
		for _, b := range corpus {
			t.Run(b.name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      e.badInputProvider(b.provider) + b.hcl,
						PlanOnly:    true,
						ExpectError: b.expectation(),
					}},
				})
			})
		}
	})
	e.assertNoWrites()
}

// manyTags is n tags in HCL, k0 = "v" and on.
func manyTags(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " k%d = \"v\",", i)
	}
	return b.String()
}
