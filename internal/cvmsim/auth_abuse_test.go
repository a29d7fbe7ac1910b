package cvmsim

// Writes an attacker (or a confused client) might send: another account's image, a body changed
// after signing, a signed request replayed after the signature window. A wrong key, an unknown
// SecretId, a malformed header and a bad token are in TestAuth_failures; a peer re-sharing the
// owner's image is in TestSharing_crossAccount.

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// ownerImage makes a usable image of the owner's to attack.
func ownerImage(t *testing.T, s *Sim, clock *fakeClock, name string) string {
	t.Helper()
	id, err := owner(t, s, clock).CreateImage(context.Background(), DefaultRegion, imageapi.CreateImageRequest{ImageName: name, SnapshotIds: []string{"snap-gz100001"}})
	must(t, err)
	clock.Advance(testTimings.Create)
	return id
}

// unchanged fails unless the owner's image still has its name, its shares and its place.
func unchanged(t *testing.T, s *Sim, id, name string) {
	t.Helper()
	if got := s.CustomImages(OwnerAccount, ""); len(got) != 1 || got[0].ID != id || got[0].Name != name || len(got[0].SharedWith) != 0 {
		t.Fatalf("the owner's images are now %+v, want only %s named %q, unshared", got, id, name)
	}
	if got := s.CustomImages(PeerAccount, ""); len(got) != 0 {
		t.Fatalf("the peer gained images: %+v", got)
	}
}

func TestAuth_crossAccountWritesRefused(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	id := ownerImage(t, s, clock, "owned")
	p := peer(t, s, clock)
	ctx := context.Background()
	name := "stolen"
	for _, w := range []struct {
		action string
		call   func() error
	}{
		{"DeleteImages", func() error {
			return p.DeleteImages(ctx, DefaultRegion, imageapi.DeleteImagesRequest{ImageIds: []string{id}, DeleteBindedSnap: true})
		}},
		{"ModifyImageAttribute", func() error {
			return p.ModifyImageAttribute(ctx, DefaultRegion, imageapi.ModifyImageAttributeRequest{ImageId: id, ImageName: &name})
		}},
		{"ModifyImageSharePermission", func() error {
			return p.ModifyImageSharePermission(ctx, DefaultRegion, imageapi.ModifyImageSharePermissionRequest{ImageId: id, AccountIds: []string{PeerAccount}, Permission: "SHARE"})
		}},
		{"SyncImages", func() error {
			_, err := p.SyncImages(ctx, DefaultRegion, imageapi.SyncImagesRequest{ImageIds: []string{id}, DestinationRegions: []string{"ap-shanghai"}})
			return err
		}},
		{"ModifyResourceTags", func() error {
			return p.ModifyImageTags(ctx, DefaultRegion, id, map[string]string{"owner": "peer"}, nil)
		}},
	} {
		t.Run(w.action, func(t *testing.T) {
			if err := w.call(); err == nil {
				t.Fatalf("the peer's %s on the owner's image %s succeeded", w.action, id)
			}
			unchanged(t, s, id, "owned")
		})
	}
	tags, err := owner(t, s, clock).ImageTags(ctx, DefaultRegion, id)
	must(t, err)
	if len(tags) != 0 {
		t.Fatalf("the peer tagged the owner's image: %v", tags)
	}
}

// A body changed after signing, even by one byte of the same length, is refused, and not executed.
func TestAuth_tamperedBodyRefused(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	id := ownerImage(t, s, clock, "owned")
	signed := `{"ImageId":"` + id + `","ImageName":"owned-ok"}`
	tampered := strings.Replace(signed, "owned-ok", "owned-no", 1)
	a := s.raw(t, clock, rawRequest{action: "ModifyImageAttribute", body: signed, mutate: func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(tampered))
	}})
	if a.Code != "AuthFailure.SignatureFailure" {
		t.Fatalf("a tampered body got %q (%s), want AuthFailure.SignatureFailure", a.Code, a.Message)
	}
	unchanged(t, s, id, "owned")
}

// A signed write captured and replayed after the 300 s signature window is refused, and not executed.
func TestAuth_staleReplayRefused(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	id := ownerImage(t, s, clock, "owned")
	signedAt := clock.Now().Unix()
	clock.Advance(301 * time.Second)
	a := s.raw(t, clock, rawRequest{action: "DeleteImages", body: `{"ImageIds":["` + id + `"]}`, timestamp: signedAt})
	if a.Code != "AuthFailure.SignatureExpire" {
		t.Fatalf("a replay after 301 s got %q (%s), want AuthFailure.SignatureExpire", a.Code, a.Message)
	}
	unchanged(t, s, id, "owned")
}

// A write signed with the wrong key is refused before it executes (the read case is in TestAuth_failures).
func TestAuth_wrongKeyWriteRefused(t *testing.T) {
	s, clock := newTestSim(t, Options{})
	id := ownerImage(t, s, clock, "owned")
	a := s.raw(t, clock, rawRequest{action: "DeleteImages", body: `{"ImageIds":["` + id + `"]}`, secretID: OwnerSecretID, secretKey: PeerSecretKey})
	if a.Code != "AuthFailure.SignatureFailure" {
		t.Fatalf("a write signed with the peer's key got %q, want AuthFailure.SignatureFailure", a.Code)
	}
	unchanged(t, s, id, "owned")
}
