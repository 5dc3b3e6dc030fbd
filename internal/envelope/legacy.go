package envelope

// LegacyProducer is the producer id given to bodies in the original system's
// format, which name no producer.
const LegacyProducer = "legacy"

// decodeLegacy decodes the original system's body: exactly the members
// "event_type" (the event type, as "type" in CloudEvents), "client_id" (the
// tenant, matching ValidTenantID) and "message" (the payload, any JSON value
// but null). The body has no id: fallbackID, the SQS MessageId, is the event
// id and must be a valid id itself. Other members are refused.
func decodeLegacy(members []member, fallbackID string) (*Event, error) {
	var f fields
	ev := &Event{Producer: LegacyProducer, Format: FormatLegacy}
	var seenType, seenTenant bool
	for _, m := range members {
		switch string(m.key) {
		case "event_type":
			seenType, ev.Type = true, f.name(m)
		case "client_id":
			seenTenant, ev.Tenant = true, f.tenant(m)
		case "message":
			if !isNull(m.value) {
				ev.Data = append([]byte(nil), m.value...)
			}
		default:
			f.add(pointer(m.key), `is not a member of the legacy format {"event_type","client_id","message"}`)
		}
	}
	f.require(seenType, "event_type")
	f.require(seenTenant, "client_id")
	f.require(ev.Data != nil, "message")
	if validID(fallbackID) {
		ev.ID = fallbackID
	} else {
		f.add("", "a legacy body has no id, and the fallback id (SQS MessageId) is empty or not a valid id")
	}
	if len(f.violations) > 0 {
		return nil, envelopeError(ev, errLegacy, f.violations...)
	}
	return ev, nil
}
