package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// Values of the provider's limit_checks setting.
const (
	limitChecksError = "error"
	limitChecksWarn  = "warn"
	limitChecksOff   = "off"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *imageapi.Client
	// credentialSource says where the credentials came from, for messages about refused ones.
	credentialSource string
	// region is the provider's region: the default of every resource's and data source's region.
	region string
	// shareAccountLimit is the per-image share limit; no API reports it.
	shareAccountLimit int
	// limitChecks says what a plan-time limit violation becomes: an error, a warning, or nothing.
	limitChecks string
	// destroying says that the Terraform process serves a destroy (destroy_run.go): its normal plan
	// only refreshes, and no check of a create or a change runs in it.
	destroying bool
	// ledger counts what the plan creates against the quota and the names in use (DESIGN.md, "The plan ledger").
	ledger *planLedger
	// shareMarks records on images which shares the share resources manage (share_mark.go).
	shareMarks *shareMarks
}

// providerDataFrom unpacks the value Configure stored. It returns nil, without a diagnostic, before
// the provider is configured (Terraform validates configurations before configuring providers).
func providerDataFrom(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	pd, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", v))
		return nil
	}
	return pd
}

// limitChecksOn says whether ModifyPlan should ask the API about limits at all.
func (pd *providerData) limitChecksOn() bool {
	return pd != nil && pd.limitChecks != limitChecksOff
}
