package provider

import (
	"errors"
	"fmt"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// apiErrorDetail is the part of a diagnostic's detail that names what the API said: its error
// code and request ID (what Tencent Cloud support asks for), or the transport error.
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
