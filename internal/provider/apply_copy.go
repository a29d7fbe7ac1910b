package provider

// The steps only a copy takes: waiting for its source before SyncImages, the call itself, the tags
// that record its source and key (which the API does not report), and reading them back.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// prepareCopy is a copy's first create step. A source made in the same apply, or still being
// made, is waited for: only a NORMAL image can be copied. What the plan could not check without
// the source's ID is checked now, in the plan's words; and a copy the configuration does not name
// takes its source's name.
func prepareCopy(ctx context.Context, pd *providerData, plan *imageCopyResourceModel, diags *diag.Diagnostics) bool {
	srcRegion, srcID, dest := plan.SourceRegion.ValueString(), plan.SourceImageID.ValueString(), plan.DestinationRegion.ValueString()
	encrypt := plan.Encrypt.ValueBool()
	src, err := pd.client.WaitForImage(ctx, srcRegion, srcID, imageapi.StateNormal)
	if err != nil {
		diags.AddAttributeError(path.Root("source_image_id"), "Source Image Not Usable",
			fmt.Sprintf("Source image %s in %s did not become NORMAL, and only a NORMAL image can be copied: %s", srcID, srcRegion, err))
		return false
	}
	if rf := copyRefusalFor(src, srcRegion, dest, encrypt); rf != nil {
		diags.AddAttributeError(rf.attr, rf.summary, rf.detail)
		return false
	}
	if plan.NamePrefix.IsNull() && plan.Name.IsUnknown() {
		plan.Name = types.StringValue(defaultCopyName(src, encrypt))
	}
	return true
}

// syncImage asks SyncImages for the planned copy and returns its ID.
func syncImage(ctx context.Context, pd *providerData, plan *imageCopyResourceModel) (string, error) {
	srcRegion, srcID, dest := plan.SourceRegion.ValueString(), plan.SourceImageID.ValueString(), plan.DestinationRegion.ValueString()
	out, err := pd.client.SyncImages(ctx, srcRegion, imageapi.SyncImagesRequest{
		ImageIds: []string{srcID}, DestinationRegions: []string{dest}, ImageName: plan.Name.ValueString(),
		ImageSetRequired: true, Encrypt: plan.Encrypt.ValueBool(), KmsKeyId: plan.KMSKeyID.ValueString(),
	})
	if err != nil {
		return "", err
	}
	for _, s := range out.ImageSet {
		if s.Region == dest {
			return s.ImageId, nil
		}
	}
	return "", fmt.Errorf("SyncImages of %s from %s to %s succeeded but named no copy in %s: look for an image named %q there and import it",
		srcID, srcRegion, dest, dest, plan.Name.ValueString())
}

// copyTags are the tags that record a copy's source and encryption.
func copyTags(srcRegion, srcID string, encrypt types.Bool, kmsKeyID types.String) map[string]string {
	tags := map[string]string{copySourceTag: srcRegion + "/" + srcID}
	if encrypt.ValueBool() {
		tags[copyEncryptionTag] = copyDefaultKMSKey
		if !kmsKeyID.IsNull() {
			tags[copyEncryptionTag] = kmsKeyID.ValueString()
		}
	}
	return tags
}

// defaultCopyName is the copy's name when the configuration sets none.
func defaultCopyName(src *imageapi.Image, encrypt bool) string {
	if !encrypt {
		return src.ImageName
	}
	name := []rune(src.ImageName + encryptedCopySuffix)
	return string(name[:min(len(name), maxImageNameLength)])
}

// readCopySource reads a refreshed copy's source and encryption from its tags into m. It returns
// false, having said why, for a copy whose source neither its tags nor its state know.
func readCopySource(img *imageapi.Image, m *imageCopyResourceModel, diags *diag.Diagnostics) bool {
	tags := tagMapOf(img.Tags)
	source, ok := tags[copySourceTag]
	srcRegion, srcID, found := strings.Cut(source, "/")
	switch {
	case ok && found:
		m.SourceRegion, m.SourceImageID = types.StringValue(srcRegion), types.StringValue(srcID)
	case m.SourceImageID.IsNull():
		region, id := m.DestinationRegion.ValueString(), m.ID.ValueString()
		diags.AddError("Copy Source Unknown",
			fmt.Sprintf("Image %s in %s has no %s tag naming the image it was copied from (it was not made by this provider, "+
				"or the tag was removed), and the API does not report a copy's source. Import it with %s/%s/SOURCE_REGION/SOURCE_IMAGE_ID.",
				id, region, copySourceTag, region, id))
		return false
	}
	key, encrypted := tags[copyEncryptionTag]
	m.Encrypt = types.BoolValue(encrypted)
	m.KMSKeyID = types.StringNull()
	if encrypted && key != copyDefaultKMSKey {
		m.KMSKeyID = types.StringValue(key)
	}
	return true
}

// tagImportedSource writes the source tag of a copy imported without one (state), as the update
// that planCopySourceTag planned.
func tagImportedSource(ctx context.Context, pd *providerData, req resource.UpdateRequest, resp *resource.UpdateResponse, state *imageCopyResourceModel) {
	untagged, d := req.Private.GetKey(ctx, copySourceUntaggedKey)
	resp.Diagnostics.Append(d...)
	if untagged == nil || d.HasError() {
		return
	}
	region, id := state.DestinationRegion.ValueString(), state.ID.ValueString()
	tags := copyTags(state.SourceRegion.ValueString(), state.SourceImageID.ValueString(), state.Encrypt, state.KMSKeyID)
	if err := pd.client.ModifyImageTags(ctx, region, id, tags, nil); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot Tag Image Copy",
			fmt.Sprintf("Recording on copy %s in %s the image it was copied from (tag %s)", id, region, copySourceTag), err, "")
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, copySourceUntaggedKey, nil)...)
}
