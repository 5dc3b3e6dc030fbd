package envelope

// LegacyProducer is the producer id given to bodies in the original system's
// format, which name no producer.
const LegacyProducer = "legacy"

// legacyBody collects a legacy body's fields and what is wrong with them.
type legacyBody struct {
	fields
	ev   *Event
	seen [legacyFields]bool
}

// decodeLegacy decodes the original system's body as the original processor
// did (encoding/json into {EventType `json:"event_type"`; ClientID
// `json:"client_id"`; Message `json:"message"`; MessageId string}, then the
// SQS MessageId as id), so every body it stored is stored:
//
//   - keys bind to those fields as encoding/json binds them (legacyFieldOf:
//     any case spelling);
//   - "event_type" is the event type (visible ASCII, as "type" in
//     CloudEvents), "client_id" the tenant (ValidTenantID), "message" the
//     payload (any JSON value but null; the legacy schema narrows it);
//   - "MessageId", whatever its spelling, type or value, is ignored: the
//     event id is fallbackID, the SQS MessageId, which must be a valid id;
//   - members the original struct did not have are ignored, as it ignored
//     them;
//   - two members binding to the same one of event_type, client_id or
//     message are refused, where encoding/json took the last: which one
//     counts would depend on the parser (first wins in many), and for
//     client_id that decides the tenant. encoding/json's Marshal of the
//     original struct never writes two.
func decodeLegacy(members []member, fallbackID string) (*Event, error) {
	d := legacyBody{ev: &Event{Producer: LegacyProducer, Format: FormatLegacy}}
	for _, m := range members {
		d.member(m)
	}
	d.require(d.seen[legacyEventType], "event_type")
	d.require(d.seen[legacyClientID], "client_id")
	d.require(d.ev.Data != nil, "message")
	if validID(fallbackID) {
		d.ev.ID = fallbackID
	} else {
		d.add("", "a legacy body has no id, and the fallback id (SQS MessageId) is empty or not a valid id")
	}
	if len(d.violations) > 0 {
		return nil, envelopeError(d.ev, errLegacy, d.violations...)
	}
	return d.ev, nil
}

func (d *legacyBody) member(m member) {
	field := legacyFieldOf(m.key)
	if field == legacyUnknown || field == legacyMessageID {
		return // ignored, as the original decoder ignored or overwrote them
	}
	if d.seen[field] {
		d.add(pointer(m.key), "is a second %q member (keys match in any case): the body is ambiguous", legacyNames[field])
		return
	}
	d.seen[field] = true
	switch field {
	case legacyEventType:
		d.ev.Type = d.name(m)
	case legacyClientID:
		d.ev.Tenant = d.tenant(m)
	case legacyMessage:
		if !isNull(m.value) {
			d.ev.Data = append([]byte(nil), m.value...)
		}
	}
}
