package provider

// The creation token and the pending mark: how a create that was interrupted after the cloud made
// the image, but before Terraform recorded its ID (the provider killed, the machine lost), is
// adopted by the next apply instead of being orphaned or made twice, and why nothing else ever is.
//
// Every image the provider makes carries two tags from the moment it exists (a copy from the tag
// write right after SyncImages): the creation token, derived from what makes that planned image
// unique, the same at plan and apply and from one run to the next; and the pending mark, which the
// create removes once it hands the ID to Terraform (whether the wait succeeded or not: a failed
// wait leaves the image tainted in state). So an image is adoptable only when it carries both the
// token of the planned create and the pending mark, i.e. only an image whose create never returned.
// An image in any resource's state, a deposed one included, carries no pending mark; should the
// mark's removal have failed, the plan ledger still refuses an image it saw in a prior state, and a
// delete never deletes an image a create of the same apply adopted.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const (
	// createTokenTag holds an image's creation token; it stays on the image.
	createTokenTag = providerTagPrefix + "create-token"
	// createPendingTag is on an image from the moment it is made until its create returns.
	createPendingTag = providerTagPrefix + "create-pending"
)

// settleTimeout bounds the removal of the pending mark, which runs even after the create's own
// deadline passed.
const settleTimeout = 30 * time.Second

// imageCreation identifies one image the plan makes: where, under which name, from what.
type imageCreation struct {
	region string
	// name is the planned name; "" while it is not known (a name_prefix, or a copy named after a
	// source made in the same plan).
	name string
	// prefix is the name_prefix, when the name is made at apply.
	prefix string
	// token is "" while an input it is derived from is unknown (known only during the apply).
	token string
	// source says in words what the image is made from, for messages.
	source string
	// importHint is the import ID that would bring an image of this kind into the resource, with
	// %[1]s for the region and %[2]s for the image ID.
	importHint string
}

// newImageCreation derives the creation token of an image of kind (the resource type) named name
// (or, when prefix is set, named from it) in region from inputs, the arguments that say what it is
// made from. Only known, stable inputs go in: a token that changed between plan and apply, or
// between runs, would adopt nothing.
func newImageCreation(ctx context.Context, kind string, region, name, prefix types.String, source string, inputs ...attr.Value) imageCreation {
	c := imageCreation{region: region.ValueString(), source: source, importHint: "%[1]s/%[2]s"}
	if !name.IsUnknown() {
		c.name = name.ValueString()
	}
	naming := name
	if !prefix.IsNull() {
		c.prefix, naming = prefix.ValueString(), prefix
	}
	parts := []string{kind}
	for _, v := range append([]attr.Value{region, naming}, inputs...) {
		s, known := tokenInput(ctx, v)
		if !known {
			return c
		}
		parts = append(parts, s)
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	c.token = hex.EncodeToString(sum[:8])
	return c
}

// tokenInput spells an input the same way in every run, or says it is not known yet.
func tokenInput(ctx context.Context, v attr.Value) (string, bool) {
	tv, err := v.ToTerraformValue(ctx)
	if err != nil || !tv.IsFullyKnown() {
		return "", false
	}
	switch v := v.(type) {
	case types.String:
		return v.ValueString(), true
	case types.Bool:
		return fmt.Sprint(v.ValueBool()), true
	case types.List:
		var elems []string
		if v.ElementsAs(ctx, &elems, false).HasError() {
			return "", false
		}
		return strings.Join(elems, ","), true
	}
	return v.String(), true
}

// tags are the tags a create attaches: the token and the pending mark, or nil while the token is
// unknown.
func (c imageCreation) tags() map[string]string {
	if c.token == "" {
		return nil
	}
	return map[string]string{createTokenTag: c.token, createPendingTag: "true"}
}

// madeBy says whether img carries c's creation token: made from the same configuration, by an
// interrupted run of this create or by the resource this create replaces.
func (c imageCreation) madeBy(img *imageapi.Image) bool {
	return c.token != "" && tagMapOf(img.Tags)[createTokenTag] == c.token
}

// owns says whether img is the image an interrupted run of this very create made: it carries c's
// token and the pending mark, and has the planned name (or one made from the planned prefix).
func (c imageCreation) owns(img *imageapi.Image) bool {
	_, pending := tagMapOf(img.Tags)[createPendingTag]
	return pending && c.madeBy(img) && c.named(img.ImageName)
}

// madeByProvider says whether img was made by this provider and its create returned: it carries a
// creation token and no pending mark.
func madeByProvider(img *imageapi.Image) bool {
	tags := tagMapOf(img.Tags)
	_, token := tags[createTokenTag]
	_, pending := tags[createPendingTag]
	return token && !pending
}

// named says whether name is what this create names its image.
func (c imageCreation) named(name string) bool {
	if c.prefix != "" {
		return strings.HasPrefix(name, c.prefix)
	}
	return c.name != "" && name == c.name
}

// nameTakenDetail explains an image that already holds a planned name, with the import that would
// bring it in, and what create_before_destroy needs.
func (c imageCreation) nameTakenDetail(holder string) string {
	return fmt.Sprintf("Image %s in %s is already named %q, and image names are unique within a region, so the API would answer "+
		"InvalidImageName.Duplicate. Choose another name, or, if it is the image this resource should manage, import it: "+
		"terraform import ADDRESS %s. If this resource replaces that image and has lifecycle { create_before_destroy = true }, "+
		"the new image cannot take the name while the old one holds it: use name_prefix instead of name.",
		holder, c.region, c.name, fmt.Sprintf(c.importHint, c.region, holder))
}

// createSteps are what one kind of image does in the shared create flow.
type createSteps struct {
	// make asks the API for the image and returns its ID, or reports why it could not ("", false).
	make func() (string, bool)
	// tag, when set, writes tags the make call could not (a copy's), right after the image appears.
	tag func(id string) error
	// save puts the ID into the response state.
	save func(id string)
	// wait waits until the image is usable and reads it into the response; it reports its errors.
	wait func(ctx context.Context, id string)
}

// createImage is the create flow of every resource that makes an image: adopt the image an
// interrupted run of this create left, or make one; put its ID into the state before anything can
// fail, so that a failure taints the resource instead of orphaning the image; wait for it; and
// remove its pending mark, whatever the wait did. It returns whether the image was adopted.
func createImage(ctx context.Context, pd *providerData, c imageCreation, s createSteps, diags *diag.Diagnostics) (adopted bool) {
	id, ok := adoptInterrupted(ctx, pd, c, diags)
	if !ok {
		return false
	}
	adopted = id != ""
	if !adopted {
		if id, ok = s.make(); !ok {
			return false
		}
		pd.ledger.claim(c.region, id)
	}
	s.save(id)
	defer settleCreate(ctx, pd, c.region, id, diags)
	if s.tag != nil {
		if err := s.tag(id); err != nil {
			diags.AddError("Cannot Tag Image", fmt.Sprintf("Image %s in %s was made, but writing the provider's tags on it failed. "+
				"It stays in state as tainted, so the next apply replaces it. %s", id, c.region, apiErrorDetail(err)))
			return adopted
		}
	}
	s.wait(ctx, id)
	return adopted
}

// settleCreate removes the pending mark of image id, which its create has handed to Terraform. A
// failure is a warning: the image is in state either way, and a pending mark left behind adopts
// nothing that is in a state (see the package comment above).
func settleCreate(ctx context.Context, pd *providerData, region, id string, diags *diag.Diagnostics) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err := pd.client.ModifyImageTags(ctx, region, id, nil, []string{createPendingTag}); err != nil && !errors.Is(err, imageapi.ErrNotFound) {
		diags.AddWarning("Cannot Settle Image Tags", fmt.Sprintf("Image %s in %s is recorded in the state, but removing its %s tag failed. "+
			"Nothing needs doing: the tag only lets an apply adopt an image no state holds. %s", id, region, createPendingTag, apiErrorDetail(err)))
	}
}

