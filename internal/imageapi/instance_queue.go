package imageapi

import (
	"context"
	"errors"
	"sync"
)

// instanceQueue lines up this client's CreateImage calls from one instance. An instance makes one
// image at a time and refuses CreateImage until that image has left CREATING; Terraform creates
// resources in parallel, so several images of one instance would otherwise all ask the API, all
// but one be refused, and all back off and ask again. Here each waits for its turn, and the next
// in line starts once the image of the one before has left CREATING.
type instanceQueue struct {
	c     *Client
	mu    sync.Mutex
	lanes map[string]*instanceLane // per region and instance
}

// instanceLane is one instance's line. Holding turn (a token in a channel of one) is the right to
// create next; last is the image the previous create made, which may still be CREATING.
type instanceLane struct {
	turn chan struct{}
	last string
}

func newInstanceQueue(c *Client) *instanceQueue {
	return &instanceQueue{c: c, lanes: map[string]*instanceLane{}}
}

func (q *instanceQueue) lane(region, instanceID string) *instanceLane {
	q.mu.Lock()
	defer q.mu.Unlock()
	key := region + "/" + instanceID
	l := q.lanes[key]
	if l == nil {
		l = &instanceLane{turn: make(chan struct{}, 1)}
		l.turn <- struct{}{}
		q.lanes[key] = l
	}
	return l
}

// inTurn runs create, which makes an image from the instance, once the instance's previous image
// from this client has left CREATING. Waiting for the turn counts as waiting for a busy
// instance: it ends with a *BusyError at ctx's deadline.
func (q *instanceQueue) inTurn(ctx context.Context, region, instanceID string, create func() (string, error)) (string, error) {
	c := q.c
	l := q.lane(region, instanceID)
	busy := busyWait{c: c, action: "CreateImage", region: region, since: c.clock.now(),
		subject: "instance " + instanceID, reason: "making another image"}
	select {
	case <-l.turn:
	default:
		c.notifyBusy(ctx, BusyEvent{Action: busy.action, Region: region, Subject: busy.subject, Reason: busy.reason})
		select {
		case <-l.turn:
		case <-ctx.Done():
			return "", busy.giveUp(ctx.Err())
		}
	}
	defer func() { l.turn <- struct{}{} }()
	if prev := l.last; prev != "" {
		busy.reason = "making image " + prev
		c.notifyBusy(ctx, BusyEvent{Action: busy.action, Region: region, Subject: busy.subject, Reason: busy.reason,
			Waited: c.clock.now().Sub(busy.since)})
		// Whatever became of it, the instance is free once it is no longer CREATING: NORMAL,
		// CREATEFAILED and gone all end the wait. Another failure to look is left to CreateImage,
		// whose busy answers are waited out anyway.
		_, err := c.WaitForImage(ctx, region, prev, StateNormal, StateCreateFailed)
		if ctx.Err() != nil {
			return "", busy.giveUp(ctx.Err())
		}
		if err == nil || errors.Is(err, ErrNotFound) {
			l.last = ""
		}
	}
	id, err := create()
	if err == nil {
		l.last = id
	}
	return id, err
}
