// Package tc3 implements Tencent Cloud's TC3-HMAC-SHA256 request signature (API 3.0).
//
// Both sides use it: internal/imageapi signs what it sends and internal/cvmsim verifies what it
// receives. The emulator rebuilds the canonical request from the header list the client says it
// signed, so it accepts any conforming client (the official SDK signs only content-type and host;
// others sign more), not merely ours.
package tc3

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Algorithm is the only signature method this package speaks.
const Algorithm = "TC3-HMAC-SHA256"

// UnsignedPayload replaces the body hash when a client sends X-TC-Content-SHA256: UNSIGNED-PAYLOAD.
const UnsignedPayload = "UNSIGNED-PAYLOAD"

// Header is one signed header, its name lower-cased.
type Header struct {
	Name, Value string
}

// Request holds what a signature covers.
type Request struct {
	Method         string // POST or GET
	CanonicalQuery string // empty for POST
	Headers        []Header
	// PayloadHash is the lowercase hex SHA-256 of the exact body bytes (see HashPayload).
	PayloadHash string
	Service     string // the host's first label: "cvm", "tag"
	Timestamp   int64  // X-TC-Timestamp, Unix seconds
}

// HashPayload returns the lowercase hex SHA-256 of body.
func HashPayload(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// Date is the UTC calendar date of a timestamp, as the credential scope carries it.
func Date(timestamp int64) string {
	return time.Unix(timestamp, 0).UTC().Format("2006-01-02")
}

// Scope is the credential scope "<date>/<service>/tc3_request".
func (r Request) Scope() string {
	return Date(r.Timestamp) + "/" + r.Service + "/tc3_request"
}

// SignedHeaders is the sorted, ';'-joined list of signed header names.
func (r Request) SignedHeaders() string {
	return strings.Join(r.headerNames(), ";")
}

func (r Request) headerNames() []string {
	names := make([]string, len(r.Headers))
	for i, h := range r.sortedHeaders() {
		names[i] = h.Name
	}
	return names
}

func (r Request) sortedHeaders() []Header {
	hs := make([]Header, len(r.Headers))
	for i, h := range r.Headers {
		hs[i] = Header{Name: strings.ToLower(strings.TrimSpace(h.Name)), Value: strings.TrimSpace(h.Value)}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].Name < hs[j].Name })
	return hs
}

// CanonicalRequest is step 1 of the algorithm. The URI is always "/".
func (r Request) CanonicalRequest() string {
	var b strings.Builder
	b.WriteString(r.Method + "\n/\n" + r.CanonicalQuery + "\n")
	for _, h := range r.sortedHeaders() {
		b.WriteString(h.Name + ":" + h.Value + "\n")
	}
	b.WriteString("\n" + r.SignedHeaders() + "\n" + r.PayloadHash)
	return b.String()
}

// StringToSign is step 2 of the algorithm.
func (r Request) StringToSign() string {
	return Algorithm + "\n" + fmt.Sprint(r.Timestamp) + "\n" + r.Scope() + "\n" + HashPayload([]byte(r.CanonicalRequest()))
}

// Signature is the lowercase hex signature of the request under secretKey.
func (r Request) Signature(secretKey string) string {
	kDate := hmacSHA256([]byte("TC3"+secretKey), Date(r.Timestamp))
	kService := hmacSHA256(kDate, r.Service)
	kSigning := hmacSHA256(kService, "tc3_request")
	return hex.EncodeToString(hmacSHA256(kSigning, r.StringToSign()))
}

// Authorization is the value of the Authorization header for the request.
func (r Request) Authorization(secretID, secretKey string) string {
	return Algorithm + " Credential=" + secretID + "/" + r.Scope() +
		", SignedHeaders=" + r.SignedHeaders() + ", Signature=" + r.Signature(secretKey)
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// Credential is a parsed Authorization header.
type Credential struct {
	SecretID      string
	Date          string
	Service       string
	SignedHeaders []string
	Signature     string
}

// ErrMalformed is returned for an Authorization header that is not TC3-HMAC-SHA256 in the documented form.
var ErrMalformed = errors.New("malformed TC3 Authorization header")

// ParseAuthorization splits "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=HEX".
func ParseAuthorization(v string) (Credential, error) {
	rest, ok := strings.CutPrefix(v, Algorithm+" ")
	if !ok {
		return Credential{}, ErrMalformed
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return Credential{}, ErrMalformed
		}
		fields[k] = val
	}
	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 4 || scope[0] == "" || scope[3] != "tc3_request" || fields["SignedHeaders"] == "" || len(fields["Signature"]) != 64 {
		return Credential{}, ErrMalformed
	}
	return Credential{
		SecretID:      scope[0],
		Date:          scope[1],
		Service:       scope[2],
		SignedHeaders: strings.Split(fields["SignedHeaders"], ";"),
		Signature:     fields["Signature"],
	}, nil
}
