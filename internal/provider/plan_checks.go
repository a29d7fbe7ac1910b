package provider

// The plan-time checks of images: what a create, a rename, an import or a destroy would run into,
// refused at plan with the numbers. ModifyPlan of each image resource starts them (planImage);
// what they count is in the plan ledger.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// quotaWarnShare is the share of the custom-image quota at which a plan gets a warning.
const quotaWarnShare = 0.8

// checkImageCreate checks that image c, which the plan creates, fits the custom-image quota and
// that no other image, existing or planned, holds its name.
func checkImageCreate(ctx context.Context, pd *providerData, diags *diag.Diagnostics, c imageCreation, nameKnown bool) {
	if !pd.limitChecksOn() {
		return
	}
	check, err := pd.ledger.planCreate(ctx, c, nameKnown)
	if err != nil {
		pd.reportCheckFailure(diags, "the custom-image quota and image names", c.region, err)
		return
	}
	region, name, use := c.region, c.name, check.use
	switch {
	case check.holder != "":
		pd.reportLimit(diags, path.Root("name"), "Image Name Already Used", c.nameTakenDetail(check.holder))
	case check.replaces != "":
		warnFixedNameReplacement(diags, c, check.replaces)
	case check.adopt != nil:
		diags.AddAttributeWarning(path.Root("name"), "Image From An Interrupted Apply Will Be Adopted",
			fmt.Sprintf("Image %s in %s is named %q and carries this resource's creation token (tag %s) and the %s mark: an earlier "+
				"apply made it for this resource but was interrupted before recording it in the state. This apply adopts it, and "+
				"waits for it to be usable, instead of making another.", check.adopt.ImageId, region, check.adopt.ImageName,
				createTokenTag, createPendingTag))
	}
	if check.twin != nil {
		pd.reportLimit(diags, path.Root("name"), "Image Name Already Used",
			fmt.Sprintf("More than one resource of this plan makes an image named %q in %s (from %s, and from %s). "+
				"Image names are unique within a region, so the second create would fail with InvalidImageName.Duplicate. "+
				"Give each image its own name, for example with count.index, each.key or name_prefix.", name, region, check.twin.source, c.source))
	}
	switch {
	case use.total() > use.Quota:
		pd.reportLimit(diags, path.Root("name"), "Custom Image Quota Exceeded",
			fmt.Sprintf("%s: %d images for a quota of %d, so creating %s would fail with ImageQuotaLimitExceeded. "+
				"Delete custom images in %s, create this one in another region, or ask Tencent Cloud to raise the quota.",
				use, use.total(), use.Quota, plannedImage(name, nameKnown), region))
	case float64(use.total()) >= quotaWarnShare*float64(use.Quota):
		diags.AddAttributeWarning(path.Root("name"), "Custom Image Quota Nearly Full",
			fmt.Sprintf("%s: %d of %d after this plan.", use, use.total(), use.Quota))
	}
}

// plannedImage names an image in a message; a name still unknown at plan (a copy named after a
// source made in the same plan) would otherwise print as "".
func plannedImage(name string, nameKnown bool) string {
	if !nameKnown || name == "" {
		return "this image"
	}
	return fmt.Sprintf("image %q", name)
}

// checkImageRename checks that no other image in region holds the new name.
func checkImageRename(ctx context.Context, pd *providerData, diags *diag.Diagnostics, region, name, imageID string) {
	if !pd.limitChecksOn() {
		return
	}
	holder, err := pd.ledger.nameHolder(ctx, region, name, imageID)
	if err != nil {
		pd.reportCheckFailure(diags, "image names", region, err)
		return
	}
	if holder != "" {
		reportNameTaken(pd, diags, region, name, holder)
	}
}

func reportNameTaken(pd *providerData, diags *diag.Diagnostics, region, name, holder string) {
	c := imageCreation{region: region, name: name, importHint: "%[1]s/%[2]s"}
	pd.reportLimit(diags, path.Root("name"), "Image Name Already Used", c.nameTakenDetail(holder))
}

// checkImportOS checks os_type, os_version and architecture against what ImportImage accepts in
// region (DescribeImportImageOs).
func checkImportOS(ctx context.Context, pd *providerData, diags *diag.Diagnostics, region, osType, osVersion, arch string) {
	if !pd.limitChecksOn() {
		return
	}
	list, err := pd.ledger.importOSList(ctx, region)
	if err != nil {
		pd.reportCheckFailure(diags, "the operating systems ImportImage accepts", region, err)
		return
	}
	supported := append(slices.Clone(list.ImportImageOsListSupported.Linux), list.ImportImageOsListSupported.Windows...)
	if !slices.Contains(supported, osType) {
		pd.reportLimit(diags, path.Root("os_type"), "Unsupported Import OS Type",
			fmt.Sprintf("ImportImage in %s does not accept os_type %q; it accepts %s. Set force = true to import without the OS checks.",
				region, osType, strings.Join(supported, ", ")))
		return
	}
	for _, v := range list.ImportImageOsVersionSet {
		if v.OsName != osType {
			continue
		}
		if !slices.Contains(v.OsVersions, osVersion) {
			pd.reportLimit(diags, path.Root("os_version"), "Unsupported Import OS Version",
				fmt.Sprintf("ImportImage in %s accepts %s versions %s, not %q. Set force = true to import without the OS checks.",
					region, osType, strings.Join(v.OsVersions, ", "), osVersion))
		}
		if !slices.Contains(v.Architecture, arch) {
			pd.reportLimit(diags, path.Root("architecture"), "Unsupported Import Architecture",
				fmt.Sprintf("ImportImage in %s accepts %s on %s, not %q. Set force = true to import without the OS checks.",
					region, osType, strings.Join(v.Architecture, ", "), arch))
		}
		return
	}
}

