package imageapi

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels for errors.Is. An *APIError matches the ones its Code belongs to.
var (
	ErrNotFound      = errors.New("not found")
	ErrQuotaExceeded = errors.New("quota exceeded")
	ErrThrottled     = errors.New("request rate limit exceeded")
	ErrAuth          = errors.New("authentication failed")
)

// APIError is an error the API answered with (HTTP 200 and Response.Error).
type APIError struct {
	Action    string
	Code      string
	Message   string
	RequestID string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: %s: %s (request ID %s)", e.Action, e.Code, e.Message, e.RequestID)
}

// Is lets callers test the kind of failure without matching strings.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return strings.HasSuffix(e.Code, ".NotFound") || e.Code == "ResourceNotFound"
	case ErrQuotaExceeded:
		return e.Code == "ImageQuotaLimitExceeded" || e.Code == "OverQuota" || e.Code == "LimitExceeded"
	case ErrThrottled:
		return e.Code == "RequestLimitExceeded" || strings.HasPrefix(e.Code, "RequestLimitExceeded.")
	case ErrAuth:
		return strings.HasPrefix(e.Code, "AuthFailure")
	}
	return false
}
