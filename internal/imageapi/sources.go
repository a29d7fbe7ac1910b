package imageapi

import (
	"context"
	"fmt"
	"slices"
)

// cbsVersion is the API version of CBS (cloud disks and their snapshots), which image sources
// are checked against.
const cbsVersion = "2017-03-12"

// listPageSize is the largest page, and the most IDs, one Describe call of CVM or CBS takes.
const listPageSize = 100

// DescribeInstances returns one page of the caller's instances. Most callers want Instance or
// AllInstances.
func (c *Client) DescribeInstances(ctx context.Context, region string, req DescribeInstancesRequest) (*DescribeInstancesResponse, error) {
	var out DescribeInstancesResponse
	if err := c.read(ctx, region, "DescribeInstances", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Instance returns one of the caller's instances, with its state, zone and disks, or an error
// matching ErrNotFound when the caller has no such instance in region (another account's
// instance is as absent as one that never existed). A malformed ID is the API's
// InvalidInstanceId.Malformed.
func (c *Client) Instance(ctx context.Context, region, id string) (*Instance, error) {
	out, err := c.DescribeInstances(ctx, region, DescribeInstancesRequest{InstanceIds: []string{id}})
	if err != nil {
		return nil, err
	}
	for i := range out.InstanceSet {
		if out.InstanceSet[i].InstanceId == id {
			return &out.InstanceSet[i], nil
		}
	}
	return nil, fmt.Errorf("instance %s in %s: %w", id, region, ErrNotFound)
}

// AllInstances returns every one of the caller's instances in region that matches filters
// (instance-id, instance-name, zone, instance-state, …; OR within a filter, AND across them),
// reading every page.
func (c *Client) AllInstances(ctx context.Context, region string, filters []Filter) ([]Instance, error) {
	var all []Instance
	err := eachPage(func(offset uint64) ([]Instance, int64, error) {
		out, err := c.DescribeInstances(ctx, region, DescribeInstancesRequest{Filters: filters, Offset: int64(offset), Limit: listPageSize})
		if err != nil {
			return nil, 0, err
		}
		return out.InstanceSet, out.TotalCount, nil
	}, func(page []Instance) { all = append(all, page...) })
	return all, err
}

// DescribeSnapshots returns one page of the caller's CBS snapshots. Most callers want Snapshots.
func (c *Client) DescribeSnapshots(ctx context.Context, region string, req DescribeSnapshotsRequest) (*DescribeSnapshotsResponse, error) {
	var out DescribeSnapshotsResponse
	if err := c.call(ctx, "cbs", cbsVersion, region, "DescribeSnapshots", req, &out, callOpts{repeat: repeatAll}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Snapshots returns those of the caller's snapshots in region whose IDs are given, in no
// particular order; an ID the caller has no snapshot for (another account's included) is simply
// not in the result, so comparing lengths tells whether all were found. A malformed ID is the
// API's error.
func (c *Client) Snapshots(ctx context.Context, region string, ids []string) ([]DiskSnapshot, error) {
	return byIDs(ids, func(chunk []string) ([]DiskSnapshot, error) {
		var all []DiskSnapshot
		err := eachPage(func(offset uint64) ([]DiskSnapshot, int64, error) {
			out, err := c.DescribeSnapshots(ctx, region, DescribeSnapshotsRequest{SnapshotIds: chunk, Offset: offset, Limit: listPageSize})
			if err != nil {
				return nil, 0, err
			}
			return out.SnapshotSet, out.TotalCount, nil
		}, func(page []DiskSnapshot) { all = append(all, page...) })
		return all, err
	})
}

// DescribeDisks returns one page of the caller's CBS disks. Most callers want Disks or
// InstanceDisks.
func (c *Client) DescribeDisks(ctx context.Context, region string, req DescribeDisksRequest) (*DescribeDisksResponse, error) {
	var out DescribeDisksResponse
	if err := c.call(ctx, "cbs", cbsVersion, region, "DescribeDisks", req, &out, callOpts{repeat: repeatAll}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Disks returns those of the caller's disks in region whose IDs are given, in no particular
// order; an ID the caller has no disk for is simply not in the result.
func (c *Client) Disks(ctx context.Context, region string, ids []string) ([]Disk, error) {
	return byIDs(ids, func(chunk []string) ([]Disk, error) {
		return c.allDisks(ctx, region, DescribeDisksRequest{DiskIds: chunk})
	})
}

// InstanceDisks returns the disks attached to one of the caller's instances: its system disk and
// its data disks. An instance the caller does not have has none.
func (c *Client) InstanceDisks(ctx context.Context, region, instanceID string) ([]Disk, error) {
	return c.allDisks(ctx, region, DescribeDisksRequest{Filters: []Filter{{Name: "instance-id", Values: []string{instanceID}}}})
}

func (c *Client) allDisks(ctx context.Context, region string, req DescribeDisksRequest) ([]Disk, error) {
	var all []Disk
	err := eachPage(func(offset uint64) ([]Disk, int64, error) {
		req.Offset, req.Limit = offset, listPageSize
		out, err := c.DescribeDisks(ctx, region, req)
		if err != nil {
			return nil, 0, err
		}
		return out.DiskSet, out.TotalCount, nil
	}, func(page []Disk) { all = append(all, page...) })
	return all, err
}

// eachPage reads a listing page by page, from offset 0, until a page is short or the offset
// reaches the total the API reports.
func eachPage[T any](fetch func(offset uint64) (page []T, total int64, err error), fn func([]T)) error {
	for offset := uint64(0); ; {
		page, total, err := fetch(offset)
		if err != nil {
			return err
		}
		fn(page)
		offset += uint64(len(page))
		if len(page) < listPageSize || offset >= uint64(max(total, 0)) {
			return nil
		}
	}
}

// byIDs lists what ids name, at most one call's worth of IDs at a time, each ID once.
func byIDs[T any](ids []string, list func(chunk []string) ([]T, error)) ([]T, error) {
	var all []T
	for chunk := range slices.Chunk(uniq(ids), listPageSize) {
		got, err := list(chunk)
		if err != nil {
			return nil, err
		}
		all = append(all, got...)
	}
	return all, nil
}

// uniq is ids without repeats, in their first order.
func uniq(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
