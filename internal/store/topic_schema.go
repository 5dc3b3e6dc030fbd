package store

import (
	"fmt"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/jackc/pgx/v5"
)

// TopicSchema is watermill-sql's Postgres schema with idempotent inserts: a
// unique index on "uuid" and INSERT … ON CONFLICT DO NOTHING. Tables and the
// select query are watermill-sql's own, so watermill-sql's Subscriber (the
// future sender) reads these topics with this adapter or the default one.
type TopicSchema struct {
	wsql.DefaultPostgreSQLSchema
}

// NewTopicSchema returns the schema of event topics (JSON payload).
func NewTopicSchema() TopicSchema {
	return TopicSchema{}
}

// NewBinaryTopicSchema returns a schema whose payload column is BYTEA, for
// topics that must hold arbitrary bytes such as the poison queue.
func NewBinaryTopicSchema() TopicSchema {
	return TopicSchema{wsql.DefaultPostgreSQLSchema{
		GeneratePayloadType: func(string) string { return "BYTEA" },
	}}
}

// SchemaInitializingQueries creates the watermill-sql table and its unique
// index on "uuid" (names: TopicNames). IF NOT EXISTS skips an index whose
// name is taken: EnsureTopic checks the table's indexes afterwards.
func (s TopicSchema) SchemaInitializingQueries(params wsql.SchemaInitializingQueriesParams) ([]wsql.Query, error) {
	queries, err := s.DefaultPostgreSQLSchema.SchemaInitializingQueries(params)
	if err != nil {
		return nil, fmt.Errorf("watermill-sql schema of topic %s: %w", params.Topic, err)
	}
	index := fmt.Sprintf(`CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s ("uuid")`,
		pgx.Identifier{uuidIndex(params.Topic)}.Sanitize(), s.MessagesTable(params.Topic))
	return append(queries, wsql.Query{Query: index}), nil
}

// InsertQuery inserts messages, skipping those whose uuid is already stored.
func (s TopicSchema) InsertQuery(params wsql.InsertQueryParams) (wsql.Query, error) {
	query, err := s.DefaultPostgreSQLSchema.InsertQuery(params)
	if err != nil {
		return wsql.Query{}, fmt.Errorf("insert query of topic %s: %w", params.Topic, err)
	}
	query.Query += ` ON CONFLICT ("uuid") DO NOTHING`
	return query, nil
}
