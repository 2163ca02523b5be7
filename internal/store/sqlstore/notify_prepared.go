package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// preparedStatements keeps the statements that run once per message sent
// (and the insert of a full chunk of ledger rows), prepared once on the
// write pool: parsing them anew for every message
// took a third of the sending loop's time on SQLite.
type preparedStatements struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt // by query as written (with ? placeholders)
}

// prepare makes sure the queries are prepared. It must run outside a
// transaction of the caller's, and prepares without holding the lock: on
// SQLite the write pool's one connection may be another transaction's,
// which must be able to look up statements meanwhile. A query that fails
// to prepare simply runs unprepared.
func (db *DB) prepare(ctx context.Context, queries ...string) {
	p := &db.prepared
	p.mu.Lock()
	var missing []string
	for _, q := range queries {
		if p.stmts[q] == nil {
			missing = append(missing, q)
		}
	}
	p.mu.Unlock()
	for _, q := range missing {
		st, err := db.write.PrepareContext(ctx, db.d.Rebind(q))
		if err != nil {
			continue
		}
		p.mu.Lock()
		if p.stmts == nil {
			p.stmts = map[string]*sql.Stmt{}
		}
		if p.stmts[q] == nil {
			p.stmts[q], st = st, nil
		}
		p.mu.Unlock()
		if st != nil { // another goroutine was faster
			_ = st.Close()
		}
	}
}

// prepared returns the prepared statement of query bound to the
// transaction, or nil when it is not prepared.
func (t *tx) prepared(ctx context.Context, query string) *sql.Stmt {
	if t.db == nil {
		return nil
	}
	p := &t.db.prepared
	p.mu.Lock()
	st := p.stmts[query]
	p.mu.Unlock()
	sqlTx, ok := t.q.(*sql.Tx)
	if st == nil || !ok {
		return nil
	}
	return sqlTx.StmtContext(ctx, st)
}

// queryRowPrepared is queryRow through the prepared statement when there
// is one.
func (t *tx) queryRowPrepared(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.queryRow(ctx, query, args...)
}

// execPrepared is exec through the prepared statement when there is one.
func (t *tx) execPrepared(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.prepared(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.exec(ctx, query, args...)
}

// readPrepared runs a hot read through a statement prepared once on the
// read pool (database/sql prepares it again on each connection that needs
// it); a query that fails to prepare runs unprepared. The sending loop
// reads one person per message this way: parsing the query anew each time
// was most of that read's cost.
func (db *DB) readPrepared(ctx context.Context, query string, args ...any) *sql.Row {
	p := &db.readStmts
	p.mu.Lock()
	st := p.stmts[query]
	p.mu.Unlock()
	if st == nil {
		prepared, err := db.read.PrepareContext(ctx, db.d.Rebind(query))
		if err != nil {
			return db.reader().queryRow(ctx, query, args...)
		}
		p.mu.Lock()
		if p.stmts == nil {
			p.stmts = map[string]*sql.Stmt{}
		}
		if p.stmts[query] == nil {
			p.stmts[query] = prepared
		} else {
			_ = prepared.Close() // another goroutine was faster
		}
		st = p.stmts[query]
		p.mu.Unlock()
	}
	return st.QueryRowContext(ctx, args...)
}
