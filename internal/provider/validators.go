package provider

// The attribute validators the resources share: what the API would refuse, refused while
// validating, with the attribute named.

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The Tag API's limits: 50 tags on a resource, keys of 1 to 127 characters that do not start with
// the cloud's reserved prefixes, values of up to 255. The provider keeps up to 10 tags of its own
// on an image (creation token, pending mark, a copy's source and key, up to 5 share-mark tags), so
// 40 are the user's.
const (
	maxUserTags     = 40
	maxTagKeyLength = 127
)

var reservedCloudTagPrefixes = []string{"qcloud", "tencent", "project"}

// minTimeout is the shortest timeout a resource accepts: anything shorter ends every create in
// "context deadline exceeded" with an image made and tainted.
const minTimeout = 10 * time.Second

func tagsValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.SizeAtMost(maxUserTags),
		mapvalidator.KeysAre(reservedTagKey{}, stringvalidator.UTF8LengthBetween(1, maxTagKeyLength)),
		mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtMost(maxTagValueLength)),
	}
}

// reservedTagKey rejects tag keys in the provider's own namespace, which a refresh would not show,
// and in the cloud's, which the Tag API refuses.
type reservedTagKey struct{}

func (reservedTagKey) Description(context.Context) string {
	return "must not start with " + providerTagPrefix + ", qcloud, tencent or project"
}

func (v reservedTagKey) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (reservedTagKey) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsUnknown() || req.ConfigValue.IsNull() {
		return
	}
	key := req.ConfigValue.ValueString()
	for _, p := range reservedCloudTagPrefixes {
		if strings.HasPrefix(strings.ToLower(key), p) {
			resp.Diagnostics.AddAttributeError(req.Path, "Reserved Tag Key",
				fmt.Sprintf("Tag key %q starts with %q, which the Tag API keeps for the cloud's own tags. Choose another key.", key, p))
			return
		}
	}
	if !isProviderTag(key) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Reserved Tag Key",
		fmt.Sprintf("Tag key %q starts with %q, which the provider keeps for its own tags on images. Choose another key.",
			req.ConfigValue.ValueString(), providerTagPrefix))
}

// timeoutsAttribute is the timeouts block of a resource, each timeout at least minTimeout.
func timeoutsAttribute(ctx context.Context, opts timeouts.Opts) schema.Attribute {
	block, ok := timeouts.Attributes(ctx, opts).(schema.SingleNestedAttribute)
	if !ok {
		return timeouts.Attributes(ctx, opts)
	}
	for name, a := range block.Attributes {
		if s, ok := a.(schema.StringAttribute); ok {
			s.Validators = append(s.Validators, atLeastDuration{minTimeout})
			s.MarkdownDescription = fmt.Sprintf("%s At least %s.", s.Description, minTimeout)
			block.Attributes[name] = s
		}
	}
	return block
}

// atLeastDuration rejects a duration shorter than min (or not positive).
type atLeastDuration struct{ min time.Duration }

func (v atLeastDuration) Description(context.Context) string {
	return fmt.Sprintf("must be a duration of at least %s", v.min)
}

func (v atLeastDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v atLeastDuration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d >= v.min {
		return // a malformed duration is the timeouts package's to report
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Timeout Too Short",
		fmt.Sprintf("%s is %q, but a timeout must be at least %s: image operations take seconds at the very least, and a shorter "+
			"timeout ends a create with the image made and tainted. Use, for example, \"30m\".", req.Path, req.ConfigValue.ValueString(), v.min))
}

// rootsConfigValidator is a framework validator of root attributes that first looks at the raw
// configuration: when passes says the attributes' values pass, the framework's validator, which
// walks the schema for every path it matches, is not run. When they may not pass, it runs, so a
// failure says what the framework's says.
type rootsConfigValidator struct {
	resource.ConfigValidator
	names  []string
	passes func(set, unknown int) bool
}

