package imageapi

import (
	"context"
	"fmt"
)

// createRecovery describes a create (CreateImage, ImportImage, SyncImages) whose attempt may have
// executed without the client learning so. Image names are unique per account and region, so
// what the create makes can be found by name instead of being created a second time.
type createRecovery struct {
	action string
	// find looks for what the create makes: all when every image is visible, some when part is.
	find func(ctx context.Context) (all, some bool, err error)
	// create sends the create again; it keeps its own result.
	create func(ctx context.Context) error
}

// recoverCreate resolves cause, a failure that may have executed: found → done; not found → create
// again; that answering InvalidImageName.Duplicate → the first attempt did execute and its image
// is not visible yet, so wait for it. Only a repeat that is itself uncertain loops.
func (c *Client) recoverCreate(ctx context.Context, r createRecovery, cause error) error {
	for tries := 0; ; tries++ {
		all, some, err := r.find(ctx)
		switch {
		case err != nil:
			return fmt.Errorf("%w; then looking up whether it took effect failed: %w", cause, err)
		case all:
			return nil
		case some:
			return c.awaitCreated(ctx, r, cause)
		case tries >= c.cfg.RetryMax:
			return cause
		}
		wait := c.http.Backoff(c.cfg.RetryWaitMin, c.cfg.RetryWaitMax, tries, nil)
		if err := c.clock.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%w (then: %w)", cause, err)
		}
		c.log(ctx, "imageapi: repeating a create that did not take effect", map[string]any{"action": r.action})
		err = r.create(ctx)
		switch {
		case err == nil:
			return nil
		case hasCode(err, "InvalidImageName.Duplicate"):
			return c.awaitCreated(ctx, r, err)
		case !mayHaveExecuted(err):
			return err
		}
		cause = err
	}
}

// awaitCreated polls find until everything the create made is visible, for at most NotFoundGrace.
func (c *Client) awaitCreated(ctx context.Context, r createRecovery, cause error) error {
	deadline := c.clock.now().Add(c.cfg.NotFoundGrace)
	sched := c.newPollSchedule()
	for {
		if err := c.clock.sleep(ctx, sched.next(c.clock.now())); err != nil {
			return fmt.Errorf("%s took effect, but its image did not become visible: %w (after: %w)", r.action, err, cause)
		}
		all, _, err := r.find(ctx)
		switch {
		case err != nil:
			return err
		case all:
			return nil
		case c.clock.now().After(deadline):
			return fmt.Errorf("%s took effect, but its image is still not visible after %s: %w", r.action, c.cfg.NotFoundGrace, cause)
		}
	}
}

// createOnce runs a create of one image named name in region, resolving an uncertain attempt by
// name (see recoverCreate).
func (c *Client) createOnce(ctx context.Context, region, action, name string, create func(ctx context.Context) (string, error)) (string, error) {
	var id string
	r := createRecovery{
		action: action,
		find: func(ctx context.Context) (bool, bool, error) {
			img, err := c.ImageNamedNow(ctx, region, name)
			if err != nil {
				return false, false, ignoreNotFound(err)
			}
			id = img.ImageId
			return true, true, nil
		},
		create: func(ctx context.Context) (err error) {
			id, err = create(ctx)
			return err
		},
	}
	if err := r.create(ctx); err == nil || !mayHaveExecuted(err) || name == "" {
		return id, err
	} else if err := c.recoverCreate(ctx, r, err); err != nil {
		return "", err
	}
	return id, nil
}
