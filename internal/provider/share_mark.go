package provider

// The share mark: tags the share resources put on an image to say which of its shares they manage.
// Terraform plans an image's destroy in no fixed order with the destroys of its share resources,
// so the image's plan cannot wait for them to say they are cancelling; the mark lets it know
// anyway. It is a list of accounts, not a yes/no flag, so that a share added in the console to an
// image that cvmimage_image_share_account resources also share still fails the plan.
//
// Encoding: tags cvmimage:shares:0, cvmimage:shares:1, ... each holding a comma-separated chunk of
// account IDs that fits a tag value (255 characters). At the default share limit of 50 accounts of
// 12 digits that is 3 tags; of the longest IDs the validator allows (20 digits), 5: well within 50
// tags per resource. The value "*" means every share of the image is managed (cvmimage_image_share,
// which is authoritative and cancels every share it reads when destroyed).

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

const (
	shareMarkPrefix = "cvmimage:shares:"
	// shareMarkAll marks every share of the image as managed.
	shareMarkAll = "*"
	// maxTagValueLength is the Tag API's limit on a tag value.
	maxTagValueLength = 255
	// shareMarkedKey is the share resources' private-state key saying that their accounts are in
	// the image's mark. A resource without it (imported, or made before the mark existed) is
	// marked by its next apply.
	shareMarkedKey = "share_marked"
)

// shareMark is what an image's mark says.
type shareMark struct {
	all      bool
	accounts map[string]bool
}

func (m shareMark) managed(account string) bool { return m.all || m.accounts[account] }

// shareMarkOf reads the mark from an image's tags.
func shareMarkOf(tags map[string]string) shareMark {
	m := shareMark{accounts: map[string]bool{}}
	for k, v := range tags {
		if !strings.HasPrefix(k, shareMarkPrefix) {
			continue
		}
		for _, a := range strings.Split(v, ",") {
			switch {
			case a == shareMarkAll:
				m.all = true
			case a != "":
				m.accounts[a] = true
			}
		}
	}
	return m
}

// tags encodes the mark as the changes to make to an image whose tags are old: the chunks that
// differ, and the mark keys past the last chunk.
func (m shareMark) tags(old map[string]string) (set map[string]string, remove []string) {
	var chunks []string
	if m.all {
		chunks = []string{shareMarkAll}
	} else {
		chunk := ""
		for _, a := range slices.Sorted(maps.Keys(m.accounts)) {
			if chunk != "" && len(chunk)+1+len(a) > maxTagValueLength {
				chunks = append(chunks, chunk)
				chunk = ""
			}
			chunk = strings.TrimPrefix(chunk+","+a, ",")
		}
		if chunk != "" {
			chunks = append(chunks, chunk)
		}
	}
	set = map[string]string{}
	for i, c := range chunks {
		if k := shareMarkPrefix + strconv.Itoa(i); old[k] != c {
			set[k] = c
		}
	}
	for _, k := range slices.Sorted(maps.Keys(old)) {
		n, ok := strings.CutPrefix(k, shareMarkPrefix)
		if i, err := strconv.Atoi(n); ok && (err != nil || i >= len(chunks)) {
			remove = append(remove, k)
		}
	}
	return set, remove
}
