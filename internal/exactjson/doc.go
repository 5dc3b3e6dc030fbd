// Package exactjson is the processor's one number model for JSON values read
// a second time: payloads compared (duplicate or conflict, replay
// prediction) and numbers printed (violation messages), never through
// float64.
//
// A JSON number is its mathematical value, held exactly as a decimal: 1,
// 1.0, 10e-1 and 0.1e1 are one number, -0 is 0, and 9007199254740993 is not
// 9007199254740992. This is how the JSON Schema validator (jsonschema/v6,
// with big.Rat) reads numbers for const, enum and uniqueItems, so a payload
// the validator cannot tell from a stored one is a duplicate of it, and one
// it can tell apart is a different event.
package exactjson
