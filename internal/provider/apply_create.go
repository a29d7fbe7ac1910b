package provider

// The one create flow of every resource that makes an image (custom, imported, copy): adopt or
// make, ID into the state, wait, settle, align. The creation token and the pending mark it relies
// on are in create_token.go; DESIGN.md, "Create, adopt, wait", says why it goes in this order.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// settleTimeout bounds the removal of the pending mark, which runs even after the create's own
// deadline passed.
const settleTimeout = 30 * time.Second

// madeImage is the model of a resource that makes its image.
type madeImage interface {
	ownedImage
	// creation identifies the image the plan makes (create_token.go); asked once the name is set.
	creation(ctx context.Context) imageCreation
}

// imageMaker is what one kind of image does in the create flow.
type imageMaker struct {
	// prepare, when set, runs first, within the create timeout, and says whether the create can go
	// on, having said why not. A copy waits there for its source and takes its name.
	prepare func(ctx context.Context) bool
	// make asks the API for the image c describes and returns its ID.
	make func(ctx context.Context, c imageCreation) (string, error)
	// tag, when set, writes tags the make call could not (a copy's), right after the image appears.
	tag func(ctx context.Context, c imageCreation, id string) error
}

// createOwnedImage makes the image the plan m describes, within its create timeout (defaultTimeout
// when the configuration sets none), and leaves in m what the
// API reports of it. It adopts the image an interrupted run of this very create left, or makes
// one; puts its ID into the state (save) before anything can fail, so that a failure taints the
// resource instead of orphaning the image; waits until it is NORMAL; removes its pending mark
// whatever the wait did; and then sets what no create call takes (deprecated, a copy's own
// description and family), and whatever an adopted image differs in, to the plan. noun names the
// kind of image in messages.
func createOwnedImage(ctx context.Context, pd *providerData, m madeImage, defaultTimeout time.Duration, k imageMaker, noun string, save func(), diags *diag.Diagnostics) {
	ctx, cancel, ok := withTimeout(ctx, m.base().Timeouts.Create, defaultTimeout, diags)
	if !ok {
		return
	}
	defer cancel()
	if k.prepare != nil && !k.prepare(ctx) {
		return
	}
	resolveName(&m.base().Name, m.base().NamePrefix)
	c := m.creation(ctx)
	planned := m.base().attributes()

	id, ok := adoptOrMake(ctx, pd, c, k, diags)
	if !ok {
		return
	}
	m.base().ID = types.StringValue(id)
	m.clearUnknowns()
	save()
	if k.tag != nil {
		if err := k.tag(ctx, c, id); err != nil {
			diags.AddError("Cannot Tag Image", fmt.Sprintf("Image %s in %s was made, but writing the provider's tags on it failed. "+
				"It stays in state as tainted, so the next apply replaces it. %s", id, c.region, apiErrorDetail(err)))
			settleCreate(ctx, pd, c.region, id, diags)
			return
		}
	}
	waitCreated(ctx, pd, m, noun, diags)
	settleCreate(ctx, pd, c.region, id, diags)
	if diags.HasError() {
		return
	}
	if changeImage(ctx, pd, c.region, id, planned, m.base().attributes(), noun, diags) {
		rereadImage(ctx, pd, m, noun, diags)
	}
}

// adoptOrMake adopts the image an interrupted run of create c left, or makes one through k, and
// claims it, with the other creates of c's token in this process held off until it is claimed.
func adoptOrMake(ctx context.Context, pd *providerData, c imageCreation, k imageMaker, diags *diag.Diagnostics) (id string, ok bool) {
	defer pd.ledger.lockCreate(c)()
	if id, ok = adoptInterrupted(ctx, pd, c, diags); !ok || id != "" {
		return id, ok
	}
	id, err := k.make(ctx, c)
	if err != nil {
		reportCreateError(ctx, pd, diags, c, err)
		return "", false
	}
	pd.ledger.claim(c.region, id)
	return id, true
}

// waitCreated waits until a new image is NORMAL and reads it into m. Its ID is in the state
// already, so a failure here leaves the image tainted there, not orphaned.
func waitCreated(ctx context.Context, pd *providerData, m ownedImage, noun string, diags *diag.Diagnostics) {
	region, id := m.imageRegion(), m.base().ID.ValueString()
	img, err := pd.client.WaitForImage(ctx, region, id, imageapi.StateNormal)
	if err != nil {
		diags.AddError(noun+" Did Not Become Usable",
			fmt.Sprintf("%s %s (%q) in %s did not become NORMAL: %s. It stays in state as tainted, so the next apply replaces it.",
				noun, id, m.base().Name.ValueString(), region, err))
		return
	}
	m.flatten(img, diags)
}

// settleCreate removes the pending mark of image id, which its create has handed to Terraform. A
// failure is a warning: the image is in state either way, and a pending mark left behind adopts
// nothing that is in a state (create_token.go).
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
	images, err := pd.ledger.findCreated(ctx, c)
	switch {
	case errors.Is(err, imageapi.ErrNotFound):
		return "", true
	case err != nil:
		pd.addAPIFailure(diags, "Cannot Create Image", fmt.Sprintf("Before making %s, looking for one an interrupted apply may have left",
			plannedImage(c.name, c.name != "")), c.region, err, "")
		return "", false
	}
	for _, img := range images {
		// claim keeps one image from being adopted twice, or adopted after a create of this same
		// process made it for another resource of one configuration (count, for_each).
		if c.owns(&img) && pd.ledger.claim(c.region, img.ImageId) {
			tflog.Info(ctx, "adopting the image an interrupted apply made", map[string]any{"region": c.region, "image_id": img.ImageId, "name": img.ImageName})
			return img.ImageId, true
		}
	}
	if c.prefix != "" {
		return "", true // each image it found is another create's: this one makes its own, under a name of its own
	}
	reportNameHeldAtApply(pd, diags, c, &images[0])
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

// reportCreateError explains a failed CreateImage, ImportImage or SyncImages. The plan-time checks
// make the usual causes rare, but another process can take the last slot or the name in the
// meantime.
func reportCreateError(ctx context.Context, pd *providerData, diags *diag.Diagnostics, c imageCreation, err error) {
	if hasAPICode(err, "InvalidImageName.Duplicate") {
		if holder, findErr := pd.client.ImageNamedNow(context.WithoutCancel(ctx), c.region, c.name); findErr == nil {
			reportNameHeldAtApply(pd, diags, c, holder)
			return
		}
	}
	var busy *imageapi.BusyError
	if errors.As(err, &busy) {
		diags.AddError("Source Busy Too Long", fmt.Sprintf("Making %s in %s waited %s for %s, which stayed busy (%s), until the "+
			"create timeout ran out. Nothing was made. Let the other operation finish, or raise timeouts.create, then apply again.",
			plannedImage(c.name, c.name != ""), c.region, busy.Waited.Round(time.Second), busy.Subject, busy.Reason))
		return
	}
	hint := ""
	if errors.Is(err, imageapi.ErrQuotaExceeded) {
		hint = " The region's custom-image quota was full when the image was to be made: delete custom images in " + c.region + " or ask Tencent Cloud to raise the quota."
	}
	addAPIError(diags, "Cannot Create Image", fmt.Sprintf("Making %s in %s", plannedImage(c.name, c.name != ""), c.region), err, hint)
}
