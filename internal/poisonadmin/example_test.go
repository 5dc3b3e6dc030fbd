package poisonadmin_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/schemas"
)

// Replay the schema violations of one tenant once its schemas are fixed:
// predict first, then send what now passes, 20 a second.
func ExampleAdmin_Replay() {
	ctx := context.Background()
	pool, _ := pgxpool.New(ctx, "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	defer pool.Close()
	reg, _ := registry.Load(schemas.FS) // or registry.LoadDir(the processor's SCHEMA_DIR)
	var awsCfg aws.Config               // e.g. from config.LoadDefaultConfig
	admin, err := poisonadmin.New(ctx, poisonadmin.Config{
		Pool: pool, Registry: reg, AWS: awsCfg, QueueName: "events", Actor: "alice@ops",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	selection := poisonadmin.Filter{Tenant: "acme-shop", Class: rejection.ClassSchema}
	dry, err := admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: selection, DryRun: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d would pass\n", dry.Sent)
	report, err := admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: selection, Rate: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d sent, %d already replayed or discarded\n", report.Sent, report.Settled)
}
