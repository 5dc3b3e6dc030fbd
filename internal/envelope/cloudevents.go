package envelope

// required attributes of a CloudEvents body, as bits of cloudEvent.seen.
const (
	seenSpecVersion = 1 << iota
	seenID
	seenSource
	seenType
	seenTenant
	seenData
)

// cloudEvent decodes the attributes of a CloudEvents 1.0 JSON body, each by
// the grammar of its specification (CloudEvents 1.0 "Type System"), within
// the product's limits:
//
//   - specversion (required) is "1.0";
//   - id (required): a CloudEvents String (no control characters or
//     noncharacters) of 1..MaxIDLength bytes;
//   - source (required) is the producer id: an RFC 3986 URI-reference, and
//     type (required) the event type; both 1..MaxNameLength bytes of
//     visible ASCII, looked up exactly by the registry;
//   - tenant (required extension) matches ValidTenantID;
//   - time (optional): RFC 3339 section 5.6 date-time (parseRFC3339);
//     absent leaves Event.Time zero;
//   - datacontenttype (optional): an RFC 2046 media type (parseMediaType)
//     declaring JSON (*/json or */*+json, as the JSON format's section 3.1),
//     parameters allowed: only JSON data is supported;
//   - dataschema (optional): an RFC 3986 absolute-URI (no fragment);
//   - subject (optional): a non-empty CloudEvents String;
//   - data (required): any JSON value but null; data_base64 is refused;
//   - schema version (optional): the extension "schemaversion" ("v2"), and/or
//     the last path segment of the "dataschema" URI with any ".json" suffix
//     removed, when that segment matches ValidSchemaVersion
//     (".../order-created/v2" or ".../v2.json"). When both name a version
//     they must agree. Without one, the registry applies the tenant's
//     default version.
//   - any other attribute is an extension: its name must be [a-z0-9]+ and
//     its value a CloudEvents String, a number or a boolean; it is otherwise
//     ignored.
//
// An optional attribute whose value is null is absent, as the CloudEvents
// JSON format specifies.
type cloudEvent struct {
	fields
	ev           *Event
	seen         int
	schemaFromID string // the version found in dataschema, if any
}

func decodeCloudEvent(members []member) (*Event, error) {
	d := cloudEvent{ev: &Event{Format: FormatCloudEvents}}
	for _, m := range members {
		d.attribute(m)
	}
	d.finish()
	if len(d.violations) > 0 {
		return nil, envelopeError(d.ev, errCloudEvent, d.violations...)
	}
	return d.ev, nil
}

func (d *cloudEvent) attribute(m member) {
	switch key := string(m.key); {
	case key == "data":
		d.data(m)
	case isNull(m.value) && key != "specversion" && key != "id":
		// Absent: required ones are reported by finish.
	case key == "specversion":
		d.seen |= seenSpecVersion
		if v, ok := d.str(m); ok && v != "1.0" {
			d.add("/specversion", `must be "1.0"`)
		}
	case key == "id":
		d.seen |= seenID
		d.ev.ID = d.id(m)
	default:
		d.context(key, m)
	}
}

// context decodes the attributes other than specversion, id and data.
func (d *cloudEvent) context(key string, m member) {
	switch key {
	case "source":
		d.seen |= seenSource
		d.ev.Producer = d.source(m)
	case "type":
		d.seen |= seenType
		d.ev.Type = d.name(m)
	case "tenant":
		d.seen |= seenTenant
		d.ev.Tenant = d.tenant(m)
	case "time":
		d.time(m)
	case "datacontenttype":
		d.contentType(m)
	case "dataschema":
		d.dataSchema(m)
	case "schemaversion":
		d.schemaVersion(m)
	case "subject":
		d.subject(m)
	case "data_base64":
		d.add("/data_base64", "binary data is not supported: send JSON in data")
	default:
		d.extension(m)
	}
}

// finish reports missing attributes and settles the schema version.
func (d *cloudEvent) finish() {
	for _, r := range []struct {
		bit int
		key string
	}{
		{seenSpecVersion, "specversion"}, {seenID, "id"}, {seenSource, "source"},
		{seenType, "type"}, {seenTenant, "tenant"}, {seenData, "data"},
	} {
		d.require(d.seen&r.bit != 0, r.key)
	}
	switch {
	case d.schemaFromID == "":
	case d.ev.SchemaVersion == "":
		d.ev.SchemaVersion = d.schemaFromID
	case d.ev.SchemaVersion != d.schemaFromID:
		d.add("/dataschema", "names version %s but schemaversion is %s", d.schemaFromID, d.ev.SchemaVersion)
	}
}

// validExtensionName reports whether key is a CloudEvents attribute name:
// lower-case ASCII letters and digits ("Naming Conventions"). The spec's
// "SHOULD NOT exceed 20 characters" is not a reason to refuse.
func validExtensionName(key []byte) bool {
	if len(key) == 0 {
		return false
	}
	for _, c := range key {
		if !isLowerAlnum(c) {
			return false
		}
	}
	return true
}
