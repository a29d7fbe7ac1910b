package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// createImagesOutOfBand makes n custom images of the owner in the default region, named
// prefix-000, prefix-001, ..., as if someone made them in the console, and returns their IDs in
// that order. Each create goes through a fresh client: the client paces writes at the cloud's
// 10/s per account, which would make a setup of a hundred images take ten seconds.
func (e *accEnv) createImagesOutOfBand(t *testing.T, prefix string, n int) []string {
	t.Helper()
	if err := e.sim.SetImageQuota(cvmsim.OwnerAccount, cvmsim.DefaultRegion, n+10); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, n)
	for i := range n {
		client, err := imageapi.New(imageapi.Config{
			SecretID: cvmsim.OwnerSecretID, SecretKey: cvmsim.OwnerSecretKey,
			Region: cvmsim.DefaultRegion, Endpoint: e.server.URL,
		})
		if err != nil {
			t.Fatal(err)
		}
		id, err := client.CreateImage(context.Background(), cvmsim.DefaultRegion, imageapi.CreateImageRequest{
			ImageName:   fmt.Sprintf("%s-%03d", prefix, i),
			SnapshotIds: []string{"snap-gz100001"},
		})
		if err != nil {
			t.Fatalf("creating image %d out of band: %v", i, err)
		}
		ids = append(ids, id)
	}
	return ids
}

// describeImagesCalls checks how many DescribeImages calls the emulator answered since the last
// ResetCalls.
func (e *accEnv) describeImagesCalls(want int) func() error {
	return func() error {
		if got := e.sim.Calls()["cvm.DescribeImages"]; got != want {
			return fmt.Errorf("DescribeImages was called %d times, want %d", got, want)
		}
		return nil
	}
}
