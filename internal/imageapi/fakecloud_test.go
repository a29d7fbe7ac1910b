package imageapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeCloud is a small, deliberately misbehaving stand-in for the CVM and Tag APIs: enough state
// to create, find, share and delete images, and a queue of faults per action.
type fakeCloud struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	images  map[string][]*Image     // per region
	shares  map[string][]string     // image ID → accounts
	faults  map[string][]fault      // per action, consumed one per request
	calls   map[string]int          // requests received per action
	execs   map[string]int          // requests executed per action
	seq     []string                // actions in the order received
	hidden  map[string]int          // image ID → DescribeImages answers that will not show it yet
	hideNew int                     // every new image stays out of this many DescribeImages answers
	states  map[string][]string     // image ID → states DescribeImages shows, one per look
	pages   []DescribeImagesRequest // every DescribeImages request
	nextID  int
	total   func(real int) int                      // overrides TotalCount when set
	hook    func(action string, req map[string]any) // observes every executed request
}

// fault misbehaves instead of (or around) the normal answer; it returns whether it answered.
type fault func(fc *fakeCloud, w http.ResponseWriter, r *http.Request, body map[string]any) bool

func newFakeCloud(t *testing.T) *fakeCloud {
	fc := &fakeCloud{
		t: t, images: map[string][]*Image{}, shares: map[string][]string{}, faults: map[string][]fault{},
		calls: map[string]int{}, execs: map[string]int{}, hidden: map[string]int{}, states: map[string][]string{},
	}
	fc.srv = httptest.NewServer(http.HandlerFunc(fc.serve))
	t.Cleanup(fc.srv.Close)
	return fc
}

// client is a Client of fc with tiny timings and pacing switched off (pacing has its own tests).
func (fc *fakeCloud) client(mod ...func(*Config)) *Client {
	cfg := Config{
		SecretID: "AKIDTEST", SecretKey: "test-secret-key", Region: "ap-guangzhou", Endpoint: fc.srv.URL,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 4 * time.Millisecond,
		PollMin: time.Millisecond, PollMax: 4 * time.Millisecond, NotFoundGrace: 200 * time.Millisecond,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		fc.t.Fatal(err)
	}
	c.pacer = newPacer(clock{now: time.Now, sleep: func(context.Context, time.Duration) error { return nil }})
	return c
}

func (fc *fakeCloud) addFaults(action string, fs ...fault) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	fc.faults[action] = append(fc.faults[action], fs...)
}

func (fc *fakeCloud) count(m map[string]int, action string) int {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return m[action]
}

func (fc *fakeCloud) addImage(region string, img Image) *Image {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if img.ImageId == "" {
		fc.nextID++
		img.ImageId = fmt.Sprintf("img-%08d", fc.nextID)
	}
	if img.ImageType == "" {
		img.ImageType = ImageTypePrivate
	}
	p := &img
	fc.images[region] = append(fc.images[region], p)
	return p
}

func (fc *fakeCloud) serve(w http.ResponseWriter, r *http.Request) {
	action := r.Header.Get("X-TC-Action")
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		fc.t.Errorf("%s: body is not JSON: %v", action, err)
	}
	fc.mu.Lock()
	fc.calls[action]++
	fc.seq = append(fc.seq, action)
	var f fault
	if q := fc.faults[action]; len(q) > 0 {
		f, fc.faults[action] = q[0], q[1:]
	}
	fc.mu.Unlock()
	if f != nil && f(fc, w, r, body) {
		return
	}
	fc.execute(w, r, action, raw)
}

