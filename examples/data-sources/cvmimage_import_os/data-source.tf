data "cvmimage_import_os" "all" {}

output "importable_linux" {
  value = [for t in data.cvmimage_import_os.all.os_types : t.os_type if t.platform == "linux"]
}
