package tc3

import "testing"

// Three signature vectors: A and B are Tencent Cloud's published examples, C is a POST in the
// exact byte form the official Go SDK produces.
func TestSignatureVectors(t *testing.T) {
	const idA, keyA = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	tests := []struct {
		name, key string
		req       Request
		canonHash string
		want      string
	}{
		{
			name: "A: documented GET",
			key:  keyA,
			req: Request{
				Method: "GET", CanonicalQuery: "Limit=10&Offset=0",
				Headers:     []Header{{"Content-Type", "application/x-www-form-urlencoded"}, {"Host", "cvm.tencentcloudapi.com"}},
				PayloadHash: HashPayload(nil), Service: "cvm", Timestamp: 1539084154,
			},
			canonHash: "91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7",
			want:      "5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474",
		},
		{
			name: "B: documented POST",
			key:  "Gu5t9xGARNpq86cd98joQYCN3*******",
			req: Request{
				Method:      "POST",
				Headers:     []Header{{"content-type", "application/json; charset=utf-8"}, {"host", "cvm.tencentcloudapi.com"}},
				PayloadHash: HashPayload([]byte(`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`)),
				Service:     "cvm", Timestamp: 1551113065,
			},
			canonHash: "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
			want:      "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
		},
		{
			name: "C: SDK-style POST",
			key:  keyA,
			req: Request{
				Method:      "POST",
				Headers:     []Header{{"host", "cvm.tencentcloudapi.com"}, {"content-type", "application/json"}},
				PayloadHash: HashPayload([]byte(`{"Filters":[{"Name":"image-type","Values":["PRIVATE_IMAGE"]}],"Offset":0,"Limit":20}`)),
				Service:     "cvm", Timestamp: 1700000000,
			},
			canonHash: "d87f3593fd68c04979beef9d75fa6e6e830cfdc4cb1fb3956af8ba33506c1637",
			want:      "1db55d2ce38e87ce16f903cb7180896158fa0ac9a45345aaccdf4d31dbff0246",
		},
		{
			name: "C: the host is signed",
			key:  keyA,
			req: Request{
				Method:      "POST",
				Headers:     []Header{{"content-type", "application/json"}, {"host", "cvm.ap-guangzhou.tencentcloudapi.com"}},
				PayloadHash: HashPayload([]byte(`{"Filters":[{"Name":"image-type","Values":["PRIVATE_IMAGE"]}],"Offset":0,"Limit":20}`)),
				Service:     "cvm", Timestamp: 1700000000,
			},
			want: "742f017638b4c9b43169d540f7c6fe1667fd8a0a1549b46834b5da3d0ae1cb63",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.canonHash != "" {
				if got := HashPayload([]byte(tt.req.CanonicalRequest())); got != tt.canonHash {
					t.Errorf("canonical request hash = %s, want %s\n%s", got, tt.canonHash, tt.req.CanonicalRequest())
				}
			}
			if got := tt.req.Signature(tt.key); got != tt.want {
				t.Errorf("signature = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAuthorizationRoundTrip(t *testing.T) {
	req := Request{
		Method:      "POST",
		Headers:     []Header{{"content-type", "application/json"}, {"host", "cvm.tencentcloudapi.com"}},
		PayloadHash: HashPayload([]byte("{}")), Service: "cvm", Timestamp: 1551113065,
	}
	auth := req.Authorization("AKIDexample", "secret")
	want := "TC3-HMAC-SHA256 Credential=AKIDexample/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + req.Signature("secret")
	if auth != want {
		t.Fatalf("Authorization = %q, want %q", auth, want)
	}
	cred, err := ParseAuthorization(auth)
	if err != nil {
		t.Fatal(err)
	}
	if cred.SecretID != "AKIDexample" || cred.Date != "2019-02-25" || cred.Service != "cvm" ||
		len(cred.SignedHeaders) != 2 || cred.Signature != req.Signature("secret") {
		t.Fatalf("parsed %+v", cred)
	}
}

func TestParseAuthorizationRejectsMalformed(t *testing.T) {
	for _, v := range []string{
		"",
		"HMAC-SHA1 Credential=a/b/cvm/tc3_request, SignedHeaders=host, Signature=" + HashPayload(nil),
		"TC3-HMAC-SHA256 Credential=a/2019-02-25/cvm, SignedHeaders=host, Signature=" + HashPayload(nil),
		"TC3-HMAC-SHA256 Credential=a/2019-02-25/cvm/tc3_request, Signature=" + HashPayload(nil),
		"TC3-HMAC-SHA256 Credential=a/2019-02-25/cvm/tc3_request, SignedHeaders=host, Signature=abc",
		"TC3-HMAC-SHA256 garbage",
	} {
		if _, err := ParseAuthorization(v); err == nil {
			t.Errorf("ParseAuthorization(%q) accepted a malformed header", v)
		}
	}
}
