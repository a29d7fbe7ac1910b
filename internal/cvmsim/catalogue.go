package cvmsim

import (
	"crypto/sha256"
	"math/big"
	"sort"
	"strings"
	"sync"
	"time"
)

// catalogueImage is one public or marketplace image in one region. Catalogue images are computed,
// never stored: they are the same on every run, in every process.
type catalogueImage struct {
	ID, Region   string
	Type         string // PUBLIC_IMAGE or MARKET_IMAGE
	Creator      string
	Source       string
	Name         string
	Description  string
	OsName       string
	Platform     string
	Architecture string
	Size         int64
	CloudInit    bool
	Family       string
	Deprecated   bool
	Created      time.Time
}

// deriveID makes a stable "<prefix>-" + 8 base-36 characters ID from its parts, so that catalogue
// IDs are fixed per region without being typed by hand.
func deriveID(prefix string, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	s := new(big.Int).SetBytes(sum[:]).Text(36)
	return prefix + "-" + s[len(s)-8:]
}

var (
	catalogueOnce     sync.Once
	catalogueByRegion map[string][]*catalogueImage
)

// catalogue returns the region's public and marketplace images, newest first.
func catalogue(regionName string) []*catalogueImage {
	catalogueOnce.Do(func() {
		catalogueByRegion = map[string][]*catalogueImage{}
		for _, r := range regions {
			var list []*catalogueImage
			list = append(list, publicImages(r)...)
			list = append(list, marketImages(r)...)
			sort.SliceStable(list, func(i, j int) bool { return list[i].Created.After(list[j].Created) })
			catalogueByRegion[r.Name] = list
		}
	})
	return catalogueByRegion[regionName]
}

func catalogueLookup(regionName, id string) *catalogueImage {
	for _, c := range catalogue(regionName) {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func mustDate(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic("cvmsim: bad catalogue date " + s)
	}
	return t.Add(2 * time.Hour)
}
