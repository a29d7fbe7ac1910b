package provider

// The apply-time side of the plan ledger: which images the creates of this process made or
// adopted, and the look-up of the image an interrupted create left. A create claims its image so
// that no second create adopts it and no delete of the same apply deletes it.

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// lockCreate serialises, within this process, the creates that carry c's creation token, from the
// look-up for an interrupted create's image until the image made or adopted is claimed: resources
// of one configuration (count with name_prefix) share a token, and without it one could adopt the
// image another has just made, before that one claimed it. It returns the unlock.
func (l *planLedger) lockCreate(c imageCreation) (unlock func()) {
	if c.token == "" {
		return func() {} // nothing is adopted without a token
	}
	key := c.region + "/" + c.token
	l.mu.Lock()
	m, ok := l.creating[key]
	if !ok {
		m = &sync.Mutex{}
		l.creating[key] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// claimed says whether a create of this process made or adopted image id in region.
func (l *planLedger) claimed(region, id string) bool {
	r := l.region(region)
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.claimed[id]
}

// claim records that a create of this process made or adopted image id in region. It returns
// false when another create already had.
func (l *planLedger) claim(region, id string) bool {
	r := l.region(region)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.claimed[id] {
		return false
	}
	r.claimed[id] = true
	return true
}

// findCreated returns the images an interrupted run of create c may have left, read now: the image
// that holds the name c plans, or, for a name_prefix, the images that carry c's token and the
// pending mark (imageCreation.owns); an error matching imageapi.ErrNotFound when there is none. It
// never trusts a listing that lacks the image: an interrupted apply's image may not be listed yet,
// and missing it would make a second image (imageapi's package documentation, "Reading images").
func (l *planLedger) findCreated(ctx context.Context, c imageCreation) ([]imageapi.Image, error) {
	if c.prefix == "" {
		img, err := l.client.ImageNamedNow(ctx, c.region, c.name)
		if err != nil {
			return nil, err
		}
		return []imageapi.Image{*img}, nil
	}
	if c.token == "" {
		return nil, fmt.Errorf("image named %s*: %w", c.prefix, imageapi.ErrNotFound)
	}
	images, err := l.client.ImagesNow(ctx, c.region, []imageapi.Filter{
		{Name: "tag:" + createTokenTag, Values: []string{c.token}},
		{Name: "image-type", Values: []string{imageapi.ImageTypePrivate}},
	})
	if err != nil {
		return nil, err
	}
	images = slices.DeleteFunc(images, func(img imageapi.Image) bool { return !c.owns(&img) })
	if len(images) == 0 {
		return nil, fmt.Errorf("image named %s*: %w", c.prefix, imageapi.ErrNotFound)
	}
	return images, nil
}
