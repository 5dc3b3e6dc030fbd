package envelope

import (
	"mime"
	"net/url"
	"path"
	"strings"
	"time"
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
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		d.add("/time", "must be an RFC 3339 timestamp")
		return
	}
	d.ev.Time = t
}

func (d *cloudEvent) contentType(m member) {
	s, ok := d.bounded(m, maxAttributeLength)
	if !ok {
		return
	}
	mediaType, _, err := mime.ParseMediaType(s)
	if err != nil || (mediaType != "application/json" && !strings.HasSuffix(mediaType, "+json")) {
		d.add("/datacontenttype", "must be application/json")
	}
}

func (d *cloudEvent) dataSchema(m member) {
	s, ok := d.bounded(m, maxAttributeLength)
	if !ok {
		return
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		d.add("/dataschema", "must be an absolute URI")
		return
	}
	if v := strings.TrimSuffix(path.Base(u.Path), ".json"); ValidSchemaVersion(v) {
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

func (d *cloudEvent) extension(m member) {
	if !validExtensionName(m.key) {
		d.add(pointer(m.key), "is not a CloudEvents attribute: extension names are [a-z0-9]{1,20}")
		return
	}
	switch m.value[0] {
	case '{', '[':
		d.add(pointer(m.key), "must be a string, number or boolean, not %s", kindOf(m.value))
	case '"':
		d.bounded(m, maxAttributeLength)
	}
}
