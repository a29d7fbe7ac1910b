package provider

// The API's rules for sharing and copying an image, as the provider states them: the plan refuses
// what they forbid (plan_shares.go, plan_copy.go), and a refusal the plan could not foresee (an
// image made in the same apply) is explained at apply in the same words.

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// ruleRefusal is why the API will refuse a share or a copy, with the attribute to blame; plan and
// apply report it in the same words.
type ruleRefusal struct {
	attr            path.Path
	summary, detail string
}

// shareRefusalFor returns why sharing img (in region) with accounts would be refused, or nil.
// encrypted says whether the image is an encrypted copy; the API does not report it, so this is
// known only for copies this provider made (their cvmimage:kms_key_id tag).
func shareRefusalFor(img *imageapi.Image, encrypted bool, region string, accounts []string, accountsAttr path.Path) *ruleRefusal {
	id := img.ImageId
	switch {
	case img.ImageType != imageapi.ImageTypePrivate:
		return &ruleRefusal{path.Root("image_id"), "Image Cannot Be Shared",
			fmt.Sprintf("Image %s in %s is a %s, not one of this account's custom images, and only an image's owner can share it "+
				"(UnauthorizedOperation.ImageNotBelongToAccount). To pass a shared image on, copy it into this account with "+
				"cvmimage_image_copy and share the copy.", id, region, imageTypeWords(img.ImageType))}
	case img.LicenseType == "BYOL":
		return &ruleRefusal{path.Root("image_id"), "Image Cannot Be Shared",
			fmt.Sprintf("Image %s in %s is a BYOL (bring your own licence) image, and the API shares no BYOL image "+
				"(FailedOperation.BYOLImageShareFailed).", id, region)}
	case encrypted:
		return &ruleRefusal{path.Root("image_id"), "Image Cannot Be Shared",
			fmt.Sprintf("Image %s in %s is encrypted, and the API shares no encrypted image "+
				"(UnsupportedOperation.EncryptedImagesNotSupported). Share an unencrypted copy instead.", id, region)}
	case slices.Contains(accounts, img.ImageCreator):
		return &ruleRefusal{accountsAttr, "Cannot Share An Image With Its Owner",
			fmt.Sprintf("Account %s owns image %s in %s, and an image cannot be shared with its own account "+
				"(FailedOperation.AccountIsYourSelf). Remove %s from the accounts.", img.ImageCreator, id, region, img.ImageCreator)}
	}
	return nil
}

func imageTypeWords(t string) string {
	switch t {
	case imageapi.ImageTypePublic:
		return "public image"
	case imageapi.ImageTypeMarket:
		return "marketplace image"
	case imageapi.ImageTypeShared:
		return "image another account shares with this one"
	}
	return t + " image"
}

// shareLimitDetail explains a plan that shares an image with more accounts than allowed.
func shareLimitDetail(u shareUse) string {
	return fmt.Sprintf("%s: %d accounts for a limit of %d, so sharing would fail with OverQuota. "+
		"Share with fewer accounts, or raise share_account_limit in the provider block if Tencent Cloud has raised yours.",
		u, u.total(), u.Limit)
}

// shareTarget reads what the sharing rules need to know about an image: the image, and whether
// it is an encrypted copy. A nil image means it does not exist.
func shareTarget(ctx context.Context, pd *providerData, region, imageID string) (*imageapi.Image, bool, error) {
	img, err := pd.client.ImageNow(ctx, region, imageID)
	if errors.Is(err, imageapi.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil || img.ImageType != imageapi.ImageTypePrivate {
		return img, false, err
	}
	_, encrypted := tagMapOf(img.Tags)[copyEncryptionTag]
	return img, encrypted, nil
}

// copyRefusalFor returns why SyncImages would refuse to copy src (in srcRegion) to dest, or nil.
func copyRefusalFor(src *imageapi.Image, srcRegion, dest string, encrypt bool) *ruleRefusal {
	id := src.ImageId
	switch {
	case src.ImageType == imageapi.ImageTypePublic || src.ImageType == imageapi.ImageTypeMarket:
		return &ruleRefusal{path.Root("source_image_id"), "Image Cannot Be Copied",
			fmt.Sprintf("Image %s in %s is a %s; only custom images (the account's own, or shared with it) can be copied "+
				"(UnauthorizedOperation.ImageNotBelongToAccount). Public and marketplace images are already in every region.",
				id, srcRegion, imageTypeWords(src.ImageType))}
	case src.ImageState == imageapi.StateCreateFailed || src.ImageState == imageapi.StateImportFailed:
		return &ruleRefusal{path.Root("source_image_id"), "Source Image Failed",
			fmt.Sprintf("Image %s in %s is %s, and only a NORMAL image can be copied (InvalidParameterValue.InvalidImageState). "+
				"Replace the source image first.", id, srcRegion, src.ImageState)}
	case encrypt && dest != srcRegion:
		return &ruleRefusal{path.Root("destination_region"), "Encrypted Copy Out Of Its Region", encryptedOutOfRegionDetail(srcRegion, dest)}
	case src.ImageType == imageapi.ImageTypeShared && dest != srcRegion:
		return &ruleRefusal{path.Root("destination_region"), "Shared Image Copied Out Of Its Region",
			fmt.Sprintf("Image %s is shared with this account by account %s, and a shared image can only be copied within its "+
				"region %s, not to %s (InvalidParameterValue.InvalidRegion). Copy it into %s first, then copy that copy to %s.",
				id, src.ImageCreator, srcRegion, dest, srcRegion, dest)}
	case src.ImageType == imageapi.ImageTypePrivate && !encrypt && dest == srcRegion:
		return &ruleRefusal{path.Root("destination_region"), "Copy Into The Source Region",
			fmt.Sprintf("Image %s is a custom image in %s, and a custom image can only be copied to other regions "+
				"(InvalidParameterValue.InvalidRegion). Choose another destination_region, or set encrypt = true for an encrypted copy beside it.",
				id, srcRegion)}
	}
	return nil
}

func encryptedOutOfRegionDetail(srcRegion, dest string) string {
	return fmt.Sprintf("An encrypted copy can only be made in the source region %s, not %s (InvalidParameterValue.InvalidRegion). "+
		"Copy the image to %s unencrypted first, then make an encrypted copy there.", srcRegion, dest, dest)
}

// lookupDataSourceFor names the data source that reads images of type t.
func lookupDataSourceFor(t string) string {
	switch t {
	case imageapi.ImageTypePublic:
		return "cvmimage_image (or cvmimage_public_images)"
	case imageapi.ImageTypeMarket:
		return "cvmimage_image (or cvmimage_marketplace_images)"
	}
	return "cvmimage_image (or cvmimage_shared_images)"
}