func (v rootsConfigValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	set, unknown := 0, 0
	for _, name := range v.names {
		a, ok := rawAttribute(req.Config.Raw, name)
		switch {
		case !ok:
			v.ConfigValidator.ValidateResource(ctx, req, resp)
			return
		case !a.IsKnown():
			unknown++
		case !a.IsNull():
			set++
		}
	}
	if !v.passes(set, unknown) {
		v.ConfigValidator.ValidateResource(ctx, req, resp)
	}
}

// conflicting is resourcevalidator.Conflicting of root attributes.
func conflicting(names ...string) resource.ConfigValidator {
	return rootsConfigValidator{resourcevalidator.Conflicting(rootPaths(names)...), names,
		func(set, unknown int) bool { return set+unknown <= 1 }}
}

// atLeastOneOf is resourcevalidator.AtLeastOneOf of root attributes.
func atLeastOneOf(names ...string) resource.ConfigValidator {
	return rootsConfigValidator{resourcevalidator.AtLeastOneOf(rootPaths(names)...), names,
		func(set, _ int) bool { return set > 0 }}
}

func rootPaths(names []string) []path.Expression {
	out := make([]path.Expression, len(names))
	for i, n := range names {
		out[i] = path.MatchRoot(n)
	}
	return out
}

// accountIDPattern is a root account ID (UIN): a numeric string. The API answers a malformed one
// with InvalidAccountId.NotFound in the middle of an apply.
var accountIDPattern = regexp.MustCompile(`^[0-9]{5,20}$`)

func accountIDValidator() validator.String {
	return stringvalidator.RegexMatches(accountIDPattern, "must be a root account ID: a numeric string of 5 to 20 digits")
}

// The shapes of the IDs the resources take, refused while validating rather than by the API.
var (
	imageIDPattern    = regexp.MustCompile(`^img-[a-z0-9]{8}$`)
	instanceIDPattern = regexp.MustCompile(`^ins-[a-z0-9]{8}$`)
	diskIDPattern     = regexp.MustCompile(`^disk-[a-z0-9]{8}$`)
	snapshotIDPattern = regexp.MustCompile(`^snap-[a-z0-9]{8}$`)
)

// imageURLPattern is the shape of a COS object URL, the only source ImportImage accepts
// (InvalidParameter.InvalidParameterUrlError otherwise).
var imageURLPattern = regexp.MustCompile(`^https?://[a-z0-9][a-z0-9-]*\.cos\.[a-z0-9-]+\.myqcloud\.com/\S+$`)

const imageURLMessage = "must be a COS object URL, https://<bucket>-<appid>.cos.<region>.myqcloud.com/<key>"

// kmsKeyNeedsEncrypt rejects kms_key_id without encrypt = true, which SyncImages refuses with
// InvalidParameter.InvalidKmsKeyId.
type kmsKeyNeedsEncrypt struct{}

func (kmsKeyNeedsEncrypt) Description(context.Context) string {
	return "kms_key_id requires encrypt = true."
}

func (v kmsKeyNeedsEncrypt) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (kmsKeyNeedsEncrypt) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var key types.String
	var encrypt types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("kms_key_id"), &key)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("encrypt"), &encrypt)...)
	if key.IsNull() || key.IsUnknown() || encrypt.IsUnknown() || encrypt.ValueBool() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("kms_key_id"), "KMS Key Without Encryption",
		"kms_key_id only applies to an encrypted copy, and SyncImages refuses it otherwise (InvalidParameter.InvalidKmsKeyId). "+
			"Set encrypt = true, or remove kms_key_id.")
}

// regionValidator rejects region names the API does not know, at validate time.
func regionValidator() validator.String {
	return stringvalidator.OneOf(knownRegions...)
}

// validRegexp rejects, at plan time, a value that does not compile as a Go regular expression, so that
// a typo in a filter fails `plan` with the attribute named instead of failing (or matching nothing) later.
func validRegexp() validator.String { return regexpValidator{} }

type regexpValidator struct{}

func (regexpValidator) Description(context.Context) string {
	return "value must be a valid RE2 regular expression"
}

func (v regexpValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexpValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Regular Expression",
			fmt.Sprintf("%s is not a valid RE2 regular expression: %s. See https://github.com/google/re2/wiki/Syntax for the syntax.",
				req.Path, err))
	}
}
