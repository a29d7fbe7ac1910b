package provider

import "testing"

func TestIsDestroyCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"terraform", "destroy", "-auto-approve"}, true},
		{[]string{"/usr/bin/tofu", "-chdir=env/prod", "destroy"}, true},
		{[]string{"terraform", "apply", "-destroy", "-auto-approve"}, true},
		{[]string{"terraform", "plan", "-destroy=true", "-out=p"}, true},
		{[]string{"terraform", "apply", "-auto-approve"}, false},
		{[]string{"terraform", "apply", "-var", "destroy=true"}, false},
		{[]string{"terraform", "plan", "-destroy=false"}, false},
		{[]string{"terraform", "console", "-destroy"}, false},
		{[]string{"terraform"}, false},
		{[]string{"go-test-binary", "-test.run=TestAcc"}, false},
	} {
		if got := isDestroyCommand(tc.args); got != tc.want {
			t.Errorf("isDestroyCommand(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
