// Package provider is the Terraform layer: provider configuration, resources, data sources,
// plan-time limit checks and import.
package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var _ provider.Provider = (*cvmimageProvider)(nil)

// Environment variables the provider reads besides the credential chain's.
const (
	envEndpoint = "CVMIMAGE_ENDPOINT"
	envSandbox  = "CVMIMAGE_SANDBOX"
)

// defaultShareAccountLimit is the documented per-image share limit (DESIGN.md, "API facts"); no API reports it.
const defaultShareAccountLimit = 50

// New returns the provider factory for a release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &cvmimageProvider{version: version} }
}

type cvmimageProvider struct {
	version string
	// tuneClient adjusts the client configuration before the client is built; tests use it to poll
	// the emulator faster than a real cloud should be polled.
	tuneClient func(*imageapi.Config)
}

type cvmimageProviderModel struct {
	Region            types.String `tfsdk:"region"`
	SecretID          types.String `tfsdk:"secret_id"`
	SecretKey         types.String `tfsdk:"secret_key"`
	SecurityToken     types.String `tfsdk:"security_token"`
	Profile           types.String `tfsdk:"profile"`
	Endpoint          types.String `tfsdk:"endpoint"`
	Sandbox           types.String `tfsdk:"sandbox"`
	ShareAccountLimit types.Int64  `tfsdk:"share_account_limit"`
	LimitChecks       types.String `tfsdk:"limit_checks"`
}

func (p *cvmimageProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cvmimage"
	resp.Version = p.version
}

func (p *cvmimageProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Tencent Cloud CVM custom images, image copies and image shares, and looks up public, " +
			"marketplace and shared images. A limit that would break `apply` (image quota, share limit, name clashes, " +
			"import OS support, shared or protected images on destroy) breaks `plan` instead, with the numbers in the message. " +
			"Set `sandbox` to run against a built-in emulator with no account.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The default region of every resource and data source, e.g. `ap-guangzhou`. " +
					"Falls back to `TENCENTCLOUD_REGION`, then the tccli profile; in sandbox mode to `ap-guangzhou`.",
				Validators: []validator.String{regionValidator()},
			},
			"secret_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The API SecretId. Falls back to `TENCENTCLOUD_SECRET_ID`, then the tccli profile.",
			},
			"secret_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The API SecretKey. Falls back to `TENCENTCLOUD_SECRET_KEY`, then the tccli profile.",
			},
			"security_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The STS token of temporary credentials. Falls back to `TENCENTCLOUD_SECURITY_TOKEN`.",
			},
			"profile": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The tccli profile (`~/.tccli/<profile>.credential`) to read credentials and region from " +
					"when neither the configuration nor the environment gives them. Defaults to `TENCENTCLOUD_PROFILE`, then `default`.",
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A base URL that replaces `https://<service>.tencentcloudapi.com`, e.g. a `cvmsim` server " +
					"at `http://127.0.0.1:9000`. Falls back to `CVMIMAGE_ENDPOINT`.",
			},
			"sandbox": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A path to a sandbox state file. When set, the provider runs the CVM image API emulator " +
					"in-process, keeps its world in that file between runs, and needs no account: credentials default to the " +
					"sandbox owner (`AKIDSANDBOXOWNER`) and the region to `ap-guangzhou`. Falls back to `CVMIMAGE_SANDBOX`.",
			},
			"share_account_limit": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many accounts one image may be shared with; no API reports it. "+
					"Defaults to %d. Raise it if Tencent Cloud has raised yours.", defaultShareAccountLimit),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"limit_checks": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What a plan-time limit check that fails becomes: `error` (the default) fails the plan, " +
					"`warn` reports it and lets the plan go on, `off` skips the checks and the API calls they make.",
				Validators: []validator.String{stringvalidator.OneOf(limitChecksError, limitChecksWarn, limitChecksOff)},
			},
		},
	}
}

