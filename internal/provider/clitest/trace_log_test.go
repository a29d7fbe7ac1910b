package clitest

// A TRACE log of a whole lifecycle, written by the CLI and the provider binary, holds neither the
// secret key, nor the session token, nor any request's signature.

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/cvmsim"
)

// signatureRecorder records what every signed request carried, and drops the session token the
// emulator's sandbox accounts do not have (the token is not signed, so the signature still holds).
type signatureRecorder struct {
	mu         sync.Mutex
	signatures map[string]bool
	tokens     map[string]bool
}

var signaturePattern = regexp.MustCompile(`Signature=([0-9a-f]+)`)

func (r *signatureRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		if m := signaturePattern.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
			r.signatures[m[1]] = true
		}
		if tok := req.Header.Get("X-TC-Token"); tok != "" {
			r.tokens[tok] = true
		}
		r.mu.Unlock()
		req.Header.Del("X-TC-Token")
		next.ServeHTTP(w, req)
	})
}

func TestAccCLI_traceLogHoldsNoSecrets(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	const token = "sts-token-d41d8cd98f00b204e9800998ecf8427e"
	rec := &signatureRecorder{signatures: map[string]bool{}, tokens: map[string]bool{}}
	c := newCLIEnv(t, buildProviderBinary(t), rec.wrap)
	c.write(fmt.Sprintf("security_token = %q", token), testAccCLIConfig_image+`
resource "cvmimage_image_copy" "logged" {
  source_image_id    = cvmimage_custom_image.crash.id
  destination_region = "ap-shanghai"
}

resource "cvmimage_image_share" "logged" {
  image_id    = cvmimage_custom_image.crash.id
  account_ids = ["100000000002"]
}
`)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	trace := []string{"TF_LOG=TRACE", "TF_LOG_PATH=" + logPath}
	c.run(trace, "apply", "-auto-approve")
	c.run(trace, "apply", "-refresh-only", "-auto-approve")
	c.run(trace, "destroy", "-auto-approve")

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	// The log must be the provider's too, or finding nothing in it proves nothing.
	for _, want := range []string{"CreateImage", "SyncImages", "ModifyImageSharePermission", "DeleteImages"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TRACE log (%d bytes) never mentions %s; the provider's requests are not in it", len(log), want)
		}
	}
	if !rec.tokens[token] || len(rec.signatures) < 10 {
		t.Fatalf("the emulator saw tokens %v and %d signatures; the provider did not send what this test looks for", rec.tokens, len(rec.signatures))
	}
	secrets := map[string]string{"the secret key": cvmsim.OwnerSecretKey, "the session token": token}
	for sig := range rec.signatures {
		secrets["signature "+sig[:12]+"…"] = sig
	}
	for what, s := range secrets {
		if i := strings.Index(log, s); i >= 0 {
			t.Errorf("the TRACE log holds %s: …%s…", what, log[max(0, i-120):min(len(log), i+len(s)+40)])
		}
	}
	t.Logf("TRACE log of %d bytes searched for the key, the token and %d signatures", len(log), len(rec.signatures))
}
