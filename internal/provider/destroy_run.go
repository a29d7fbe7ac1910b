package provider

// Whether this provider serves a destroy. `terraform destroy` (and `apply -destroy`, `plan
// -destroy`) first runs a normal plan to refresh the state, which plans every configured resource,
// creates included, and stops the destroy on any error. Terraform does not tell a provider which
// plan it is in, so a limit check on a create the destroy will never make would block the very
// deletes the user asked for. The command line of the Terraform process that started the provider
// says it; where the operating system does not show it, the limit errors' first line gives the way
// out instead (diagnostics.go, reportLimit).

import (
	"fmt"
	"os"
	"strings"
)

// destroyWayOut is the first line of a limit error, for a destroy that is not recognised.
const destroyWayOut = "(Should this stop a `terraform destroy`, run `terraform destroy -refresh=false`.)"

// servesDestroy says whether the parent process runs a destroy.
func servesDestroy() bool {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", os.Getppid()))
	if err != nil {
		return false
	}
	return isDestroyCommand(strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00"))
}

// isDestroyCommand says whether args, a Terraform or OpenTofu command line, asks for a destroy:
// the destroy subcommand, or plan or apply with -destroy.
func isDestroyCommand(args []string) bool {
	if len(args) < 2 {
		return false
	}
	sub := ""
	for _, a := range args[1:] {
		switch {
		case sub == "" && strings.HasPrefix(a, "-"):
			// global options, such as -chdir=DIR
		case sub == "":
			sub = a
			if sub == "destroy" {
				return true
			}
			if sub != "plan" && sub != "apply" {
				return false
			}
		case a == "-destroy" || a == "--destroy" || a == "-destroy=true" || a == "--destroy=true":
			return true
		}
	}
	return false
}
