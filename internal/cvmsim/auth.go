package cvmsim

import (
	"crypto/hmac"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/tc3"
)

// maxClockSkew is how far X-TC-Timestamp may be from the emulator's clock (the cloud's 5 minutes).
const maxClockSkew = 300 * time.Second

// authenticate checks a TC3-HMAC-SHA256 signature the way the cloud does, over what was actually
// received: the Host as received, the header list the client says it signed, the raw body. It
// returns the caller's account and the credential scope's service.
func authenticate(r *http.Request, body []byte, now time.Time) (account, string, *apiError) {
	cred, err := tc3.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return account{}, "", errorf("AuthFailure.InvalidAuthorization", "The Authorization header is missing or not in the TC3-HMAC-SHA256 form.")
	}
	tsText := r.Header.Get("X-TC-Timestamp")
	if tsText == "" {
		return account{}, "", errorf("MissingParameter", "The request is missing the required header `X-TC-Timestamp`.")
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return account{}, "", errorf("InvalidParameter", "The header `X-TC-Timestamp` must be Unix seconds.")
	}
	acct, ok := accountBySecretID(cred.SecretID)
	if !ok {
		return account{}, "", errorf("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.")
	}
	if skew := now.Sub(time.Unix(ts, 0)); skew > maxClockSkew || skew < -maxClockSkew {
		return account{}, "", errorf("AuthFailure.SignatureExpire", "The request timestamp %d is more than 300 seconds away from the server time %d.", ts, now.Unix())
	}
	if cred.Date != tc3.Date(ts) {
		return account{}, "", errorf("AuthFailure.SignatureFailure", "The credential date %s is not the UTC date of X-TC-Timestamp (%s).", cred.Date, tc3.Date(ts))
	}
	signed := map[string]bool{}
	headers := make([]tc3.Header, 0, len(cred.SignedHeaders))
	for _, name := range cred.SignedHeaders {
		name = strings.ToLower(name)
		signed[name] = true
		value := r.Header.Get(name)
		if name == "host" {
			value = r.Host
		}
		headers = append(headers, tc3.Header{Name: name, Value: value})
	}
	if !signed["host"] || !signed["content-type"] {
		return account{}, "", errorf("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.")
	}
	payloadHash := tc3.HashPayload(body)
	if r.Header.Get("X-TC-Content-SHA256") == tc3.UnsignedPayload {
		payloadHash = tc3.HashPayload([]byte(tc3.UnsignedPayload))
	}
	sig := tc3.Request{
		Method:         r.Method,
		CanonicalQuery: r.URL.RawQuery,
		Headers:        headers,
		PayloadHash:    payloadHash,
		Service:        cred.Service,
		Timestamp:      ts,
	}.Signature(acct.SecretKey)
	if !hmac.Equal([]byte(sig), []byte(cred.Signature)) {
		return account{}, "", errorf("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.")
	}
	// Sandbox keys are long-term keys; the emulator issues no temporary credentials, so any token is
	// one it did not issue.
	if r.Header.Get("X-TC-Token") != "" {
		return account{}, "", errorf("AuthFailure.TokenFailure", "The X-TC-Token is not valid: the sandbox issues no temporary credentials.")
	}
	return acct, cred.Service, nil
}
