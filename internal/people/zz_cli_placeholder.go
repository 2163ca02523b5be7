package people

// PLACEHOLDER from h5-cli until h5-people is merged; delete on merge.

// ParseMapping reads a CRM mapping file (YAML).
func ParseMapping(data []byte) (Mapping, error) { return Mapping{}, nil }
