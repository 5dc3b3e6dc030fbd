package poisonadmin

import (
	"context"
	"strconv"
)

// eachPage is how many records replay and discard read at a time.
const eachPage = 100

// eachRecord calls fn on every record f selects (f.IDs resolved), oldest
// first by offset, reading a page at a time, until fn returns an error or
// errStop.
func (a *Admin) eachRecord(ctx context.Context, f Filter, fn func(*Record) error) error {
	var after int64
	for {
		q := &query{}
		q.filter(f)
		q.and(`r."offset" > ` + q.arg(after))
		records, err := a.records(ctx, q, `ORDER BY r."offset" LIMIT `+strconv.Itoa(eachPage))
		if err != nil {
			return err
		}
		for _, r := range records {
			if err := fn(r); err != nil {
				return err
			}
			after = r.Offset
		}
		if len(records) < eachPage {
			return nil
		}
	}
}
