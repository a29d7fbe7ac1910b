package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

var (
	_ resource.ResourceWithImportState      = (*importedImageResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*importedImageResource)(nil)
	_ resource.ResourceWithConfigValidators = (*importedImageResource)(nil)
	_ resource.ResourceWithMoveState        = (*importedImageResource)(nil)
)

// defaultImportedImageCreateTimeout bounds the IMPORTING phase, which downloads and converts a
// whole disk image.
const defaultImportedImageCreateTimeout = 60 * time.Minute

// importArchitectures are ImportImage's spellings; DescribeImages reports arm_64 as arm.
var importArchitectures = []string{"x86_64", "i386", "arm_64"}

// NewImportedImageResource is the factory of cvmimage_imported_image.
func NewImportedImageResource() resource.Resource { return &importedImageResource{} }

type importedImageResource struct {
	pd *providerData
}

type importedImageResourceModel struct {
	imageModel
	ImageURL     types.String `tfsdk:"image_url"`
	DataDiskURLs types.List   `tfsdk:"data_disk_urls"`
	OsType       types.String `tfsdk:"os_type"`
	OsVersion    types.String `tfsdk:"os_version"`
	BootMode     types.String `tfsdk:"boot_mode"`
	Force        types.Bool   `tfsdk:"force"`
}

func (r *importedImageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_imported_image"
}

func (r *importedImageResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := imageSchemaAttributes(ctx)
	importInput := func(neededForNew bool, d string, v ...validator.String) schema.StringAttribute {
		if neededForNew {
			d += " Required for a new image; an imported one may leave it out, as the API does not report it."
		}
		return schema.StringAttribute{Optional: true, MarkdownDescription: d + " " + replaceUnlessImportedDescription,
			Validators: v, PlanModifiers: []planmodifier.String{replaceUnlessImported()}}
	}
	attrs["image_url"] = importInput(true, "The object-storage URL of the system-disk image (RAW, VHD, QCOW2 or VMDK).",
		stringvalidator.RegexMatches(imageURLPattern, imageURLMessage))
	attrs["data_disk_urls"] = schema.ListAttribute{
		Optional:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "Object-storage URLs of data-disk images to import with the system disk. " + replaceUnlessImportedDescription,
		Validators:          []validator.List{listvalidator.ValueStringsAre(stringvalidator.RegexMatches(imageURLPattern, imageURLMessage))},
		PlanModifiers:       []planmodifier.List{replaceUnlessImported()},
	}
	attrs["os_type"] = importInput(true, "The operating system, as `DescribeImportImageOs` lists it (e.g. `CentOS`, `Ubuntu`); "+
		"the plan fails on one it does not list unless `force` is true.")
	attrs["os_version"] = importInput(true, "The operating system version, as `DescribeImportImageOs` lists it for `os_type`.")
	attrs["boot_mode"] = importInput(false, "`Legacy BIOS` (the API's default) or `UEFI`.", stringvalidator.OneOf("Legacy BIOS", "UEFI"))
	attrs["force"] = schema.BoolAttribute{
		Optional:            true,
		MarkdownDescription: "Import without the OS checks, at the plan and in the API (needed for ISO files). " + replaceUnlessImportedDescription,
		PlanModifiers:       []planmodifier.Bool{replaceUnlessImported()},
	}
	attrs["architecture"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The processor architecture: `x86_64`, `i386` or `arm_64`. Changing it replaces the image.",
		Validators:          []validator.String{stringvalidator.OneOf(importArchitectures...)},
		PlanModifiers:       []planmodifier.String{replaceOnChange()},
	}
	attrs["license_type"] = schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: "`TencentCloud` (the default: the cloud's licence) or `BYOL` (bring your own). Changing it replaces the image.",
		Validators:          []validator.String{stringvalidator.OneOf("TencentCloud", "BYOL")},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), replaceOnChange()},
	}
	attrs["delete_snapshots"] = schema.BoolAttribute{
		Optional:            true,
		Computed:            true,
		Default:             booldefault.StaticBool(true),
		MarkdownDescription: "Whether destroying the image also deletes the snapshots the import made. Defaults to true.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom image imported from a disk image in object storage (`ImportImage`). The create waits " +
			"through `IMPORTING`; an import that ends in `IMPORTFAILED` fails the apply and leaves the image tainted. " +
			"The plan fails, before anything is imported, when the quota cannot hold it, its name is taken or the OS is not importable. " +
			"Import with `REGION/IMAGE_ID` or a bare `IMAGE_ID` in the provider's region.",
		Attributes: attrs,
	}
}