func (p *cvmimageProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg cvmimageProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, a := range []struct {
		name, env string
		v         types.String
	}{
		{"region", imageapi.EnvRegion, cfg.Region},
		{"secret_id", imageapi.EnvSecretID, cfg.SecretID},
		{"secret_key", imageapi.EnvSecretKey, cfg.SecretKey},
		{"security_token", imageapi.EnvSecurityToken, cfg.SecurityToken},
		{"profile", imageapi.EnvProfile, cfg.Profile},
		{"endpoint", envEndpoint, cfg.Endpoint},
		{"sandbox", envSandbox, cfg.Sandbox},
		{"limit_checks", "", cfg.LimitChecks},
	} {
		if a.v.IsUnknown() {
			hint := "Set it from a literal or a variable"
			if a.env != "" {
				hint += ", or leave it out and set the " + a.env + " environment variable"
			}
			resp.Diagnostics.AddAttributeError(path.Root(a.name), "Unknown Provider Setting",
				fmt.Sprintf("The provider's %s is not known until apply, but the provider needs it to plan. %s.", a.name, hint))
		}
	}
	if cfg.ShareAccountLimit.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("share_account_limit"), "Unknown Provider Setting",
			"The provider's share_account_limit is not known until apply, but the provider needs it to plan. Set it from a literal or a variable.")
	}
	if resp.Diagnostics.HasError() {
		return
	}

	clientCfg := imageapi.Config{
		Endpoint:  firstSet(cfg.Endpoint.ValueString(), os.Getenv(envEndpoint)),
		UserAgent: "terraform-provider-cvmimage/" + p.version,
	}
	explicit := imageapi.Credentials{
		SecretID: cfg.SecretID.ValueString(), SecretKey: cfg.SecretKey.ValueString(),
		SecurityToken: cfg.SecurityToken.ValueString(), Region: cfg.Region.ValueString(),
	}
	var creds imageapi.Credentials
	if sandbox := firstSet(cfg.Sandbox.ValueString(), os.Getenv(envSandbox)); sandbox != "" {
		var ok bool
		creds, ok = configureSandbox(sandbox, explicit, &clientCfg, &resp.Diagnostics)
		if !ok {
			return
		}
	} else {
		var err error
		creds, err = imageapi.ResolveCredentials(explicit, cfg.Profile.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("secret_id"), "Missing Tencent Cloud Credentials", err.Error()+".")
			return
		}
	}
	switch {
	case creds.Region == "":
		resp.Diagnostics.AddAttributeError(path.Root("region"), "Missing Region",
			"The provider has no region. Set region in the provider block, or the "+imageapi.EnvRegion+" environment variable.")
		return
	case !isKnownRegion(creds.Region):
		resp.Diagnostics.AddAttributeError(path.Root("region"), "Unknown Region",
			fmt.Sprintf("The provider's region %q (from the environment or the tccli profile) is not a Tencent Cloud region.", creds.Region))
		return
	}
	clientCfg.SecretID, clientCfg.SecretKey, clientCfg.SecurityToken, clientCfg.Region =
		creds.SecretID, creds.SecretKey, creds.SecurityToken, creds.Region
	clientCfg.Logger = apiLogger(creds.SecretID, creds.SecretKey, creds.SecurityToken)
	if p.tuneClient != nil {
		p.tuneClient(&clientCfg)
	}
	client, err := imageapi.New(clientCfg)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Cannot Build The API Client", err.Error())
		return
	}

	pd := &providerData{
		client:            client,
		credentialSource:  creds.Source,
		region:            creds.Region,
		shareAccountLimit: defaultShareAccountLimit,
		limitChecks:       limitChecksError,
		destroying:        servesDestroy(),
		ledger:            newPlanLedger(client),
		shareMarks:        newShareMarks(client),
	}
	if !cfg.ShareAccountLimit.IsNull() {
		pd.shareAccountLimit = int(cfg.ShareAccountLimit.ValueInt64())
	}
	if !cfg.LimitChecks.IsNull() {
		pd.limitChecks = cfg.LimitChecks.ValueString()
	}
	resp.ResourceData = pd
	resp.DataSourceData = pd
}

func (p *cvmimageProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewCustomImageResource,
		NewImportedImageResource,
		// Copies and shares.
		NewImageCopyResource,
		NewImageShareResource,
		NewImageShareAccountResource,
	}
}

func (p *cvmimageProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewPublicImagesDataSource,
		NewMarketplaceImagesDataSource,
		NewSharedImagesDataSource,
		NewCustomImagesDataSource,
		NewImageDataSource,
		NewImageQuotaDataSource,
		NewImportOSDataSource,
	}
}

// apiLogger sends the client's per-attempt log entries to Terraform's log, with the credentials
// masked should any ever reach a message or field.
func apiLogger(secrets ...string) func(ctx context.Context, msg string, fields map[string]any) {
	var mask []string
	for _, s := range secrets {
		if s != "" {
			mask = append(mask, s)
		}
	}
	return func(ctx context.Context, msg string, fields map[string]any) {
		ctx = tflog.MaskMessageStrings(ctx, mask...)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, mask...)
		tflog.Debug(ctx, msg, fields)
	}
}

func firstSet(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
