package cvmsim

// Sandbox accounts: fixed, documented credentials (see the project's README).
const (
	OwnerAccount   = "100000000001"
	OwnerSecretID  = "AKIDSANDBOXOWNER"
	OwnerSecretKey = "sandbox-owner-key"
	PeerAccount    = "100000000002"
	PeerSecretID   = "AKIDSANDBOXPEER"
	PeerSecretKey  = "sandbox-peer-key"
	ThirdAccount   = "100000000003"
	ThirdSecretID  = "AKIDSANDBOXTHIRD"
	ThirdSecretKey = "sandbox-third-key"
	DefaultRegion  = "ap-guangzhou"
)

// account is one sandbox account; Digit is its part of the seeded IDs.
type account struct {
	ID, SecretID, SecretKey, Label string
	Digit                          string
}

var accounts = []account{
	{OwnerAccount, OwnerSecretID, OwnerSecretKey, "owner", "1"},
	{PeerAccount, PeerSecretID, PeerSecretKey, "peer", "2"},
	{ThirdAccount, ThirdSecretID, ThirdSecretKey, "third", "3"},
}

func accountBySecretID(id string) (account, bool) {
	for _, a := range accounts {
		if a.SecretID == id {
			return a, true
		}
	}
	return account{}, false
}

// seedWorld is the world every sandbox starts from: per account and region one running instance
// with a 50 GiB system disk and a 100 GiB data disk, and one snapshot of each.
func seedWorld() *world {
	w := &world{Quotas: map[string]int{}}
	for _, a := range accounts {
		for _, r := range regions {
			p := r.Code + a.Digit + "0000"
			w.Instances = append(w.Instances, &instance{
				ID: "ins-" + p + "1", Region: r.Name, Owner: a.ID,
				Name: "sandbox-" + a.Label, Zone: r.Name + "-3", ImageID: defaultInstanceImage(r.Name),
				Disks: []disk{{"disk-" + p + "1", "SYSTEM_DISK", 50}, {"disk-" + p + "2", "DATA_DISK", 100}},
			})
			w.Snapshots = append(w.Snapshots,
				&snapshot{ID: "snap-" + p + "1", Region: r.Name, Owner: a.ID, DiskUsage: "SYSTEM_DISK", Size: 50},
				&snapshot{ID: "snap-" + p + "2", Region: r.Name, Owner: a.ID, DiskUsage: "DATA_DISK", Size: 100},
			)
		}
	}
	return w
}
