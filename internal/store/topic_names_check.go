package store

import (
	"errors"
	"fmt"
	"strconv"
)

// TenantIDError is a tenant id that does not match TenantIDPattern: not
// allowed in SQL identifiers, or so long that names derived from it would be
// cut by Postgres.
type TenantIDError struct {
	Tenant string
}

func (e *TenantIDError) Error() string {
	if len(e.Tenant) > MaxTenantIDLength && validTenant(e.Tenant[:MaxTenantIDLength]) {
		longest := longestName(eventsTopic(e.Tenant))
		return fmt.Sprintf("tenant id %q is %d bytes, over the limit of %d: names derived from it, such as %q (%d bytes), "+
			"would not fit in Postgres' %d-byte identifiers, which Postgres cuts without an error",
			e.Tenant, len(e.Tenant), MaxTenantIDLength, longest, len(longest), MaxIdentifierLength)
	}
	return fmt.Sprintf("tenant id %q does not match %s", e.Tenant, TenantIDPattern)
}

// NameOwner is what derives an SQL name: a tenant, or a fixed topic such as
// the poison queue's.
type NameOwner struct {
	Tenant string // empty for a fixed topic
	Topic  string
	What   string // what the name is to the owner, from TopicNames
}

func (o NameOwner) String() string {
	if o.Tenant == "" {
		return fmt.Sprintf("topic %q (%s)", o.Topic, o.What)
	}
	return fmt.Sprintf("tenant %q (%s)", o.Tenant, o.What)
}

// NameCollisionError is two owners deriving the same SQL identifier: their
// CREATE … IF NOT EXISTS would silently skip one of the two objects.
type NameCollisionError struct {
	Name          string
	First, Second NameOwner
}

func (e *NameCollisionError) Error() string {
	return fmt.Sprintf("%s and %s both derive the SQL identifier %s: rename one of the tenants",
		e.First, e.Second, strconv.Quote(e.Name))
}

// CheckTenantNames checks that every tenant id matches TenantIDPattern,
// that every name derived from the tenants and the fixed topics (the poison
// queue) fits in MaxIdentifierLength, and that no two of them derive the same
// name. It reports every problem found: *TenantIDError for each bad id,
// *NameCollisionError for each collision, joined.
func CheckTenantNames(tenants []string) error {
	var errs []error
	owners := map[string]NameOwner{}
	add := func(tenant, topic string) {
		for _, n := range TopicNames(topic) {
			owner := NameOwner{Tenant: tenant, Topic: topic, What: n.What}
			if len(n.Name) > MaxIdentifierLength {
				errs = append(errs, fmt.Errorf("%s: identifier %q is %d bytes, over Postgres' limit of %d", owner, n.Name, len(n.Name), MaxIdentifierLength))
			}
			if first, taken := owners[n.Name]; taken {
				errs = append(errs, &NameCollisionError{Name: n.Name, First: first, Second: owner})
				continue
			}
			owners[n.Name] = owner
		}
	}
	for _, topic := range fixedTopics {
		add("", topic)
	}
	for _, tenant := range tenants {
		if !validTenant(tenant) {
			errs = append(errs, &TenantIDError{Tenant: tenant})
			continue
		}
		add(tenant, eventsTopic(tenant))
	}
	return errors.Join(errs...)
}

// checkTopicNames checks that every name derived from topic fits.
func checkTopicNames(topic string) error {
	for _, n := range TopicNames(topic) {
		if len(n.Name) > MaxIdentifierLength {
			return fmt.Errorf("topic %s: identifier %q (%s) is %d bytes, over Postgres' limit of %d",
				topic, n.Name, n.What, len(n.Name), MaxIdentifierLength)
		}
	}
	return nil
}

func longestName(topic string) string {
	var longest string
	for _, n := range TopicNames(topic) {
		if len(n.Name) > len(longest) {
			longest = n.Name
		}
	}
	return longest
}
