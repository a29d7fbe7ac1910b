package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/cvmimage/terraform-provider-cvmimage/internal/imageapi"
)

// planLedger is the provider-wide view of what one Terraform run plans (DESIGN.md, "The plan ledger"). Terraform
// plans resources concurrently in one provider process and never tells the provider a resource's
// address, so the ledger keys each planned image by what makes it unique in the cloud, its name
// within its region, and counts the union of existing and planned names: an image created earlier
// in the same apply is counted once, whether the listing was taken before or after it appeared.
// It also caches the per-region look-ups, so a plan of many resources costs one quota call, one
// listing and one import-OS call per region; the listing is the one the plan's refreshes just
// made (imageapi.CustomImagesFromListing), so a refreshing plan lists each region once in all.
type planLedger struct {
	client *imageapi.Client

	mu      sync.Mutex
	regions map[string]*regionLedger
	// shares is the share side of the ledger, keyed "region/image-id" (plan_ledger_shares.go).
	shares map[string]*imageShareLedger
	// sources caches the copies' source look-ups, keyed "region/image-id": a for_each over N
	// destination regions copies one source, and asking for it N times would tell nothing more.
	sources map[string]*sourceLookup
	// instanceImages counts the creates of the plan that image one instance, keyed "region/instance".
	instanceImages map[string]int
	// creating holds a lock per creation token, keyed "region/token" (apply_claims.go).
	creating map[string]*sync.Mutex
}

// sourceLookup is one cached source look-up; its lock makes concurrent plans of copies of the
// same source wait for the one call instead of each making it.
type sourceLookup struct {
	mu   sync.Mutex
	done bool
	img  *imageapi.Image
	err  error
}

// regionLedger is one region's share of the ledger; its own lock keeps a slow region from
// holding up plans in the others.
type regionLedger struct {
	mu sync.Mutex

	loaded  bool
	loadErr error
	// loading is closed when the load under way ends; nil when none is.
	loading chan struct{}
	quota   int
	// existing maps the name of every custom image the account holds to that image.
	existing map[string]existingImage
	// planned maps the names of images the plan creates to the first resource planning each.
	planned map[string]imageCreation
	// unnamed counts planned creates whose name is not known yet; they still take a slot.
	unnamed int
	// leaving holds the IDs of images the plan replaces; their name and slot go to the replacement.
	leaving map[string]bool
	// claimed holds the IDs of images creates of this process made or adopted, so that no two
	// resources adopt one image, and no delete deletes one.
	claimed map[string]bool
	// inState holds the IDs of images this process saw in a resource's prior state (a refresh or a
	// plan of it): an image in a state is never adopted.
	inState map[string]bool

	// importOSMu guards importOS and importOSErr, and is held while they are asked for: the region's
	// other bookkeeping does not wait for that call.
	importOSMu  sync.Mutex
	importOS    *imageapi.DescribeImportImageOsResponse
	importOSErr error
}

type existingImage struct {
	id string
	// image is what the listing says of it, for recognising an image an interrupted create left.
	image imageapi.Image
	// failed images are what a tainted resource holds. Terraform plans a tainted resource's
	// replacement as a plain create, so the provider cannot tell the image is about to go; a failed
	// image is useless, so it is taken to be leaving rather than counted against its replacement.
	failed bool
}

func newPlanLedger(client *imageapi.Client) *planLedger {
	return &planLedger{client: client, regions: map[string]*regionLedger{}, shares: map[string]*imageShareLedger{}, sources: map[string]*sourceLookup{}, instanceImages: map[string]int{}, creating: map[string]*sync.Mutex{}}
}

func (l *planLedger) region(region string) *regionLedger {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.regions[region]
	if !ok {
		r = &regionLedger{existing: map[string]existingImage{}, planned: map[string]imageCreation{}, leaving: map[string]bool{}, claimed: map[string]bool{}, inState: map[string]bool{}}
		l.regions[region] = r
	}
	return r
}

