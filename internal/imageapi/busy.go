package imageapi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Busy answers. The cloud refuses an action, without executing it, while what it acts on is in
// the middle of something else: an instance still starting or making another image, a disk being
// rolled back, a snapshot being taken, an image still being made or copied. Such a refusal says
// "try later", so the client waits it out (see Config.BusyTimeout) instead of failing, and since
// nothing was executed, this is as safe for a create as for any other write.

// busyCodes are answered only while something is busy.
var busyCodes = []string{
	"OperationDenied.InstanceOperationInProgress",
	"FailedOperation.InvalidImageState",
	"MutexOperation.TaskRunning",
	"ResourceUnavailable.SnapshotCreating",
	"InvalidDisk.Busy",
	"InvalidParameter.ActionInProgress",
	// The instance is passing from one state to another.
	"UnsupportedOperation.InstanceStateStarting",
	"UnsupportedOperation.InstanceStateStopping",
	"UnsupportedOperation.InstanceStateRebooting",
	"UnsupportedOperation.InstanceStateEnterRescueMode",
	"UnsupportedOperation.InstanceStateExitRescueMode",
	"UnsupportedOperation.InstanceStateEnterServiceLiveMigrate",
}

// busyCodePrefixes cover families of busy codes, such as ResourceInUse.DiskRollbacking.
var busyCodePrefixes = []string{"ResourceInUse", "ResourceBusy"}

func isBusyCode(code string) bool {
	if slices.Contains(busyCodes, code) {
		return true
	}
	for _, p := range busyCodePrefixes {
		if code == p || strings.HasPrefix(code, p+".") {
			return true
		}
	}
	return false
}

// imageStateCodes refuse an action because an image is not NORMAL. That is a wait only while the
// image is still being made, copied or imported (or is NORMAL already: the refusal is older than
// the look, or a copy made from it is still in progress, which blocks deleting it); an image that
// failed or is gone will not change, and the refusal is returned.
var imageStateCodes = []string{"InvalidImageId.IncorrectState", "InvalidParameterValue.InvalidImageState"}

var imageStatesWorthWaiting = []string{StateCreating, StateSyncing, StateImporting, StateNormal}

// BusyEvent tells Config.OnBusy that a call is waiting for something busy.
type BusyEvent struct {
	Action, Region string
	// Subject is what is busy, as "instance ins-…" or "image img-… in ap-guangzhou".
	Subject string
	// Reason is the API's busy code, or "making image img-…" when the call waits its turn behind
	// an image this client is making from the same instance.
	Reason string
	// Waited is how long the call has waited so far: zero at the first busy answer.
	Waited time.Duration
}

// BusyError is a call that gave up waiting for something busy, at ctx's deadline or at
// Config.BusyTimeout. It matches ErrBusy, and ctx's error when that ended the wait.
type BusyError struct {
	Action, Region  string
	Subject, Reason string
	Waited          time.Duration
	// Last is the last busy answer (an *APIError), nil when the call never got to ask.
	Last error
	// Err is why the wait ended.
	Err error
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("%s in %s: %s was busy (%s) for %s: %v", e.Action, e.Region, e.Subject, e.Reason, roundWait(e.Waited), e.Err)
}

// Is makes errors.Is(err, ErrBusy) true.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

func (e *BusyError) Unwrap() []error {
	if e.Last == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Last}
}

// roundWait shows a wait as people read it: whole seconds from a second on.
func roundWait(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// busyWait is the state of one call's waiting out busy answers.
type busyWait struct {
	c              *Client
	action, region string
	since          time.Time // zero until the first busy answer
	waits          int
	subject        string
	reason         string
	last           error
}

// busyAnswer reports whether err is a busy answer to the call, and what is busy.
func (c *Client) busyAnswer(ctx context.Context, region string, err error, opts callOpts) (busy bool, subject, reason string) {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false, "", ""
	}
	if isBusyCode(ae.Code) {
		subject = opts.subject
		if subject == "" {
			subject = "the resource " + ae.Action + " acts on"
		}
		return true, subject, ae.Code
	}
	if !slices.Contains(imageStateCodes, ae.Code) {
		return false, "", ""
	}
	for _, id := range opts.images {
		img, gerr := c.ImageNow(ctx, region, id)
		if gerr == nil && slices.Contains(imageStatesWorthWaiting, img.ImageState) {
			return true, fmt.Sprintf("image %s in %s (%s)", id, region, img.ImageState), ae.Code
		}
	}
	return false, "", ""
}

// wait sleeps before the next attempt after a busy answer, with jittered exponential backoff. It
// returns a *BusyError when ctx ends or Config.BusyTimeout passes first.
func (b *busyWait) wait(ctx context.Context, subject, reason string, last error) error {
	now := b.c.clock.now()
	if b.since.IsZero() {
		b.since = now
	}
	b.subject, b.reason, b.last = subject, reason, last
	d := b.c.http.Backoff(b.c.cfg.RetryWaitMin, b.c.cfg.RetryWaitMax, b.waits, nil)
	b.waits++
	if limit := b.c.cfg.BusyTimeout; limit > 0 {
		left := b.since.Add(limit).Sub(now)
		if left <= 0 {
			return b.giveUp(fmt.Errorf("the client's busy timeout of %s passed", limit))
		}
		d = min(d, left)
	}
	b.c.notifyBusy(ctx, BusyEvent{Action: b.action, Region: b.region, Subject: subject, Reason: reason, Waited: now.Sub(b.since)})
	if err := b.c.clock.sleep(ctx, d); err != nil {
		return b.giveUp(err)
	}
	return nil
}

// giveUp is the error of a call whose wait ends with cause.
func (b *busyWait) giveUp(cause error) error {
	return &BusyError{Action: b.action, Region: b.region, Subject: b.subject, Reason: b.reason,
		Waited: b.c.clock.now().Sub(b.since), Last: b.last, Err: cause}
}

// waiting reports whether the call has met a busy answer.
func (b *busyWait) waiting() bool { return !b.since.IsZero() }

func (c *Client) notifyBusy(ctx context.Context, ev BusyEvent) {
	c.log(ctx, "imageapi: waiting for something busy", map[string]any{
		"action": ev.Action, "region": ev.Region, "subject": ev.Subject, "reason": ev.Reason, "waited_ms": ev.Waited.Milliseconds(),
	})
	if c.cfg.OnBusy != nil {
		c.cfg.OnBusy(ctx, ev)
	}
}
