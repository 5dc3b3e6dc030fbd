package store

import (
	"strings"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
)

// MaxIdentifierLength is Postgres' limit on identifiers, in bytes
// (NAMEDATALEN-1). Postgres cuts longer names without an error.
const MaxIdentifierLength = 63

// MaxTenantIDLength is the longest tenant id, in bytes. The longest name
// derived from a tenant, its consumer groups' offsets table's primary key
// "watermill_offsets_events_<tenant>_pkey", puts 30 bytes around the id:
// 32 keeps every derived name within MaxIdentifierLength, with a byte spare.
const MaxTenantIDLength = 32

// TenantIDPattern is what a tenant id must match. It becomes part of SQL
// identifiers: see TopicNames.
const TenantIDPattern = `^[a-z0-9][a-z0-9_-]{0,31}$`

// PoisonTopic is the watermill-sql topic of the poison queue.
const PoisonTopic = "poison"

// fixedTopics are the topics that are not tenants'. Their names are checked
// against the tenants' too.
var fixedTopics = []string{PoisonTopic}

// SQLName is an identifier, unquoted, that Postgres holds for a topic, and
// what it names.
type SQLName struct {
	Name string
	What string
}

// TopicNames returns every identifier that Postgres holds for topic: the
// watermill-sql table and the names Postgres gives its primary key and the
// sequence of its bigserial "offset", the unique index on "uuid" that makes
// inserts idempotent, and the offsets table (with its primary key) that
// watermill-sql's default Postgres offsets adapter creates for the topic's
// consumer groups. Tables, indexes and sequences share one name space.
//
// This is the one place where names are derived from a topic: a table or
// index added later (a sender's delivery table) is added here, and the
// registry checks it at load for every tenant (CheckTenantNames).
func TopicNames(topic string) []SQLName {
	table := messagesTable(topic)
	offsets := unquote(wsql.DefaultPostgreSQLOffsetsAdapter{}.MessagesOffsetsTable(topic))
	return []SQLName{
		{Name: table, What: "table"},
		{Name: table + "_pkey", What: "primary key of table " + table},
		{Name: table + "_offset_seq", What: "offset sequence of table " + table},
		{Name: uuidIndex(topic), What: "unique index on uuid of table " + table},
		{Name: offsets, What: "consumer group offsets table of topic " + topic},
		{Name: offsets + "_pkey", What: "primary key of table " + offsets},
	}
}

// messagesTable is topic's watermill-sql table, unquoted. Every topic schema
// of this package names tables as watermill-sql's default does.
func messagesTable(topic string) string {
	return unquote(NewTopicSchema().MessagesTable(topic))
}

// uuidIndex is the name of the unique index on "uuid" of topic's table.
func uuidIndex(topic string) string {
	return messagesTable(topic) + "_uuid_key"
}

func unquote(name string) string {
	return strings.Trim(name, `"`)
}
