package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// timeoutGetter is one of a timeouts.Value's Create, Update and Delete methods.
type timeoutGetter func(ctx context.Context, defaultTimeout time.Duration) (time.Duration, diag.Diagnostics)

// withTimeout bounds ctx by the timeout get reads from a resource's timeouts block (def when it
// sets none), as every create, update and delete does. ok is false, said in diags, when the block
// cannot be read; otherwise the caller defers cancel.
func withTimeout(ctx context.Context, get timeoutGetter, def time.Duration, diags *diag.Diagnostics) (_ context.Context, cancel context.CancelFunc, ok bool) {
	timeout, d := get(ctx, def)
	diags.Append(d...)
	if d.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel = context.WithTimeout(ctx, timeout)
	return ctx, cancel, true
}
