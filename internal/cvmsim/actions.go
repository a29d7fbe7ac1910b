package cvmsim

// action is one API action: whether it writes, the schema of its parameters, and what it does.
type action struct {
	write  bool
	params schema
	run    func(s *Sim, c *call, w *world) (any, *apiError)
}

// lookupAction finds an action by "service.Action".
func lookupAction(key string) (action, bool) {
	a, ok := actions[key]
	return a, ok
}

// actions is the API surface. The schemas follow the official SDK's request models field for
// field; conditionally required fields are optional here and checked by the action.
var actions = map[string]action{
	"cvm.DescribeImages": {params: schema{
		"ImageIds": opt(kStrings), "Filters": optObjects(filterSchema),
		"Offset": opt(kUnsigned), "Limit": opt(kUnsigned), "InstanceType": opt(kString),
	}, run: describeImages},
	"cvm.CreateImage": {write: true, params: schema{
		"ImageName": req(kString), "InstanceId": opt(kString), "ImageDescription": opt(kString),
		"ForcePoweroff": opt(kString), "Sysprep": opt(kString), "DataDiskIds": opt(kStrings),
		"SnapshotIds": opt(kStrings), "DryRun": opt(kBool),
		"TagSpecification": optObjects(tagSpecificationSchema), "ImageFamily": opt(kString),
	}, run: createImage},
	"cvm.DeleteImages": {write: true, params: schema{
		"ImageIds": req(kStrings), "DeleteBindedSnap": opt(kBool), "DryRun": opt(kBool),
	}, run: deleteImages},
	"cvm.ModifyImageAttribute": {write: true, params: schema{
		"ImageId": req(kString), "ImageName": opt(kString), "ImageDescription": opt(kString),
		"ImageFamily": opt(kString), "ImageDeprecated": opt(kBool),
	}, run: modifyImageAttribute},
	"cvm.SyncImages": {write: true, params: schema{
		"ImageIds": req(kStrings), "DestinationRegions": req(kStrings), "DryRun": opt(kBool),
		"ImageName": opt(kString), "ImageSetRequired": opt(kBool), "Encrypt": opt(kBool), "KmsKeyId": opt(kString),
	}, run: syncImages},
	"cvm.ModifyImageSharePermission": {write: true, params: schema{
		"ImageId": req(kString), "AccountIds": req(kStrings), "Permission": req(kString),
	}, run: modifyImageSharePermission},
	"cvm.DescribeImageSharePermission": {params: schema{"ImageId": req(kString)}, run: describeImageSharePermission},
	"cvm.DescribeImageQuota":           {params: schema{}, run: describeImageQuota},
	"cvm.ImportImage": {write: true, params: schema{
		"Architecture": req(kString), "OsType": req(kString), "OsVersion": req(kString),
		"ImageUrl": req(kString), "ImageName": req(kString), "ImageDescription": opt(kString),
		"DryRun": opt(kBool), "Force": opt(kBool), "TagSpecification": optObjects(tagSpecificationSchema),
		"LicenseType": opt(kString), "BootMode": opt(kString), "ImageFamily": opt(kString),
		"ImportImageDataDiskList": optObjects(schema{"ImageUrl": req(kString)}),
	}, run: importImage},
	"cvm.ExportImages": {write: true, params: schema{
		"BucketName": req(kString), "ImageIds": opt(kStrings), "ExportFormat": opt(kString),
		"FileNamePrefixList": opt(kStrings), "OnlyExportRootDisk": opt(kBool), "DryRun": opt(kBool),
		"RoleName": opt(kString),
	}, run: exportImages},
	"cvm.DescribeImportImageOs":   {params: schema{}, run: describeImportImageOs},
	"cvm.DescribeImageFromFamily": {params: schema{"ImageFamily": opt(kString)}, run: describeImageFromFamily},
	"cvm.DescribeInstances": {params: schema{
		"InstanceIds": opt(kStrings), "Filters": optObjects(filterSchema),
		"Offset": opt(kInteger), "Limit": opt(kInteger),
	}, run: describeInstances},
	"cbs.DescribeSnapshots": {params: schema{
		"SnapshotIds": opt(kStrings), "Filters": optObjects(filterSchema), "Limit": opt(kUnsigned),
		"OrderField": opt(kString), "Offset": opt(kUnsigned), "Order": opt(kString),
	}, run: describeSnapshots},
	"cbs.DescribeDisks": {params: schema{
		"DiskIds": opt(kStrings), "Filters": optObjects(filterSchema), "Limit": opt(kUnsigned),
		"OrderField": opt(kString), "Offset": opt(kUnsigned), "Order": opt(kString),
		"ReturnBindAutoSnapshotPolicy": opt(kBool),
	}, run: describeDisks},
	"tag.ModifyResourceTags": {write: true, params: schema{
		"Resource":    req(kString),
		"ReplaceTags": optObjects(schema{"TagKey": req(kString), "TagValue": opt(kString), "Category": opt(kString)}),
		"DeleteTags":  optObjects(schema{"TagKey": req(kString)}),
	}, run: modifyResourceTags},
	"tag.DescribeResourceTagsByResourceIds": {params: schema{
		"ServiceType": req(kString), "ResourcePrefix": req(kString), "ResourceIds": req(kStrings),
		"ResourceRegion": req(kString), "Offset": opt(kUnsigned), "Limit": opt(kUnsigned), "Category": opt(kString),
	}, run: describeResourceTagsByResourceIds},
}
