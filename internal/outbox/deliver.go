package outbox

import (
	"context"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"orgraph/ent"
	"orgraph/ent/outboxmessage"
	"orgraph/ent/predicate"
	"orgraph/internal/mail"
)

// maxErrorText bounds last_error (the column's size).
const maxErrorText = 1000

// deliverOne claims one due row, sends it and records the outcome. It
// reports false when no row was due.
func (o *Outbox) deliverOne(ctx context.Context) (bool, error) {
	row, err := o.claim(ctx)
	if err != nil || row == nil {
		return false, err
	}
	sendErr := o.sender.Send(ctx, mail.Message{To: row.Recipient, Subject: row.Subject, Body: row.Body})
	return true, o.finish(ctx, row, sendErr)
}

// deliverHanded sends a row this process committed. A row written claimed
// is sent as it is, after renewing the claim if it waited in memory so
// long that its lease might end during the delivery. A row written pending
// is claimed by id with one conditional UPDATE, only while it is still new
// (pending, never tried). Either way a row that a poll of this or another
// worker claimed first is left to it.
func (o *Outbox) deliverHanded(ctx context.Context, r handedRow) error {
	lease := r.lease
	if lease.IsZero() || time.Until(lease) < mail.SendTimeout+recordRetryMargin {
		lease = now().Add(o.opts.Lease)
		mine := []predicate.OutboxMessage{outboxmessage.ID(r.id), outboxmessage.StatusEQ(outboxmessage.StatusPending), outboxmessage.Attempts(0)}
		if !r.lease.IsZero() {
			mine = []predicate.OutboxMessage{outboxmessage.ID(r.id), outboxmessage.StatusEQ(outboxmessage.StatusSending), outboxmessage.Attempts(1)}
		}
		n, err := o.client.OutboxMessage.Update().Where(mine...).
			SetStatus(outboxmessage.StatusSending).SetLeaseUntil(lease).SetNextAttemptAt(lease).SetAttempts(1).
			Save(ctx)
		if err != nil || n == 0 {
			return err // on an error the row waits for a poll (or its lease)
		}
	}
	row := &ent.OutboxMessage{ID: r.id, Recipient: r.m.To, Subject: r.m.Subject, Body: r.m.Body, Attempts: 1, LeaseUntil: &lease}
	sendErr := o.sender.Send(ctx, mail.Message{To: row.Recipient, Subject: row.Subject, Body: row.Body})
	return o.finish(ctx, row, sendErr)
}

