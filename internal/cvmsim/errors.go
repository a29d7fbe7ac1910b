package cvmsim

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is an answer the cloud gives as Response.Error. Every one travels with HTTP 200: the
// official SDK treats any other status as a transport failure and never reads the code.
type apiError struct {
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errorf(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// newRequestID returns a random UUID v4, the form of the cloud's RequestId.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// writeResponse writes {"Response": {...fields of out..., "RequestId": id}}.
func writeResponse(w http.ResponseWriter, out any) {
	fields := map[string]any{}
	if out != nil {
		raw, err := json.Marshal(out)
		if err == nil {
			var m map[string]json.RawMessage
			if json.Unmarshal(raw, &m) == nil {
				for k, v := range m {
					fields[k] = v
				}
			}
		}
	}
	fields["RequestId"] = newRequestID()
	writeJSON(w, map[string]any{"Response": fields})
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, map[string]any{"Response": map[string]any{
		"Error":     map[string]string{"Code": e.Code, "Message": e.Message},
		"RequestId": newRequestID(),
	}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
}
