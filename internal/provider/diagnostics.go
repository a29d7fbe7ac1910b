package provider

// The diagnostics that resources and data sources build alike: an API call that failed, and a
// rule or limit the plan found broken. Each says what was being done, what the API answered (its
// error code and request ID, which Tencent Cloud support asks for), and what to do.

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// addAPIError reports a failed API call as summary ("Cannot Update Image"): doing says what was
// being done ("Changing the tags of image img-… in ap-guangzhou"), then what the API answered;
// hint, when set, follows.
func addAPIError(diags *diag.Diagnostics, summary, doing string, err error, hint string) {
	diags.AddError(summary, doing+" failed. "+apiErrorDetail(err)+hint)
}

// apiErrorDetail is the part of a diagnostic's detail that names what the API said: its error
// code and request ID, or the transport error.
func apiErrorDetail(err error) string {
	if err == nil {
		return ""
	}
	var apiErr *imageapi.APIError
	if errors.As(err, &apiErr) {
		return fmt.Sprintf("%s answered %s: %s (request ID %s).", apiErr.Action, apiErr.Code, apiErr.Message, apiErr.RequestID)
	}
	return err.Error() + "."
}

// hasAPICode says whether err is an API error with code.
func hasAPICode(err error, code string) bool {
	var apiErr *imageapi.APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}

// reportLimit is the one place that decides what a broken plan-time limit of a create or a change
// becomes: an error (limit_checks = "error"), a warning ("warn"), or nothing ("off"). The error
// opens with the way out for a destroy it might stop.
func (pd *providerData) reportLimit(diags *diag.Diagnostics, attr path.Path, summary, detail string) {
	pd.reportRule(diags, attr, summary, destroyWayOut+"\n\n"+detail)
}

// reportRule is reportLimit for the rules of a destroy itself, which a destroy must meet.
func (pd *providerData) reportRule(diags *diag.Diagnostics, attr path.Path, summary, detail string) {
	switch pd.limitChecks {
	case limitChecksOff:
	case limitChecksWarn:
		diags.AddAttributeWarning(attr, summary, detail+"\n\nThe provider's limit_checks = \"warn\" lets the plan go on; the apply will probably fail here.")
	default:
		diags.AddAttributeError(attr, summary, detail+"\n\nShould this check be wrong (a limit Tencent Cloud has raised for the account that the API does not report, say), set limit_checks = \"warn\" in the provider block to plan anyway.")
	}
}

// reportCheckFailure says a limit could not be checked, what was being checked (what) where. It is
// a warning: the plan is no worse off than with any other provider, and the apply will report the
// real problem if there is one. Refused credentials, a region the endpoint does not serve and an
// endpoint that does not answer would doom the apply too, so they fail the plan.
func (pd *providerData) reportCheckFailure(diags *diag.Diagnostics, what, region string, err error) {
	if pd.reportDoomed(diags, "Checking "+what, region, err) {
		return
	}
	diags.AddWarning("Plan-Time Limit Check Skipped",
		fmt.Sprintf("Could not check %s in %s, so the plan does not know whether it fits. %s", what, region, apiErrorDetail(err)))
}

// reportDoomed reports, as an error, a failure that every later call would meet too: refused
// credentials (naming where they came from, never the secret), a region the endpoint does not
// serve, an endpoint that does not answer. doing says what was being done. It says whether err was
// one of those.
func (pd *providerData) reportDoomed(diags *diag.Diagnostics, doing, region string, err error) bool {
	switch {
	case errors.Is(err, imageapi.ErrAuth):
		diags.AddError("Credentials Refused", fmt.Sprintf("%s in %s, the API refused the provider's credentials, "+
			"taken from %s, so the apply would fail too. Check that key pair. %s", doing, region, pd.credentialSource, apiErrorDetail(err)))
	case hasAPICode(err, "UnsupportedRegion"):
		diags.AddError("Region Not Served", fmt.Sprintf("%s: the API endpoint does not serve the region %s, so the apply "+
			"would fail there too. Choose a region it serves (the sandbox serves the regions its guide lists). %s", doing, region, apiErrorDetail(err)))
	case errors.Is(err, imageapi.ErrUnreachable):
		diags.AddError("API Endpoint Unreachable", fmt.Sprintf("%s in %s: %s. The apply could not reach it either: "+
			"check the endpoint setting and the network.", doing, region, err))
	default:
		return false
	}
	return true
}

// addAPIFailure is addAPIError for a call in region (doing names no region) whose failure may doom
// every later call too, which reportDoomed then says instead.
func (pd *providerData) addAPIFailure(diags *diag.Diagnostics, summary, doing, region string, err error, hint string) {
	if !pd.reportDoomed(diags, doing, region, err) {
		addAPIError(diags, summary, doing+" in "+region, err, hint)
	}
}
