package poisonadmin

import (
	"context"
	"errors"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/rejection"
)

// Verdict predicts what the processor will do with a replayed record.
type Verdict string

const (
	// VerdictPass: the event now passes validation and is not stored yet;
	// the processor will store it.
	VerdictPass Verdict = "pass"
	// VerdictDuplicate: the event passes validation and an identical event
	// is already stored; the processor will acknowledge it without a second
	// row. Replay sends it, which settles the record.
	VerdictDuplicate Verdict = "duplicate"
	// VerdictFail: the processor would reject the event again (Class and
	// Detail say why); replay sends it only when forced.
	VerdictFail Verdict = "fail"
	// VerdictUnsendable: the record cannot be sent to SQS as it arrived
	// (Detail says why); replay never sends it.
	VerdictUnsendable Verdict = "unsendable"
)

// Prediction is the verdict on one record and the message a replay sends.
type Prediction struct {
	Verdict Verdict
	// Class is the class of the predicted rejection when Verdict is fail.
	Class rejection.Class
	// Detail is the predicted rejection, or why the record is unsendable.
	Detail string
	// EventID is the event id the replay carries ("" when unknown).
	EventID string
	// Message is what a replay sends; nil when unsendable.
	Message *message.Message
	// ReSigned: Message carries a new signature (ReplayOptions.ReSign).
	ReSigned bool
}

// predict decodes, authenticates and validates r's body as the processor
// will, with the event id and the attributes the replay gives it (re-signed
// when reSign), and looks for an event already stored under that id. Only a
// failure to query Postgres is returned as an error.
func (a *Admin) predict(ctx context.Context, r *Record, reSign bool) (Prediction, error) {
	ev, decodeErr := envelope.Decode(r.Body, originalMessageID(r.Record))
	p := Prediction{EventID: r.EventID}
	if p.EventID == "" && ev != nil {
		p.EventID = ev.ID
	}
	msg, err := replayMessage(r.Record, p.EventID)
	if err != nil {
		return Prediction{Verdict: VerdictUnsendable, Detail: err.Error(), EventID: p.EventID}, nil
	}
	p.Message = msg
	if decodeErr != nil {
		return p.rejected(decodeErr), nil
	}
	p.ReSigned = reSign && a.reSign(ev, msg)
	if err := a.authenticate(ev, msg); err != nil {
		return p.rejected(err), nil
	}
	if err := a.cfg.Registry.Validate(ev); err != nil {
		return p.rejected(err), nil
	}
	return a.predictStore(ctx, p, ev)
}

// rejected is p predicted to fail with err: its class, and its first
// violation or its cause as the detail.
func (p Prediction) rejected(err error) Prediction {
	p.Verdict, p.Class, p.Detail = VerdictFail, rejection.ClassEnvelope, err.Error()
	var rejected *rejection.Error
	if !errors.As(err, &rejected) {
		return p
	}
	p.Class = rejected.Class
	switch n := len(rejected.Violations); {
	case n > 0:
		v := rejected.Violations[0]
		p.Detail = v.Message
		if v.Path != "" {
			p.Detail = v.Path + ": " + v.Message
		}
		if n > 1 {
			p.Detail += fmt.Sprintf(" (and %d more)", n-1)
		}
	case rejected.Err != nil:
		p.Detail = rejected.Err.Error()
	}
	return p
}

// predictStore tells a new event from one already stored, identical
// (duplicate) or not (a conflict the processor rejects again).
func (a *Admin) predictStore(ctx context.Context, p Prediction, ev *envelope.Event) (Prediction, error) {
	stored, err := a.storedEvent(ctx, ev)
	if err != nil {
		return p, err
	}
	switch {
	case stored == nil:
		p.Verdict = VerdictPass
	case stored.matches(ev):
		p.Verdict = VerdictDuplicate
	default:
		p.Verdict, p.Class = VerdictFail, rejection.ClassConflict
		p.Detail = "event id already stored with producer " + stored.producer + ", type " + stored.eventType + " and a different payload"
	}
	return p, nil
}
