package provider

// The creation token and the pending mark: how a create that was interrupted after the cloud made
// the image, but before Terraform recorded its ID (the provider killed, the machine lost), is
// adopted by the next apply instead of being orphaned or made twice, and why nothing else ever is.
// The create flow that uses them is in apply_create.go.
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
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

const (
	// createTokenTag holds an image's creation token; it stays on the image.
	createTokenTag = providerTagPrefix + "create-token"
	// createPendingTag is on an image from the moment it is made until its create returns.
	createPendingTag = providerTagPrefix + "create-pending"
)

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