// checkImageDestroy says at plan time what destroying an image will run into. Deletion protection
// is the user's own guard, not a cloud limit, so it is an error whatever limit_checks says. Shares
// that share resources manage (the image's share mark says which) do not block it: Terraform
// destroys those resources, cancelling the shares, before the image, whichever it plans first.
func checkImageDestroy(ctx context.Context, pd *providerData, diags *diag.Diagnostics, region, imageID string, protected, forceUnshare bool) {
	if protected {
		diags.AddAttributeError(path.Root("deletion_protection"), "Image Is Protected From Deletion",
			fmt.Sprintf("This plan destroys image %s in %s, but its deletion_protection is true. "+
				"Set deletion_protection = false and apply that first, then destroy it.", imageID, region))
	}
	if !pd.limitChecksOn() {
		return
	}
	accounts, managed, err := pd.ledger.sharesLeftAfterPlan(ctx, region, imageID)
	if err != nil {
		pd.reportCheckFailure(diags, "the accounts image "+imageID+" is shared with", region, err)
		return
	}
	if len(managed) > 0 && len(accounts) == 0 {
		diags.AddWarning("Image Shares Will Be Cancelled First",
			fmt.Sprintf("This plan destroys image %s in %s, which is shared with %d account(s) that share resources manage: %s. "+
				"Terraform destroys the share resources of this configuration first, cancelling their shares. A share resource "+
				"that stays in the configuration, or that another configuration or workspace manages, keeps its share, and the "+
				"image cannot be deleted while it is shared: the destroy then fails after a short wait. Destroy those share "+
				"resources first, or set force_unshare = true on the image and apply that before destroying.",
				imageID, region, len(managed), strings.Join(managed, ", ")))
	}
	if len(accounts) == 0 {
		return
	}
	if forceUnshare {
		all := slices.Sorted(slices.Values(append(accounts, managed...)))
		diags.AddAttributeWarning(path.Root("force_unshare"), "Image Shares Will Be Cancelled",
			fmt.Sprintf("This plan destroys image %s in %s, which is shared with %d account(s): %s. force_unshare is true, "+
				"so the destroy cancels these shares first.", imageID, region, len(all), strings.Join(all, ", ")))
		return
	}
	pd.reportRule(diags, path.Root("id"), "Image Is Shared Out",
		fmt.Sprintf("This plan destroys image %s in %s, which is shared with %d account(s) that no share resource of this plan cancels: %s. "+
			"DeleteImages refuses a shared image (InvalidImageId.InShared). Cancel these shares first, manage them with "+
			"cvmimage_image_share or cvmimage_image_share_account, or set force_unshare = true on the image and apply that change "+
			"before destroying (a destroy acts on the settings in the state), so that the destroy cancels them.",
			imageID, region, len(accounts), strings.Join(accounts, ", ")))
}

// planImage runs the plan-time checks of a resource that owns an image and that need the API.
// plan is nil for a destroy, state nil for a create, which checkCreate checks; replace says the
// plan replaces the image. Terraform plans a replacement twice: once with the prior state
// (checked here as a destroy) and once as a create with no prior state.
func planImage(ctx context.Context, pd *providerData, plan, state ownedImage, replace bool, checkCreate func(), diags *diag.Diagnostics) {
	if pd == nil {
		return
	}
	if state != nil {
		pd.ledger.seenInState(state.imageRegion(), state.base().ID.ValueString())
	}
	if plan == nil || replace {
		s := state.base()
		checkImageDestroy(ctx, pd, diags, state.imageRegion(), s.ID.ValueString(), s.DeletionProtection.ValueBool(), s.ForceUnshare.ValueBool())
		if replace {
			pd.ledger.planReplace(state.imageRegion(), s.ID.ValueString())
		}
		return
	}
	if pd.destroying {
		return
	}
	if state == nil {
		checkCreate()
		return
	}
	if name := plan.base().Name; !name.IsUnknown() && !name.Equal(state.base().Name) {
		checkImageRename(ctx, pd, diags, state.imageRegion(), name.ValueString(), state.base().ID.ValueString())
	}
}

// requireSource fails the plan of a new image whose source inputs are not set. They are optional in
// the schema only because an imported image's source is unknown (and the configuration Terraform
// generates for it leaves them out); a new image needs them. With all, every input is needed;
// otherwise one of them.
func requireSource(diags *diag.Diagnostics, what string, inputs map[string]attr.Value, all bool) {
	var missing []string
	for name, v := range inputs {
		if v.IsNull() {
			missing = append(missing, name)
		}
	}
	if (all && len(missing) == 0) || (!all && len(missing) < len(inputs)) {
		return
	}
	slices.Sort(missing)
	diags.AddAttributeError(path.Root(missing[0]), "Missing Image Source",
		fmt.Sprintf("A new image needs %s, and this configuration does not set %s. Only an image brought in by "+
			"terraform import may leave its source out, since the API does not report what an image was made from.",
			what, strings.Join(missing, ", ")))
}