// load takes the region's quota and listing once per process; a failure is remembered too, so a
// broken region costs one failed call, not one per resource. The caller holds r.mu, which load
// releases while it calls the API: every refresh and plan in the region records the image it saw
// (seenInState), and none of them may wait for these calls.
func (l *planLedger) load(ctx context.Context, region string, r *regionLedger) error {
	for r.loading != nil {
		loading := r.loading
		r.mu.Unlock()
		<-loading
		r.mu.Lock()
	}
	if r.loaded {
		return r.loadErr
	}
	r.loading = make(chan struct{})
	r.mu.Unlock()
	quota, err := l.client.DescribeImageQuota(ctx, region)
	var images []imageapi.Image
	if err == nil {
		images, err = l.client.CustomImagesFromListing(ctx, region)
	}
	r.mu.Lock()
	close(r.loading)
	r.loading = nil
	r.loaded, r.loadErr = true, err
	if err != nil {
		return err
	}
	r.quota = int(quota)
	for _, img := range images {
		failed := img.ImageState == imageapi.StateCreateFailed || img.ImageState == imageapi.StateImportFailed
		r.existing[img.ImageName] = existingImage{id: img.ImageId, image: img, failed: failed}
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

// createCheck is what the ledger says about one planned create.
type createCheck struct {
	use quotaUse
	// holder is the ID of another image that already holds the name ("" if none).
	holder string
	// adopt is the image an interrupted apply made for this very resource (imageCreation.owns),
	// which the apply adopts instead of making another; nil if none.
	adopt *imageapi.Image
	// replaces is the ID of the image that holds the name and that this create most likely
	// replaces: one the plan replaces, or one this provider made whose create returned.
	replaces string
	// twin is another resource of the plan that makes an image of the same name, or nil.
	twin *imageCreation
}

// planCreate records that the plan creates image c (its name unknown when !nameKnown) and checks
// it against the images that exist and the other creates of the plan.
func (l *planLedger) planCreate(ctx context.Context, c imageCreation, nameKnown bool) (createCheck, error) {
	r := l.region(c.region)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := l.load(ctx, c.region, r); err != nil {
		return createCheck{}, err
	}
	var check createCheck
	if !nameKnown {
		r.unnamed++
		for _, img := range r.existing {
			if !r.inState[img.id] && c.owns(&img.image) {
				check.adopt = &img.image
			}
		}
		check.use = r.use(c.region)
		return check, nil
	}
	// Terraform never says which resource is planning, but it plans each create once per process:
	// a second create of the same name is a second resource.
	if prior, planned := r.planned[c.name]; planned {
		check.twin = &prior
	} else {
		r.planned[c.name] = c
	}
	if holder, taken := r.existing[c.name]; taken && !holder.failed {
		switch {
		case !r.inState[holder.id] && c.owns(&holder.image):
			check.adopt = &holder.image
		case r.leaving[holder.id] || madeByProvider(&holder.image):
			// The image this resource replaces: planned so here, or, for a -replace, a tainted
			// object or a create_before_destroy left half done, one this provider made whose create
			// returned. Terraform does not say which; failing here would leave a half-done
			// create_before_destroy with no way out, so the create itself says it, before making
			// anything (reportNameHeldAtApply).
			check.replaces = holder.id
		default:
			check.holder = holder.id
		}
	}
	check.use = r.use(c.region)
	return check, nil
}

// keeps says whether an existing image stays after the plan.
func (r *regionLedger) keeps(img existingImage) bool {
	return !img.failed && !r.leaving[img.id]
}

// use counts the kept existing images and the planned names that are not among them.
func (r *regionLedger) use(region string) quotaUse {
	q := quotaUse{Region: region, Quota: r.quota, Added: r.unnamed}
	for _, img := range r.existing {
		if r.keeps(img) {
			q.Used++
		}
	}
	for name := range r.planned {
		if img, ok := r.existing[name]; !ok || !r.keeps(img) {
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

// seenInState records that a resource's prior state holds image id in region.
func (l *planLedger) seenInState(region, id string) {
	r := l.region(region)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inState[id] = true
}

// sourceImage returns a copy's source image, asked once per process whatever the number of copies.
func (l *planLedger) sourceImage(ctx context.Context, region, imageID string) (*imageapi.Image, error) {
	l.mu.Lock()
	key := region + "/" + imageID
	s, ok := l.sources[key]
	if !ok {
		s = &sourceLookup{}
		l.sources[key] = s
	}
	l.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.done {
		s.img, s.err = l.client.ImageNow(ctx, region, imageID)
		// A failure is not kept: a source made earlier in the same apply may not be listed yet.
		s.done = s.err == nil
	}
	return s.img, s.err
}

// importOSList returns what ImportImage accepts in region, asked once per process.
func (l *planLedger) importOSList(ctx context.Context, region string) (*imageapi.DescribeImportImageOsResponse, error) {
	r := l.region(region)
	r.importOSMu.Lock()
	defer r.importOSMu.Unlock()
	if r.importOS == nil && r.importOSErr == nil {
		r.importOS, r.importOSErr = l.client.DescribeImportImageOs(ctx, region)
	}
	return r.importOS, r.importOSErr
}

// planInstanceImage records that the plan makes an image of instance in region, and returns how
// many it makes of that instance so far.
func (l *planLedger) planInstanceImage(region, instance string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.instanceImages[region+"/"+instance]++
	return l.instanceImages[region+"/"+instance]
}
