package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/auth"
)

const userColumns = `id, email, name, role, language, time_zone, password_hash, totp_secret, totp_pending,
	totp_last_step, disabled, created_at, last_login_at`

const errNoUser = "no such user"

func scanUser(row rowScanner) (u auth.User, err error) {
	err = row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Language, &u.TimeZone, &u.PasswordHash, &u.TOTPSecret,
		&u.TOTPPending, &u.TOTPLastStep, &u.Disabled, scanTime(&u.CreatedAt), scanNullTime(&u.LastLoginAt))
	return u, err
}

func (c conn) user(ctx context.Context, id int64, forUpdate bool) (*auth.User, error) {
	q := `SELECT ` + userColumns + ` FROM users WHERE id = ?`
	if forUpdate {
		q += c.lock("users")
	}
	u, err := scanUser(c.queryRow(ctx, q, id))
	if err != nil {
		return nil, readErr(err, errNoUser, "load user %d", id)
	}
	return &u, nil
}

func (s authStore) User(ctx context.Context, id int64) (*auth.User, error) {
	return s.db.reader().user(ctx, id, false)
}

func (s incidentStore) User(ctx context.Context, id int64) (*auth.User, error) {
	return s.db.reader().user(ctx, id, false)
}

func (t *tx) User(ctx context.Context, id int64) (*auth.User, error) { return t.user(ctx, id, false) }

func (t *tx) UserForUpdate(ctx context.Context, id int64) (*auth.User, error) {
	return t.user(ctx, id, true)
}

// UserByEmail expects the address normalized (auth.NormalizeEmail), as it
// is stored.
func (s authStore) UserByEmail(ctx context.Context, email string) (*auth.User, error) {
	u, err := scanUser(s.db.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	if err != nil {
		return nil, readErr(err, errNoUser, "load user by e-mail")
	}
	return &u, nil
}

func (s authStore) Users(ctx context.Context) ([]auth.User, error) {
	out, err := queryAll(ctx, s.db.reader(), scanUser, `SELECT `+userColumns+` FROM users ORDER BY email, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list users: %w", err)
	}
	return out, nil
}

const errEmailTaken = "a user with this e-mail address exists"

func (t *tx) CreateUser(ctx context.Context, u *auth.User) error {
	err := t.queryRow(ctx, `INSERT INTO users (email, name, role, language, time_zone, password_hash, totp_secret,
		totp_pending, totp_last_step, disabled, created_at, last_login_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Email, u.Name, string(u.Role), u.Language, u.TimeZone, u.PasswordHash, u.TOTPSecret, u.TOTPPending,
		u.TOTPLastStep, t.d.Bool(u.Disabled), t.time(u.CreatedAt), t.nullTime(u.LastLoginAt),
	).Scan(&u.ID)
	if err != nil {
		return t.writeErr(err, errEmailTaken, "create user")
	}
	return nil
}

// UpdateUser stores every field but ID and CreatedAt.
func (t *tx) UpdateUser(ctx context.Context, u *auth.User) error {
	err := t.execOne(ctx, errNoUser, `UPDATE users SET email = ?, name = ?, role = ?, language = ?, time_zone = ?,
		password_hash = ?, totp_secret = ?, totp_pending = ?, totp_last_step = ?, disabled = ?,
		last_login_at = ? WHERE id = ?`,
		u.Email, u.Name, string(u.Role), u.Language, u.TimeZone, u.PasswordHash, u.TOTPSecret, u.TOTPPending,
		u.TOTPLastStep, t.d.Bool(u.Disabled), t.nullTime(u.LastLoginAt), u.ID)
	if err != nil {
		return t.writeErr(err, errEmailTaken, "update user %d", u.ID)
	}
	return nil
}

func (t *tx) CountActiveAdmins(ctx context.Context) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM users WHERE role = ? AND disabled = ?`,
		string(auth.RoleAdmin), t.d.Bool(false)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count active admins: %w", err)
	}
	return n, nil
}
