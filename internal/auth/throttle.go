package auth

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"orgraph/ent"
	"orgraph/ent/signinfailure"
	"orgraph/internal/config"
	"orgraph/internal/errcode"
)

// throttle bounds failed sign-ins, counted over a sliding Window in the
// sign_in_failures table (so every replica on the database shares them):
//   - FailuresPerAccountAddress per (account, client address) pair: the
//     guessing one client can do against one account;
//   - FailuresPerAccount per account from all addresses: guessing spread
//     over many addresses. Reaching it locks the owner out too, from every
//     address, until failures age out: the documented trade-off;
//   - FailuresPerAddress per client address over all accounts: one client
//     trying passwords against many accounts.
//
// An account is the user a login names (username and email count
// together), or the normalized login when it names no one.
type throttle struct{ config.SignInLimits }

// defaultSignInLimits are the defaults of internal/config (and the README),
// for services built without a configuration (benchmarks, commands).
var defaultSignInLimits = config.SignInLimits{
	Window:                    15 * time.Minute,
	FailuresPerAccountAddress: 10,
	FailuresPerAccount:        100,
	FailuresPerAddress:        100,
}

// failureCounts are the failures in the window that bear on one attempt.
type failureCounts struct {
	Pair    int64 `sql:"pair"`
	Account int64 `sql:"account"`
	Address int64 `sql:"address"`
}

// exceeds reports whether c breaks a limit. Before the attempt is recorded
// (before is true) reaching a limit already refuses; after, c includes the
// attempt itself.
func (l throttle) exceeds(c failureCounts, before bool) bool {
	if before {
		return c.Pair >= int64(l.FailuresPerAccountAddress) || c.Account >= int64(l.FailuresPerAccount) || c.Address >= int64(l.FailuresPerAddress)
	}
	return c.Pair > int64(l.FailuresPerAccountAddress) || c.Account > int64(l.FailuresPerAccount) || c.Address > int64(l.FailuresPerAddress)
}

func (l throttle) refusal() error {
	return errcode.New(errcode.RateLimited, "too many failed sign-ins: try again later (failures count for %s)", l.Window)
}

// countFailures reads the three counts in one statement.
func (l throttle) countFailures(ctx context.Context, db *ent.Client, account, address string, now time.Time) (failureCounts, error) {
	var rows []failureCounts
	err := db.SignInFailure.Query().
		Where(
			signinfailure.CreatedAtGT(now.Add(-l.Window)),
			signinfailure.Or(signinfailure.Account(account), signinfailure.Address(address)),
		).
		Modify(func(sel *entsql.Selector) {
			acct, addr := sel.C(signinfailure.FieldAccount), sel.C(signinfailure.FieldAddress)
			sum := func(cond string) string { return "COALESCE(SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END), 0)" }
			sel.Select()
			sel.AppendSelectExprAs(entsql.ExprP(sum(acct+" = ? AND "+addr+" = ?"), account, address), "pair")
			sel.AppendSelectExprAs(entsql.ExprP(sum(acct+" = ?"), account), "account")
			sel.AppendSelectExprAs(entsql.ExprP(sum(addr+" = ?"), address), "address")
		}).
		Scan(ctx, &rows)
	if err != nil || len(rows) != 1 {
		return failureCounts{}, fmt.Errorf("counting sign-in failures: %w (%d rows)", err, len(rows))
	}
	return rows[0], nil
}

// admit records an attempt as a failure before its password is checked
// (the row is deleted again if the attempt succeeds), so that concurrent
// attempts, on any replica, see each other. An attempt already over a limit
// is refused having written nothing and before any hashing. Two attempts
// racing for the last allowed failure may both be refused: the limits are
// never exceeded, at worst met early.
func (l throttle) admit(ctx context.Context, db *ent.Client, logger *slog.Logger, account, address string) (attempt int, err error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	c, err := l.countFailures(ctx, db, account, address, now)
	if err != nil {
		return 0, err
	}
	if l.exceeds(c, true) {
		return 0, l.refusal()
	}
	// Every row is deleted once, by whichever attempt first finds it
	// expired: the table holds one window's failures, at a cost of one
	// indexed range delete per attempt. Best effort: expired rows do not
	// count, so a failed cleanup (say, a deadlock with a replica's) is left
	// to the next attempt instead of failing this one.
	if _, err := db.SignInFailure.Delete().Where(signinfailure.CreatedAtLTE(now.Add(-l.Window))).Exec(ctx); err != nil && ctx.Err() == nil {
		logger.WarnContext(ctx, "deleting expired sign-in failures", "err", err)
	}
	f, err := db.SignInFailure.Create().SetAccount(account).SetAddress(address).SetCreatedAt(now).Save(ctx)
	if err != nil {
		return 0, err
	}
	if c, err = l.countFailures(ctx, db, account, address, now); err == nil && l.exceeds(c, false) {
		err = l.refusal()
	}
	if err != nil {
		l.withdraw(ctx, db, f.ID)
		return 0, err
	}
	return f.ID, nil
}

// withdraw deletes an attempt's row when it turned out not to be a failure
// of the password (refused, or the server was busy); best effort: a row
// left behind counts as one failure until it expires.
func (l throttle) withdraw(ctx context.Context, db *ent.Client, attempt int) {
	_ = db.SignInFailure.DeleteOneID(attempt).Exec(context.WithoutCancel(ctx))
}
