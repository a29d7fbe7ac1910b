package imageapi

import "encoding/json"

// MarshalJSON sends ForcePoweroff and Sysprep as the strings "true"/"false" the API declares, and
// omits every field that is not set, so that no zero value is ever sent as if it were chosen.
func (r CreateImageRequest) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ImageName        string             `json:",omitempty"`
		InstanceId       string             `json:",omitempty"`
		ImageDescription string             `json:",omitempty"`
		ForcePoweroff    string             `json:",omitempty"`
		Sysprep          string             `json:",omitempty"`
		DataDiskIds      []string           `json:",omitempty"`
		SnapshotIds      []string           `json:",omitempty"`
		DryRun           bool               `json:",omitempty"`
		TagSpecification []TagSpecification `json:",omitempty"`
		ImageFamily      string             `json:",omitempty"`
	}{
		r.ImageName, r.InstanceId, r.ImageDescription, boolString(r.ForcePoweroff), boolString(r.Sysprep),
		r.DataDiskIds, r.SnapshotIds, r.DryRun, r.TagSpecification, r.ImageFamily,
	})
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return ""
}
