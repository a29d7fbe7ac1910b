package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// planLedger is the provider-wide view of what one Terraform run plans (DESIGN §12). Terraform
// plans resources concurrently in one provider process and never tells the provider a resource's
// address, so the ledger keys each planned image by what makes it unique in the cloud, its name
// within its region, and counts the union of existing and planned names: an image created earlier
// in the same apply is counted once, whether the listing was taken before or after it appeared.
// It also caches the per-region look-ups, so a plan of many resources costs one quota call, one
// listing and one import-OS call per region.
type planLedger struct {
	client *imageapi.Client

	mu      sync.Mutex
	regions map[string]*regionLedger
	// shares is the share side of the ledger, keyed "region/image-id" (share_ledger.go).
	shares map[string]*imageShareLedger
}

// regionLedger is one region's share of the ledger; its own lock keeps a slow region from
// holding up plans in the others.
type regionLedger struct {
	mu sync.Mutex

	loaded  bool
	loadErr error
	quota   int
	// existing maps the name of every custom image the account holds to that image.
	existing map[string]existingImage
	// planned holds the names of images the plan creates.
	planned map[string]bool
	// unnamed counts planned creates whose name is not known yet; they still take a slot.
	unnamed int
	// leaving holds the IDs of images the plan replaces; their name and slot go to the replacement.
	leaving map[string]bool

	importOS    *imageapi.DescribeImportImageOsResponse
	importOSErr error
}

type existingImage struct {
	id string
	// failed images are what a tainted resource holds. Terraform plans a tainted resource's
	// replacement as a plain create, so the provider cannot tell the image is about to go; a failed
	// image is useless, so it is taken to be leaving rather than counted against its replacement.
	failed bool
}

func newPlanLedger(client *imageapi.Client) *planLedger {
	return &planLedger{client: client, regions: map[string]*regionLedger{}, shares: map[string]*imageShareLedger{}}
}

func (l *planLedger) region(region string) *regionLedger {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.regions[region]
	if !ok {
		r = &regionLedger{existing: map[string]existingImage{}, planned: map[string]bool{}, leaving: map[string]bool{}}
		l.regions[region] = r
	}
	return r
}

// load takes the region's quota and listing once per process; a failure is remembered too, so a
// broken region costs one failed call, not one per resource. The caller holds r.mu.
func (l *planLedger) load(ctx context.Context, region string, r *regionLedger) error {
	if r.loaded {
		return r.loadErr
	}
	r.loaded = true
	quota, err := l.client.DescribeImageQuota(ctx, region)
	if err != nil {
		r.loadErr = err
		return err
	}
	images, err := l.client.AllImages(ctx, region, []imageapi.Filter{{Name: "image-type", Values: []string{imageapi.ImageTypePrivate}}})
	if err != nil {
		r.loadErr = err
		return err
	}
	r.quota = int(quota)
	for _, img := range images {
		failed := img.ImageState == imageapi.StateCreateFailed || img.ImageState == imageapi.StateImportFailed
		r.existing[img.ImageName] = existingImage{id: img.ImageId, failed: failed}
	}
	return nil
}

// quotaUse is what a region's custom-image quota looks like once the plan is applied.
type quotaUse struct {
	Region string
	Quota  int
	// Used counts the custom images the account holds and keeps.
	Used int
	// Added counts the images the plan creates beyond those.
	Added int
}

func (q quotaUse) total() int { return q.Used + q.Added }

func (q quotaUse) String() string {
	return fmt.Sprintf("%s holds %d of %d custom images; this plan adds %d", q.Region, q.Used, q.Quota, q.Added)
}

// planReplace records that the plan replaces (destroys, then creates) image imageID in region.
// Terraform then plans the replacement as a create with no prior state, which finds the old
// image's name and slot free.
func (l *planLedger) planReplace(region, imageID string) {
	r := l.region(region)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.leaving[imageID] = true
}

// planCreate records that the plan creates an image named name (unknown when !nameKnown) in
// region. It returns the quota use with this image counted, and the ID of another image that
// already holds the name ("" if none).
func (l *planLedger) planCreate(ctx context.Context, region, name string, nameKnown bool) (quotaUse, string, error) {
	r := l.region(region)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := l.load(ctx, region, r); err != nil {
		return quotaUse{}, "", err
	}
	conflict := ""
	holder, taken := r.existing[name]
	switch {
	case !nameKnown:
		r.unnamed++
	case taken && !r.keeps(holder):
		r.planned[name] = true
	case taken:
		conflict = holder.id
	default:
		r.planned[name] = true
	}
	return r.use(region), conflict, nil
}

// keeps says whether an existing image stays after the plan.
func (r *regionLedger) keeps(img existingImage) bool {
	return !img.failed && !r.leaving[img.id]
}

// use counts the kept existing images and the planned names that are not among them.
func (r *regionLedger) use(region string) quotaUse {
	q := quotaUse{Region: region, Quota: r.quota, Added: r.unnamed}
	kept := map[string]bool{}
	for name, img := range r.existing {
		if r.keeps(img) {
			kept[name] = true
			q.Used++
		}
	}
	for name := range r.planned {
		if !kept[name] {
			q.Added++
		}
	}
	return q
}

// nameHolder returns the ID of the image other than self that holds name in region, or "".
func (l *planLedger) nameHolder(ctx context.Context, region, name, self string) (string, error) {
	r := l.region(region)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := l.load(ctx, region, r); err != nil {
		return "", err
	}
	if img, ok := r.existing[name]; ok && img.id != self && r.keeps(img) {
		return img.id, nil
	}
	return "", nil
}

// importOSList returns what ImportImage accepts in region, asked once per process.
func (l *planLedger) importOSList(ctx context.Context, region string) (*imageapi.DescribeImportImageOsResponse, error) {
	r := l.region(region)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.importOS == nil && r.importOSErr == nil {
		r.importOS, r.importOSErr = l.client.DescribeImportImageOs(ctx, region)
	}
	return r.importOS, r.importOSErr
}