// adoptInterrupted looks, just before a create, for the image an interrupted apply made for this
// resource (see imageCreation.owns). It returns that image's ID ("" when the create should go ahead)
// and false when the create must stop: an image that holds the planned name without being this
// create's is another's, and the create would only fail on it.
func adoptInterrupted(ctx context.Context, pd *providerData, c imageCreation, diags *diag.Diagnostics) (string, bool) {
	img, err := pd.ledger.findCreated(ctx, c)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		return "", true
	case err != nil:
		diags.AddError("Cannot Create Image", fmt.Sprintf("Before making %s in %s, looking for one an interrupted apply may have left failed. %s",
			plannedImage(c.name, c.name != ""), c.region, apiErrorDetail(err)))
		return "", false
	}
	// claim keeps one image from being adopted twice within the process.
	if c.owns(img) && pd.ledger.claim(c.region, img.ImageId) {
		tflog.Info(ctx, "adopting the image an interrupted apply made", map[string]any{"region": c.region, "image_id": img.ImageId, "name": img.ImageName})
		return img.ImageId, true
	}
	reportNameHeldAtApply(pd, diags, c, img)
	return "", false
}

// reportNameHeldAtApply explains, in the apply, why the planned name is taken. The plan checked it
// was free, or held by the image this resource replaces; the apply cannot tell which resource it
// serves, so it names what it can tell apart and the causes it cannot.
func reportNameHeldAtApply(pd *providerData, diags *diag.Diagnostics, c imageCreation, holder *imageapi.Image) {
	var why string
	switch {
	case pd.ledger.claimed(c.region, holder.ImageId):
		why = fmt.Sprintf("Another resource of this apply made image %s under this name moments ago: two resources make an image named %q "+
			"in %s (for example a count or for_each with a fixed name). Give each its own name, for example with count.index or name_prefix.",
			holder.ImageId, c.name, c.region)
	case madeByProvider(holder):
		why = fmt.Sprintf("Image %[1]s, which this provider made, still holds the name. It is one of three things: the image this "+
			"resource replaces, kept because the resource has lifecycle { create_before_destroy = true }, which makes the new image "+
			"first (image names are unique within a region, so use name_prefix instead of name, or remove create_before_destroy); "+
			"the image of another resource (give one of them another name); or an image no state holds, after terraform state rm "+
			"or made in another workspace (import it: terraform import ADDRESS %[2]s).", holder.ImageId,
			fmt.Sprintf(c.importHint, c.region, holder.ImageId))
	default:
		why = c.nameTakenDetail(holder.ImageId)
	}
	diags.AddAttributeError(path.Root("name"), "Image Name Already Used", fmt.Sprintf("Nothing was made: %s cannot be made in %s. %s",
		plannedImage(c.name, c.name != ""), c.region, why))
}
