package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"orgraph/ent"
	"orgraph/ent/authtoken"
	"orgraph/ent/schema"
	"orgraph/ent/signinfailure"
	"orgraph/ent/user"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
)

var errBadCredentials = errcode.New(errcode.Unauthenticated, "wrong username, email or password")

// SignIn checks a username or email and a password and issues a token. The
// steps, in order of cost: find the user; refuse (RATE_LIMITED, nothing
// written, nothing hashed) when the throttle's limits are reached; record
// the attempt as a failure; check the password in a hashing slot, outside
// any transaction; on success, forget the failures of this account from
// this address and issue a token in one short transaction.
func (s *Service) SignIn(ctx context.Context, login, password string) (*Session, error) {
	if err := s.hashes.busy(); err != nil {
		return nil, err
	}
	sys := policy.WithSystem(ctx)
	// Usernames are ASCII, so the email folding serves both: `ＷＡＬＴ`
	// finds walt.
	key := schema.NormalizeEmail(login)
	u, err := s.findLogin(sys, key)
	if err != nil {
		return nil, err
	}
	account, encoded := unknownAccount(key), s.dummyHash
	if u != nil {
		account, encoded = fmt.Sprintf("user:%d", u.ID), u.PasswordHash
	}
	address := throttleAddress(ClientAddressFrom(ctx))
	attempt, err := s.throttle.admit(sys, s.client, s.logger, account, address)
	if err != nil {
		return nil, err
	}
	ok, err := s.checkPassword(ctx, encoded, password)
	if err != nil {
		s.throttle.withdraw(sys, s.client, attempt)
		if u != nil {
			err = fmt.Errorf("checking the password of user %d: %w", u.ID, err)
		}
		return nil, err
	}
	if u == nil || !ok {
		return nil, errBadCredentials // the attempt's row stays: one failure
	}
	var session *Session
	err = s.inTx(ctx, func(db *ent.Client) error {
		// A success forgets this pair's failures (the owner's own typos),
		// and only those: failures from other addresses still count.
		if _, err := db.SignInFailure.Delete().
			Where(signinfailure.Account(account), signinfailure.Address(address)).
			Exec(sys); err != nil {
			return err
		}
		// Expired tokens of this user are of no use to anyone: drop them
		// here, where the user is at hand.
		if _, err := db.AuthToken.Delete().
			Where(authtoken.UserID(u.ID), authtoken.ExpiresAtLTE(time.Now())).
			Exec(sys); err != nil {
			return err
		}
		session, err = s.issue(ctx, db, u)
		return err
	})
	return session, err
}

// findLogin returns the user whose username or email is key, or nil. A
// username may look like an email ("bob@example.com"), so two users can
// match: the one whose username it is wins, always the same one.
func (s *Service) findLogin(ctx context.Context, key string) (*ent.User, error) {
	found, err := s.client.User.Query().
		Where(user.Or(user.UsernameKey(key), user.Email(key))).
		Limit(2).
		All(ctx)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	for _, u := range found {
		if u.UsernameKey == key {
			return u, nil
		}
	}
	return found[0], nil
}

// unknownAccount is the throttle's account of a login that names no user;
// an over-long one (no user has it) is hashed to fit the column.
func unknownAccount(key string) string {
	if len(key) > 254 {
		h := sha256.Sum256([]byte(key))
		return "login-sha256:" + hex.EncodeToString(h[:])
	}
	return "login:" + key
}
