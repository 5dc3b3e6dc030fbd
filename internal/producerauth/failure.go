package producerauth

import "errors"

// The checks a Failure may name.
const (
	CheckSignature = "signature"
	CheckSenderID  = "sender_id"
	CheckMethod    = "method"
)

// Failure is a failed check: the event does not prove it comes from the
// producer it names. Detail says why; it never holds a key or a whole
// signature.
type Failure struct {
	// Check is CheckSignature, CheckSenderID or CheckMethod.
	Check  string
	Detail string
}

func (f *Failure) Error() string {
	return "producer authentication failed (" + f.Check + "): " + f.Detail
}

// AsFailure returns the Failure in err's chain, if there is one.
func AsFailure(err error) (*Failure, bool) {
	var f *Failure
	ok := errors.As(err, &f)
	return f, ok
}