// execute answers a request as the cloud would.
func (fc *fakeCloud) execute(w http.ResponseWriter, r *http.Request, action string, raw []byte) {
	region := r.Header.Get("X-TC-Region")
	fc.mu.Lock()
	defer fc.mu.Unlock()
	fc.execs[action]++
	if fc.hook != nil {
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		fc.hook(action, m)
	}
	switch action {
	case "DescribeImages":
		var req DescribeImagesRequest
		_ = json.Unmarshal(raw, &req)
		fc.pages = append(fc.pages, req)
		var match []Image
		for _, img := range fc.images[region] {
			if !matches(*img, req) {
				continue
			}
			if fc.hidden[img.ImageId] > 0 {
				fc.hidden[img.ImageId]--
				continue
			}
			shown := *img
			if st := fc.states[img.ImageId]; len(st) > 0 {
				shown.ImageState = st[0]
				if len(st) > 1 {
					fc.states[img.ImageId] = st[1:]
				}
			}
			match = append(match, shown)
		}
		total := len(match)
		if fc.total != nil {
			total = fc.total(total)
		}
		limit := int(req.Limit)
		if limit == 0 {
			limit = 20
		}
		start := min(int(req.Offset), len(match))
		end := min(start+limit, len(match))
		writeOK(w, map[string]any{"TotalCount": total, "ImageSet": match[start:end]})
	case "CreateImage", "ImportImage":
		var req struct{ ImageName string }
		_ = json.Unmarshal(raw, &req)
		for _, img := range fc.images[region] {
			if img.ImageName == req.ImageName {
				writeErr(w, "InvalidImageName.Duplicate", "an image named "+req.ImageName+" exists")
				return
			}
		}
		fc.nextID++
		img := &Image{ImageId: fmt.Sprintf("img-%08d", fc.nextID), ImageName: req.ImageName, ImageType: ImageTypePrivate, ImageState: StateCreating}
		fc.images[region] = append(fc.images[region], img)
		fc.hidden[img.ImageId] = fc.hideNew
		writeOK(w, map[string]any{"ImageId": img.ImageId})
	case "SyncImages":
		var req SyncImagesRequest
		_ = json.Unmarshal(raw, &req)
		var set []SyncImage
		for _, dest := range req.DestinationRegions {
			fc.nextID++
			img := &Image{ImageId: fmt.Sprintf("img-%08d", fc.nextID), ImageName: req.ImageName, ImageType: ImageTypePrivate, ImageState: StateSyncing}
			fc.images[dest] = append(fc.images[dest], img)
			fc.hidden[img.ImageId] = fc.hideNew
			set = append(set, SyncImage{ImageId: img.ImageId, Region: dest})
		}
		writeOK(w, map[string]any{"ImageSet": set})
	case "DeleteImages":
		var req DeleteImagesRequest
		_ = json.Unmarshal(raw, &req)
		for _, id := range req.ImageIds {
			i := slices.IndexFunc(fc.images[region], func(img *Image) bool { return img.ImageId == id })
			if i < 0 {
				writeErr(w, "InvalidImageId.NotFound", "no image "+id)
				return
			}
			fc.images[region] = slices.Delete(fc.images[region], i, i+1)
		}
		writeOK(w, map[string]any{})
	case "ModifyImageSharePermission":
		var req ModifyImageSharePermissionRequest
		_ = json.Unmarshal(raw, &req)
		for _, a := range req.AccountIds {
			has := slices.Contains(fc.shares[req.ImageId], a)
			switch {
			case req.Permission == PermissionShare && has:
				writeErr(w, "FailedOperation.AccountAlreadyExists", "already shared with "+a)
				return
			case req.Permission == PermissionShare:
				fc.shares[req.ImageId] = append(fc.shares[req.ImageId], a)
			case has:
				fc.shares[req.ImageId] = slices.DeleteFunc(fc.shares[req.ImageId], func(s string) bool { return s == a })
			}
		}
		writeOK(w, map[string]any{})
	default:
		writeOK(w, map[string]any{})
	}
}

// matches applies the two DescribeImages filters the client uses: image-name (substring) and image-type.
func matches(img Image, req DescribeImagesRequest) bool {
	if len(req.ImageIds) > 0 {
		return slices.Contains(req.ImageIds, img.ImageId)
	}
	for _, f := range req.Filters {
		ok := false
		for _, v := range f.Values {
			switch f.Name {
			case "image-name":
				ok = ok || strings.Contains(img.ImageName, v)
			case "image-type":
				ok = ok || img.ImageType == v
			case "image-id":
				ok = ok || img.ImageId == v
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

var requestSeq int64
var requestSeqMu sync.Mutex

func requestID() string {
	requestSeqMu.Lock()
	defer requestSeqMu.Unlock()
	requestSeq++
	return fmt.Sprintf("req-%06d", requestSeq)
}

func writeOK(w http.ResponseWriter, payload map[string]any) {
	payload["RequestId"] = requestID()
	_ = json.NewEncoder(w).Encode(map[string]any{"Response": payload})
}

func writeErr(w http.ResponseWriter, code, msg string) {
	_ = json.NewEncoder(w).Encode(map[string]any{"Response": map[string]any{
		"Error": map[string]string{"Code": code, "Message": msg}, "RequestId": requestID(),
	}})
}

// Faults.

func apiFault(code string) fault {
	return func(_ *fakeCloud, w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
		writeErr(w, code, "injected "+code)
		return true
	}
}

var (
	throttled     = apiFault("RequestLimitExceeded")
	internalError = apiFault("InternalError")
)

func httpStatus(code int) fault {
	return func(_ *fakeCloud, w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
		http.Error(w, "injected", code)
		return true
	}
}

// reset drops the connection without executing the request.
func reset(fc *fakeCloud, w http.ResponseWriter, _ *http.Request, _ map[string]any) bool {
	hijackClose(fc.t, w)
	return true
}

// lostResponse executes the request, then drops the connection before the answer leaves.
func lostResponse(fc *fakeCloud, w http.ResponseWriter, r *http.Request, body map[string]any) bool {
	raw, _ := json.Marshal(body)
	fc.execute(httptest.NewRecorder(), r, r.Header.Get("X-TC-Action"), raw)
	hijackClose(fc.t, w)
	return true
}

func hijackClose(t *testing.T, w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	conn.Close()
}

// slow answers only after d, or when the client gives up.
// repeated is n of the fault f, for a fault every request of a phase must meet.
func repeated(f fault, n int) []fault {
	fs := make([]fault, n)
	for i := range fs {
		fs[i] = f
	}
	return fs
}

func slow(d time.Duration) fault {
	return func(_ *fakeCloud, w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		}
		writeOK(w, map[string]any{})
		return true
	}
}
