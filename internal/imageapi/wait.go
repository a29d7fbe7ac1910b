package imageapi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// WaitForImage polls an image until its state is one of want (default NORMAL), on the schedule of
// pollSchedule, and stops at ctx's deadline.
//
// CREATEFAILED and IMPORTFAILED end the wait with an *ImageFailedError. A state it does not know is
// treated as busy. Up to WaitTransientMax consecutive transient errors (throttling, server faults,
// transport failures) are tolerated, and so is "not found" during NotFoundGrace after the wait
// starts, since a new image may be invisible for a moment; an image that was seen and then
// vanishes is reported at once, with an error matching ErrNotFound.
func (c *Client) WaitForImage(ctx context.Context, region, id string, want ...string) (*Image, error) {
	if len(want) == 0 {
		want = []string{StateNormal}
	}
	graceEnd := c.clock.now().Add(c.cfg.NotFoundGrace)
	seen := false
	last := "not visible yet"
	var img *Image
	sched := c.newPollSchedule()
	err := c.poll(ctx, sched, func() (bool, error) {
		var err error
		img, err = c.ImageNow(ctx, region, id)
		switch {
		case errors.Is(err, ErrNotFound):
			if seen || c.clock.now().After(graceEnd) {
				return false, err
			}
			return false, nil
		case err != nil:
			return false, err
		}
		seen, last = true, img.ImageState
		if img.ImageState == StateSyncing && img.SyncPercent != nil {
			sched.progress(c.clock.now(), *img.SyncPercent)
		}
		switch {
		case slices.Contains(want, img.ImageState):
			return true, nil
		case img.ImageState == StateCreateFailed || img.ImageState == StateImportFailed:
			return false, &ImageFailedError{ImageID: id, Region: region, State: img.ImageState}
		}
		return false, nil
	})
	if err != nil {
		var failed *ImageFailedError
		if errors.As(err, &failed) {
			return nil, err
		}
		return nil, fmt.Errorf("waiting for image %s in %s to become %s (last state: %s): %w",
			id, region, strings.Join(want, " or "), last, err)
	}
	return img, nil
}

// WaitForImageGone polls an image until DescribeImages no longer returns it, as after DeleteImages.
func (c *Client) WaitForImageGone(ctx context.Context, region, id string) error {
	last := "unknown"
	err := c.poll(ctx, c.newPollSchedule(), func() (bool, error) {
		img, err := c.ImageNow(ctx, region, id)
		if errors.Is(err, ErrNotFound) {
			return true, nil
		}
		if err == nil {
			last = img.ImageState
		}
		return false, err
	})
	if err != nil {
		return fmt.Errorf("waiting for image %s in %s to be deleted (last state: %s): %w", id, region, last, err)
	}
	return nil
}

// poll calls check at once and then as sched says until it reports done, returns an error that is
// not transient, returns more than WaitTransientMax transient errors in a row, or ctx ends.
func (c *Client) poll(ctx context.Context, sched *pollSchedule, check func() (bool, error)) error {
	transient := 0
	for {
		done, err := check()
		switch {
		case done:
			return nil
		case err == nil:
			transient = 0
		case ctx.Err() == nil && isTransient(err) && transient < c.cfg.WaitTransientMax:
			transient++
			c.log(ctx, "imageapi: tolerating a transient error while waiting", map[string]any{"error": err.Error()})
		default:
			return err
		}
		if err := c.clock.sleep(ctx, sched.next(c.clock.now())); err != nil {
			return err
		}
	}
}
