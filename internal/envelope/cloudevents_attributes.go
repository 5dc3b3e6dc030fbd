package envelope

import (
	"path"
	"strings"
)

func (d *cloudEvent) data(m member) {
	if isNull(m.value) {
		return // reported as missing by finish
	}
	d.seen |= seenData
	d.ev.Data = append([]byte(nil), m.value...)
}

func (d *cloudEvent) time(m member) {
	s, ok := d.bounded(m, maxAttributeLength)
	if !ok {
		return
	}
	t, ok := parseRFC3339(s)
	if !ok {
		d.add("/time", "must be an RFC 3339 date-time (section 5.6), such as 2026-11-26T09:00:00Z")
		return
	}
	d.ev.Time = t
}

func (d *cloudEvent) contentType(m member) {
	s, ok := d.bounded(m, maxAttributeLength)
	if !ok {
		return
	}
	_, subtype, ok := parseMediaType(s)
	switch {
	case !ok:
		d.add("/datacontenttype", "must be an RFC 2046 media type, such as application/json")
	case subtype != "json" && !strings.HasSuffix(subtype, "+json"):
		d.add("/datacontenttype", "must declare JSON data (*/json or */*+json): only JSON data is supported")
	}
}

func (d *cloudEvent) dataSchema(m member) {
	s, ok := d.bounded(m, maxAttributeLength)
	if !ok {
		return
	}
	if !validAbsoluteURI(s) {
		d.add("/dataschema", "must be an absolute URI (RFC 3986 section 4.3)")
		return
	}
	p, _, _ := strings.Cut(s, "?")
	if v := strings.TrimSuffix(path.Base(p), ".json"); ValidSchemaVersion(v) {
		d.schemaFromID = v
	}
}

func (d *cloudEvent) schemaVersion(m member) {
	s, ok := d.str(m)
	if !ok {
		return
	}
	if !ValidSchemaVersion(s) {
		d.add("/schemaversion", "must match ^v[1-9][0-9]{0,5}$")
		return
	}
	d.ev.SchemaVersion = s
}

// source returns the producer: a URI-reference (RFC 3986 section 4.1) of
// 1..MaxNameLength bytes of visible ASCII, looked up exactly by the registry.
func (d *cloudEvent) source(m member) string {
	s := d.name(m)
	if s != "" && !validURIReference(s) {
		d.add("/source", "must be a URI-reference (RFC 3986 section 4.1)")
		return ""
	}
	return s
}

// subject is a non-empty CloudEvents String; it is otherwise ignored.
func (d *cloudEvent) subject(m member) {
	if s, ok := d.bounded(m, maxAttributeLength); ok && !validString(s, 1) {
		d.add("/subject", "must be a non-empty string without control characters or noncharacters")
	}
}

func (d *cloudEvent) extension(m member) {
	if !validExtensionName(m.key) {
		d.add(pointer(m.key), "is not a CloudEvents attribute: attribute names are lower-case ASCII letters and digits")
		return
	}
	switch m.value[0] {
	case '{', '[':
		d.add(pointer(m.key), "must be a string, number or boolean, not %s", kindOf(m.value))
	case '"':
		if s, ok := d.bounded(m, maxAttributeLength); ok && !validString(s, 0) {
			d.add(pointer(m.key), "must be a string without control characters or noncharacters")
		}
	}
}
