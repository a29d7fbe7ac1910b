package imageapi

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Sentinels for errors.Is. An *APIError matches the ones its Code belongs to.
var (
	// ErrNotFound means the image a call addresses does not exist (or the caller cannot see it),
	// or, from Instance, that the caller has no such instance.
	// It deliberately does not cover other ".NotFound" codes such as InvalidInstanceId.NotFound
	// (a bad CreateImage input) or InvalidAccountId.NotFound (a malformed account ID in a share):
	// callers read ErrNotFound as "the image is gone" (Read removes it from state, Delete treats it
	// as done), and those codes must not be mistaken for that.
	ErrNotFound = errors.New("not found")
	// ErrQuotaExceeded covers the custom-image quota and the share-account limit.
	ErrQuotaExceeded = errors.New("quota exceeded")
	// ErrThrottled is a RequestLimitExceeded refusal; the request was not executed.
	ErrThrottled = errors.New("request rate limit exceeded")
	// ErrAuth means the credentials were refused.
	ErrAuth = errors.New("authentication failed")
	// ErrImageFailed is matched by *ImageFailedError.
	ErrImageFailed = errors.New("image ended in a failed state")
	// ErrBusy means what a call acts on was busy (an instance making another image, an image
	// still being made, a disk rolling back) for longer than the call could wait: see BusyError.
	// An *APIError with a code that only ever means "busy, try later" matches it too.
	ErrBusy = errors.New("resource busy")
	// ErrUnreachable means the API endpoint gave no answer: see UnreachableError.
	ErrUnreachable = errors.New("API endpoint unreachable")
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
		return e.Code == "InvalidImageId.NotFound" || e.Code == "ResourceNotFound" ||
			strings.HasPrefix(e.Code, "ResourceNotFound.")
	case ErrQuotaExceeded:
		return e.Code == "ImageQuotaLimitExceeded" || e.Code == "OverQuota" ||
			e.Code == "LimitExceeded" || strings.HasPrefix(e.Code, "LimitExceeded.")
	case ErrThrottled:
		return isThrottleCode(e.Code)
	case ErrAuth:
		return strings.HasPrefix(e.Code, "AuthFailure") || e.Code == "UnauthorizedOperation.InvalidToken"
	case ErrBusy:
		return isBusyCode(e.Code)
	}
	return false
}

func isThrottleCode(code string) bool {
	return code == "RequestLimitExceeded" || strings.HasPrefix(code, "RequestLimitExceeded.")
}

// isServerFaultCode reports codes that say the server failed while handling the request, so the
// request may or may not have been executed.
func isServerFaultCode(code string) bool {
	return code == "InternalError" || strings.HasPrefix(code, "InternalError.") || code == "ServiceUnavailable"
}

// TransportError is a failure below the API: the connection broke, the answer was not HTTP 200,
// or its body was not the API's JSON. Whether the request was executed is unknown.
type TransportError struct {
	Action string
	Region string
	// StatusCode is the HTTP status: 0 when no answer arrived, 200 when its body was unreadable.
	StatusCode int
	Err        error
}

func (e *TransportError) Error() string {
	if e.StatusCode != 0 {
		return fmt.Sprintf("%s in %s: HTTP %d: %v", e.Action, e.Region, e.StatusCode, e.Err)
	}
	return fmt.Sprintf("%s in %s: %v", e.Action, e.Region, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// Is makes an HTTP 429 from a gateway count as throttling: it was refused, not executed.
func (e *TransportError) Is(target error) bool {
	return target == ErrThrottled && e.StatusCode == http.StatusTooManyRequests
}

// UnreachableError is a call whose last attempts got no answer from the endpoint at all: the
// connection was refused or reset, the name did not resolve, or no answer came within
// Config.AttemptTimeout. It matches ErrUnreachable and unwraps to the last *TransportError.
type UnreachableError struct {
	// Host is the endpoint's host (and port), as in "cvm.tencentcloudapi.com".
	Host string
	// Attempts is how many attempts in a row went unanswered, over Elapsed.
	Attempts int
	Elapsed  time.Duration
	Err      error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("could not reach the API endpoint %s: %d attempt(s) over %s got no answer (last: %v)",
		e.Host, e.Attempts, roundWait(e.Elapsed), e.Err)
}

// Is makes errors.Is(err, ErrUnreachable) true.
func (e *UnreachableError) Is(target error) bool { return target == ErrUnreachable }

func (e *UnreachableError) Unwrap() error { return e.Err }

// noAnswer reports a transport failure in which no answer arrived at all.
func noAnswer(err error) bool {
	var te *TransportError
	return errors.As(err, &te) && te.StatusCode == 0
}

// notSent reports a failure to connect: the request never left, so it was not executed.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// ImageFailedError is an image that reached CREATEFAILED or IMPORTFAILED.
type ImageFailedError struct {
	ImageID string
	Region  string
	State   string
}

func (e *ImageFailedError) Error() string {
	return fmt.Sprintf("image %s in %s ended in state %s", e.ImageID, e.Region, e.State)
}

// Is makes errors.Is(err, ErrImageFailed) true.
func (e *ImageFailedError) Is(target error) bool { return target == ErrImageFailed }

// mayHaveExecuted reports whether err leaves it unknown if the request took effect: a transport
// failure, a 5xx, or an InternalError. A throttling refusal or any other API error did not execute.
func mayHaveExecuted(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return !notSent(err) && (te.StatusCode < http.StatusBadRequest || te.StatusCode >= http.StatusInternalServerError)
	}
	var ae *APIError
	return errors.As(err, &ae) && isServerFaultCode(ae.Code)
}

// isTransient reports errors worth asking again about: throttling, server faults, transport failures.
func isTransient(err error) bool {
	return errors.Is(err, ErrThrottled) || mayHaveExecuted(err)
}

func hasCode(err error, code string) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == code
}

// ignoreNotFound turns an ErrNotFound into nil.
func ignoreNotFound(err error) error {
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}