// release gives back the claims of handed rows that were written claimed
// and not sent: pending again, never tried, due now.
func (o *Outbox) release(ctx context.Context, rows []handedRow) error {
	var ids []int
	for _, r := range rows {
		if !r.lease.IsZero() {
			ids = append(ids, r.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return o.client.OutboxMessage.Update().
		Where(outboxmessage.IDIn(ids...), outboxmessage.StatusEQ(outboxmessage.StatusSending), outboxmessage.Attempts(1)).
		SetStatus(outboxmessage.StatusPending).SetAttempts(0).ClearLeaseUntil().SetNextAttemptAt(now()).
		Exec(ctx)
}

// claim takes the oldest due row for this worker: status sending, one more
// attempt, due again when the lease ends. nil when none is due.
func (o *Outbox) claim(ctx context.Context) (*ent.OutboxMessage, error) {
	// READ COMMITTED on MariaDB (every session's level: internal/database),
	// so no gap locks: requests insert rows while workers claim.
	tx, err := o.client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }() // after Commit, a no-op
	t := now()
	// A column of whole seconds may round a due time up (MySQL): a row due
	// within the second counts as due.
	due := t.Add(time.Second)
	q := tx.OutboxMessage.Query().
		Where(outboxmessage.StatusIn(outboxmessage.StatusPending, outboxmessage.StatusSending), outboxmessage.NextAttemptAtLTE(due)).
		Order(outboxmessage.ByNextAttemptAt(), outboxmessage.ByID())
	if o.dialect != dialect.SQLite {
		// Rows another worker is claiming are skipped, not waited for.
		q = q.ForUpdate(sql.WithLockAction(sql.SkipLocked))
	}
	row, err := q.First(ctx) // LIMIT 1
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	lease := t.Add(o.opts.Lease)
	if err := tx.OutboxMessage.Update().Where(outboxmessage.ID(row.ID)).
		SetStatus(outboxmessage.StatusSending).SetLeaseUntil(lease).SetNextAttemptAt(lease).AddAttempts(1).
		Exec(ctx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	row.Attempts++
	row.LeaseUntil = &lease
	return row, nil
}

// finish records a delivery: sent, retried later, or failed for good. The
// update applies only while the row is still this worker's claim (same
// attempt, still sending). Once an email was sent, failing to record it
// would send it again when the lease ends, so a failed update is retried
// while the lease lasts (the database restarting, say).
func (o *Outbox) finish(ctx context.Context, row *ent.OutboxMessage, sendErr error) error {
	t := now()
	log := o.logger.With("id", row.ID, "to", row.Recipient, "attempt", row.Attempts)
	outcome := func(upd *ent.OutboxMessageUpdate) {
		upd.SetStatus(outboxmessage.StatusSent).SetSentAt(t).SetBody("").SetLastError("")
	}
	switch {
	case sendErr == nil:
	case row.Attempts >= o.opts.MaxAttempts:
		outcome = func(upd *ent.OutboxMessageUpdate) {
			upd.SetStatus(outboxmessage.StatusFailed).SetBody("").SetLastError(errorText(sendErr))
		}
		log.Error("sending email failed for good: kept as failed in mail_outbox", "attempts", row.Attempts, "err", sendErr)
	default:
		retry := o.opts.Backoff(row.Attempts)
		outcome = func(upd *ent.OutboxMessageUpdate) {
			upd.SetStatus(outboxmessage.StatusPending).SetNextAttemptAt(t.Add(retry)).SetLastError(errorText(sendErr))
		}
		log.Warn("sending email failed: will retry", "retry_in", retry, "err", sendErr)
	}
	save := func() (int, error) {
		upd := o.client.OutboxMessage.Update().
			Where(outboxmessage.ID(row.ID), outboxmessage.Attempts(row.Attempts), outboxmessage.StatusEQ(outboxmessage.StatusSending)).
			ClearLeaseUntil()
		outcome(upd)
		return upd.Save(ctx)
	}
	n, err := save()
	for wait := recordRetryFirst; err != nil && sendErr == nil && time.Until(*row.LeaseUntil) > wait+recordRetryMargin; wait = min(2*wait, recordRetryMax) {
		log.Warn("mail outbox: recording a sent email failed; retrying so that it is not sent again", "retry_in", wait, "err", err)
		time.Sleep(wait)
		n, err = save()
	}
	if err == nil && n == 0 {
		log.Warn("mail outbox: the lease ran out while sending; another worker may have sent this email too")
	}
	return err
}

// Retries of recording a sent email: from recordRetryFirst doubling to
// recordRetryMax, while more than recordRetryMargin of the lease is left.
const (
	recordRetryFirst  = 100 * time.Millisecond
	recordRetryMax    = 5 * time.Second
	recordRetryMargin = 5 * time.Second
)

func errorText(err error) string {
	s := err.Error()
	if len(s) > maxErrorText {
		s = strings.ToValidUTF8(s[:maxErrorText], "")
	}
	return s
}

// prune deletes sent rows older than keepSent, at most once per pruneEvery
// per worker. Failed rows stay until an operator removes them.
func (o *Outbox) prune(ctx context.Context) {
	t := now()
	o.mu.Lock()
	due := t.Sub(o.lastPrune) >= pruneEvery
	if due {
		o.lastPrune = t
	}
	o.mu.Unlock()
	if !due {
		return
	}
	_, err := o.client.OutboxMessage.Delete().
		Where(outboxmessage.StatusEQ(outboxmessage.StatusSent), outboxmessage.SentAtLT(t.Add(-keepSent))).
		Exec(ctx)
	if err != nil {
		o.logger.Error("mail outbox: pruning sent emails", "err", err)
	}
}
