package registry

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/eventmesh/processor/internal/exactjson"
)

var printer = message.NewPrinter(language.English)

// violationMessage is jsonschema/v6's English message for k, with every
// number printed exactly as it is. v6 prints the values of minimum, maximum,
// exclusiveMinimum, exclusiveMaximum and multipleOf through float64
// (9007199254740993 as 9.007199254740992e15), and its message.Printer
// groups the digits of counts and indexes (1,000); those kinds are worded
// here, as v6 words them, with exactjson.FormatRat and plain integers. const
// and enum print the schema's own literals and keep v6's text.
func violationMessage(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Minimum:
		return gotWant("minimum", k.Got, k.Want)
	case *kind.Maximum:
		return gotWant("maximum", k.Got, k.Want)
	case *kind.ExclusiveMinimum:
		return gotWant("exclusiveMinimum", k.Got, k.Want)
	case *kind.ExclusiveMaximum:
		return gotWant("exclusiveMaximum", k.Got, k.Want)
	case *kind.MultipleOf:
		return gotWant("multipleOf", k.Got, k.Want)
	case *kind.MinLength:
		return fmt.Sprintf("minLength: got %d, want %d", k.Got, k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("maxLength: got %d, want %d", k.Got, k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("minItems: got %d, want %d", k.Got, k.Want)
	case *kind.MaxItems:
		return fmt.Sprintf("maxItems: got %d, want %d", k.Got, k.Want)
	case *kind.MinProperties:
		return fmt.Sprintf("minProperties: got %d, want %d", k.Got, k.Want)
	case *kind.MaxProperties:
		return fmt.Sprintf("maxProperties: got %d, want %d", k.Got, k.Want)
	case *kind.UniqueItems:
		return fmt.Sprintf("items at %d and %d are equal", k.Duplicates[0], k.Duplicates[1])
	case *kind.AdditionalItems:
		return fmt.Sprintf("last %d additionalItem(s) not allowed", k.Count)
	case *kind.OneOf:
		if len(k.Subschemas) == 2 {
			return fmt.Sprintf("'oneOf' failed, subschemas %d, %d matched", k.Subschemas[0], k.Subschemas[1])
		}
	case *kind.MinContains:
		if len(k.Got) == 0 {
			return fmt.Sprintf("min %d items required to match contains schema, but none matched", k.Want)
		}
		return containsMessage("min", k.Want, k.Got)
	case *kind.MaxContains:
		return containsMessage("max", k.Want, k.Got)
	}
	return k.LocalizedString(printer)
}

func gotWant(keyword string, got, want *big.Rat) string {
	return keyword + ": got " + exactjson.FormatRat(got) + ", want " + exactjson.FormatRat(want)
}

func containsMessage(bound string, want int, got []int) string {
	at := strings.Trim(fmt.Sprint(got), "[]")
	return fmt.Sprintf("%s %d items required to match contains schema, but matched %d items at %s", bound, want, len(got), at)
}
