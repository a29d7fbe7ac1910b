package cvmsim_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

func (w *world) createFromInstance(a account, region, instanceID, name string) error {
	req := cvm.NewCreateImageRequest()
	req.ImageName = s(name)
	req.InstanceId = s(instanceID)
	_, err := w.cvm(a, region).CreateImage(req)
	return err
}

func (w *world) latestOperationState(a account, region, instanceID string) string {
	w.t.Helper()
	req := cvm.NewDescribeInstancesRequest()
	req.InstanceIds = ss(instanceID)
	out, err := w.describeInstances(a, region, req)
	mustOK(w.t, err)
	if len(out.InstanceSet) != 1 {
		w.t.Fatalf("instance %s not listed", instanceID)
	}
	return str(out.InstanceSet[0].LatestOperationState)
}

// A freshly added instance is busy setting up for Timings.InstanceBusy: CreateImage from it is
// refused with the retryable OperationDenied.InstanceOperationInProgress until then, and
// DescribeInstances shows the operation.
func TestSDK_InstanceBusy_NewInstance(t *testing.T) {
	w := newWorld(t, cvmsim.Options{Timings: cvmsim.Timings{Create: 10 * time.Second, InstanceBusy: 5 * time.Second}})
	id, err := w.sim.AddInstance(owner.id, gz, "fresh")
	mustOK(t, err)
	wantCode(t, w.createFromInstance(owner, gz, id, "too-early"), "OperationDenied.InstanceOperationInProgress")
	if st := w.latestOperationState(owner, gz, id); st != "OPERATING" {
		t.Errorf("LatestOperationState of a busy instance = %q, want OPERATING", st)
	}
	w.clock.Advance(4 * time.Second)
	wantCode(t, w.createFromInstance(owner, gz, id, "still-early"), "OperationDenied.InstanceOperationInProgress")
	w.clock.Advance(time.Second)
	mustOK(t, w.createFromInstance(owner, gz, id, "in-time"))
	if st := w.latestOperationState(owner, gz, id); st != "SUCCESS" {
		t.Errorf("LatestOperationState after the spell = %q, want SUCCESS", st)
	}
}

// Seeded instances are never busy, and a negative InstanceBusy makes added instances ready at once.
func TestSDK_InstanceBusy_SeededAndSwitchedOff(t *testing.T) {
	w := newWorld(t, cvmsim.Options{Timings: cvmsim.Timings{Create: 10 * time.Second, InstanceBusy: -1}})
	mustOK(t, w.createFromInstance(owner, gz, seedID("ins", owner, gz, 1), "seeded"))
	id, err := w.sim.AddInstance(owner.id, gz, "fresh")
	mustOK(t, err)
	mustOK(t, w.createFromInstance(owner, gz, id, "fresh"))
}

// The control API makes any instance busy for a while, over HTTP as through Go; other instances
// and snapshots are unaffected.
func TestSDK_InstanceBusy_ControlAPI(t *testing.T) {
	w := newWorld(t, cvmsim.Options{})
	ins := seedID("ins", owner, gz, 1)
	ctl := httptest.NewServer(w.sim.Handler())
	defer ctl.Close()
	post := func(body map[string]any) int {
		raw, _ := json.Marshal(body)
		resp, err := http.Post(ctl.URL+"/_sim/instances/busy", "application/json", bytes.NewReader(raw))
		mustOK(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(map[string]any{"Region": gz, "InstanceId": ins, "Duration": "90s"}); code != http.StatusOK {
		t.Fatalf("POST /_sim/instances/busy: HTTP %d", code)
	}
	wantCode(t, w.createFromInstance(owner, gz, ins, "during"), "OperationDenied.InstanceOperationInProgress")
	mustOK(t, w.createFromInstance(owner, sh, seedID("ins", owner, sh, 1), "other-instance"))
	w.createFromSnapshot(owner, gz, "from-snapshot")
	w.clock.Advance(90 * time.Second)
	mustOK(t, w.createFromInstance(owner, gz, ins, "after"))

	if code := post(map[string]any{"Region": gz, "InstanceId": "ins-nothere", "Duration": "1s"}); code != http.StatusBadRequest {
		t.Errorf("an unknown instance: HTTP %d, want 400", code)
	}
	if code := post(map[string]any{"Region": gz, "InstanceId": ins, "Duration": "soon"}); code != http.StatusBadRequest {
		t.Errorf("a bad duration: HTTP %d, want 400", code)
	}
	if n := w.sim.ErrorCodes()["OperationDenied.InstanceOperationInProgress"]; n != 1 {
		t.Errorf("the emulator counted %d busy answers, want 1", n)
	}
}
