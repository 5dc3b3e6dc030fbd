package poisonadmin

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits of a list page.
const (
	DefaultListLimit = 50
	MaxListLimit     = 1000
)

// ListOptions selects one page of records, newest (last seen) first.
type ListOptions struct {
	Filter Filter
	// Limit is the page size. Default 50; between 1 and 1000 (a zero takes
	// the default, it never means an empty page).
	Limit int
	// Page is the Next of the previous page; "" for the first page.
	Page string
}

func (o ListOptions) withDefaults() ListOptions {
	o.Limit = cmp.Or(o.Limit, DefaultListLimit)
	return o
}

// Validate reports, as one *UsageError, every invalid option: a bad filter
// or a limit outside [1, MaxListLimit]. List calls it first, after
// defaults.
func (o ListOptions) Validate() error {
	errs := []error{o.Filter.Validate()}
	if o.Limit < 1 || o.Limit > MaxListLimit {
		errs = append(errs, usagef("limit %d is outside [1, %d]", o.Limit, MaxListLimit))
	}
	return joinUsage(errs...)
}

// ListPage is one page of records. Next is "" on the last page.
type ListPage struct {
	Records []*Record
	Next    string
}

// List returns one page of the records f selects, newest first (by last
// sighting, then by offset). Paging is by key, so records poisoned while an
// operator pages through do not shift the pages.
func (a *Admin) List(ctx context.Context, opts ListOptions) (*ListPage, error) {
	opts = opts.withDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	filter, err := a.resolveIDs(ctx, opts.Filter)
	if err != nil {
		return nil, err
	}
	q := &query{}
	q.filter(filter)
	if err := pageAfter(q, opts.Page); err != nil {
		return nil, err
	}
	records, err := a.records(ctx, q, `ORDER BY r.last_seen DESC, r."offset" DESC LIMIT `+strconv.Itoa(opts.Limit+1))
	if err != nil {
		return nil, err
	}
	page := &ListPage{Records: records}
	if len(records) > opts.Limit {
		page.Records = records[:opts.Limit]
		last := page.Records[opts.Limit-1]
		page.Next = fmt.Sprintf("%d.%d", last.lastSeen.UnixMicro(), last.Offset)
	}
	return page, nil
}

// pageAfter keeps the records after the cursor "<last seen, µs>.<offset>".
func pageAfter(q *query, cursor string) error {
	if cursor == "" {
		return nil
	}
	micros, offset, ok := strings.Cut(cursor, ".")
	us, err1 := strconv.ParseInt(micros, 10, 64)
	off, err2 := strconv.ParseInt(offset, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return usagef("page %q is not a page cursor printed by list", cursor)
	}
	q.and(`(r.last_seen, r."offset") < (` + q.arg(time.UnixMicro(us)) + `, ` + q.arg(off) + `)`)
	return nil
}
