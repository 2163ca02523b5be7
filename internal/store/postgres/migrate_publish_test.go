package postgres

import (
	"context"
	"testing"

	"github.com/breachdesk/breachdesk/internal/store/storetest"
)

func TestPublishMigrationGoesDownAndUp(t *testing.T) {
	db := openTest(t)
	s := storetest.Stores{Auth: db.Auth(), Incidents: db.Incidents(), Publish: db.Publish(), SQL: db.pool}
	storetest.PublishMigration(t, s,
		func(ctx context.Context) error { _, err := db.migrations.DownTo(ctx, 6); return err },
		func(ctx context.Context) error { _, err := db.migrations.Up(ctx); return err })
}