func (r *importedImageResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.pd = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *importedImageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan importedImageResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	in := imageapi.ImportImageRequest{
		Architecture:     plan.Architecture.ValueString(),
		OsType:           plan.OsType.ValueString(),
		OsVersion:        plan.OsVersion.ValueString(),
		ImageUrl:         plan.ImageURL.ValueString(),
		ImageDescription: plan.Description.ValueString(),
		Force:            plan.Force.ValueBool(),
		LicenseType:      plan.LicenseType.ValueString(),
		BootMode:         plan.BootMode.ValueString(),
		ImageFamily:      plan.Family.ValueString(),
	}
	for _, u := range stringList(ctx, plan.DataDiskURLs, &resp.Diagnostics) {
		in.ImportImageDataDiskList = append(in.ImportImageDataDiskList, imageapi.ImportImageDataDisk{ImageUrl: u})
	}
	if resp.Diagnostics.HasError() {
		return
	}
	arch := plan.Architecture
	createOwnedImage(ctx, r.pd, &plan, defaultImportedImageCreateTimeout, imageMaker{make: func(ctx context.Context, c imageCreation) (string, error) {
		in.ImageName, in.TagSpecification = plan.Name.ValueString(), plan.tagSpecification(ctx, c, &resp.Diagnostics)
		return r.pd.client.ImportImage(ctx, c.region, in)
	}}, "Image", func() { resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...) }, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.keepArchitectureSpelling(arch)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *importedImageResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state importedImageResourceModel
	resp.Diagnostics.Append(stateGet(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	arch := state.Architecture
	if !readImage(ctx, r.pd, &state.imageModel, &resp.Diagnostics) {
		resp.State.RemoveResource(ctx)
		return
	}
	state.keepArchitectureSpelling(arch)
	resp.Diagnostics.Append(stateSet(ctx, &resp.State, &state)...)
}

func (r *importedImageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state importedImageResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	arch := plan.Architecture
	updateOwnedImage(ctx, r.pd, &plan, &state, "Image", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.keepArchitectureSpelling(arch)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, sourceUnknownKey, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *importedImageResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state importedImageResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteOwnedImage(ctx, r.pd, &state, &resp.Diagnostics)
}

func (r *importedImageResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importImage(ctx, r.pd, req, resp, types.BoolValue(true))
}

func (r *importedImageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, state := planAndState[importedImageResourceModel](ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan != nil {
		planDefaultRegion(ctx, r.pd, req, resp, "region", &plan.Region)
	}
	planImage(ctx, r.pd, plan.owned(), state.owned(), planReplaces(ctx, req, resp), func() {
		requireSource(&resp.Diagnostics, "image_url, os_type and os_version",
			map[string]attr.Value{"image_url": plan.ImageURL, "os_type": plan.OsType, "os_version": plan.OsVersion}, true)
		if plan.Region.IsUnknown() {
			return
		}
		checkImageCreate(ctx, r.pd, &resp.Diagnostics, plan.creation(ctx), !plan.Name.IsUnknown())
		if !plan.Force.ValueBool() && !plan.OsType.IsNull() && !plan.OsType.IsUnknown() && !plan.OsVersion.IsUnknown() && !plan.Architecture.IsUnknown() {
			checkImportOS(ctx, r.pd, &resp.Diagnostics, plan.Region.ValueString(), plan.OsType.ValueString(),
				plan.OsVersion.ValueString(), plan.Architecture.ValueString())
		}
	}, &resp.Diagnostics)
}

func (r *importedImageResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{atLeastOneOf("name", "name_prefix")}
}

// MoveState takes the resource over from the official tencentcloud provider (move_state.go).
func (r *importedImageResource) MoveState(context.Context) []resource.StateMover {
	return importedImageMovers()
}

// owned is the model as the shared image steps see it; nil for a create's state or a destroy's plan.
func (m *importedImageResourceModel) owned() ownedImage {
	if m == nil {
		return nil
	}
	return m
}

// creation identifies the image the plan imports from this configuration (create_token.go).
func (m *importedImageResourceModel) creation(ctx context.Context) imageCreation {
	return newImageCreation(ctx, "imported_image", m.Region, m.Name, m.NamePrefix, "image_url "+m.ImageURL.String(),
		m.ImageURL, m.DataDiskURLs)
}

// keepArchitectureSpelling keeps ImportImage's spelling (arm_64) where DescribeImages reports the
// same architecture as arm, so that a refresh shows no diff and an imported image no replacement.
func (m *importedImageResourceModel) keepArchitectureSpelling(prior types.String) {
	if m.Architecture.ValueString() == "arm" && (prior.IsNull() || prior.IsUnknown() || prior.ValueString() == "arm_64") {
		m.Architecture = types.StringValue("arm_64")
	}
}
