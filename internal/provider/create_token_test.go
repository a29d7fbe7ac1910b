package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// interruptedCreate makes, through the API, the image an apply of
// testAccCustomImageConfig_snapshot(e, name, "") makes, as if that apply had been stopped right after
// CreateImage: tagged with its creation token, described as description, and not in any state.
func (e *accEnv) interruptedCreate(name, description string) string {
	e.t.Helper()
	ctx := context.Background()
	c := newImageCreation(ctx, "custom_image", types.StringValue(cvmsim.DefaultRegion), types.StringValue(name), types.StringNull(), "",
		types.StringNull(), types.ListNull(types.StringType), types.ListValueMust(types.StringType, []attr.Value{types.StringValue("snap-gz100001")}))
	id, err := e.ownerClient().CreateImage(ctx, cvmsim.DefaultRegion, imageapi.CreateImageRequest{
		ImageName: name, ImageDescription: description, SnapshotIds: []string{"snap-gz100001"},
		TagSpecification: []imageapi.TagSpecification{{ResourceType: "image", Tags: []imageapi.Tag{
			{Key: createTokenTag, Value: c.token}, {Key: createPendingTag, Value: "true"},
		}}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// The image an interrupted apply left is adopted: the plan creates, the apply tracks it instead
// of making another, brings it to the configuration, and the provider's own tag stays on it and
// out of the tags attribute.
func TestAccCustomImageResource_adoptsInterruptedCreate(t *testing.T) {
	e := newAccEnv(t)
	orphan := e.interruptedCreate("left-behind", "before the crash")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkDestroy,
		Steps: []resource.TestStep{
			{
				Config: testAccCustomImageConfig_snapshot(e, "left-behind", `description = "after the crash"
  tags = { team = "images" }`),
				// A create in the plan, not an error on the name the image holds.
				ConfigPlanChecks: expectAction(testAccCustomImageAddress, plancheck.ResourceActionCreate),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testAccCustomImageAddress, "id", orphan),
					resource.TestCheckResourceAttr(testAccCustomImageAddress, "description", "after the crash"),
					resource.TestCheckResourceAttr(testAccCustomImageAddress, "tags.%", "1"),
					func(*terraform.State) error {
						if imgs := e.imageNames(cvmsim.DefaultRegion); len(imgs) != 1 {
							return fmt.Errorf("the region holds images %v, want the adopted one only", imgs)
						}
						if err := e.hasTag(orphan, createPendingTag); err == nil {
							return fmt.Errorf("the adopted image %s still carries %s: a later apply could adopt it again", orphan, createPendingTag)
						}
						return e.hasTag(orphan, createTokenTag)
					},
				),
			},
			{
				// A change of the user's tags leaves the provider's own alone.
				Config: testAccCustomImageConfig_snapshot(e, "left-behind", `description = "after the crash"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(testAccCustomImageAddress, "tags.%"),
					func(*terraform.State) error { return e.hasTag(orphan, createTokenTag) },
				),
			},
		},
	})
}

// hasTag asks the Tag API whether the owner's image id in the default region carries key.
func (e *accEnv) hasTag(id, key string) error {
	tags, err := e.ownerClient().ImageTags(context.Background(), cvmsim.DefaultRegion, id)
	if err != nil {
		return err
	}
	if _, ok := tags[key]; !ok {
		return fmt.Errorf("image %s has tags %v, without %s", id, tags, key)
	}
	return nil
}
