package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// quotaWarnShare is the share of the custom-image quota at which a plan gets a warning.
const quotaWarnShare = 0.8

// limitChecksOn says whether ModifyPlan should ask the API about limits at all.
func (pd *providerData) limitChecksOn() bool {
	return pd != nil && pd.limitChecks != limitChecksOff
}

// reportLimit is the one place that decides what a broken plan-time limit of a create or a change
// becomes: an error (limit_checks = "error"), a warning ("warn"), or nothing ("off"). The error
// opens with the way out for a destroy it might stop.
func (pd *providerData) reportLimit(diags *diag.Diagnostics, attr path.Path, summary, detail string) {
	pd.reportRule(diags, attr, summary, destroyWayOut+"\n\n"+detail)
}

// reportRule is reportLimit for the rules of a destroy itself, which a destroy must meet.
func (pd *providerData) reportRule(diags *diag.Diagnostics, attr path.Path, summary, detail string) {
	switch pd.limitChecks {
	case limitChecksOff:
	case limitChecksWarn:
		diags.AddAttributeWarning(attr, summary, detail+"\n\nThe provider's limit_checks = \"warn\" lets the plan go on; the apply will probably fail here.")
	default:
		diags.AddAttributeError(attr, summary, detail+"\n\nIf the limit has changed in a way the API does not report yet, set limit_checks = \"warn\" in the provider block to plan anyway.")
	}
}

// reportCheckFailure says a limit could not be checked. It is a warning: the plan is no worse off
// than with any other provider, and the apply will report the real problem if there is one. Refused
// credentials and an endpoint that does not answer would doom the apply too, so they fail the plan.
func (pd *providerData) reportCheckFailure(diags *diag.Diagnostics, what, region string, err error) {
	switch {
	case errors.Is(err, imageapi.ErrAuth):
		diags.AddError("Credentials Refused", fmt.Sprintf("Checking %s in %s, the API refused the provider's credentials, "+
			"taken from %s, so the apply would fail too. Check that key pair. %s", what, region, pd.credentialSource, apiErrorDetail(err)))
	case hasAPICode(err, "UnsupportedRegion"):
		diags.AddError("Region Not Served", fmt.Sprintf("Checking %s: the API endpoint does not serve the region %s, so the apply "+
			"would fail there too. Choose a region it serves (the sandbox serves the regions its guide lists). %s", what, region, apiErrorDetail(err)))
	case errors.Is(err, imageapi.ErrUnreachable):
		diags.AddError("API Endpoint Unreachable", fmt.Sprintf("Checking %s in %s: %s. The apply could not reach it either: "+
			"check the endpoint setting and the network.", what, region, err))
	default:
		diags.AddWarning("Plan-Time Limit Check Skipped",
			fmt.Sprintf("Could not check %s in %s, so the plan does not know whether it fits. %s", what, region, apiErrorDetail(err)))
	}
}

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
				"Terraform destroys those share resources first, cancelling the shares; if one of them stays in the "+
				"configuration, the image cannot be deleted while it shares it.", imageID, region, len(managed), strings.Join(managed, ", ")))
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

// hasAPICode says whether err is an API error with code.
func hasAPICode(err error, code string) bool {
	var apiErr *imageapi.APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}
