package auth

import (
	"testing"
	"time"
)

func TestThrottleWindow(t *testing.T) {
	var th throttle
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for range maxFailedSignIns - 1 {
		th.fail("alice", now)
	}
	if blocked, _ := th.blocked("alice", now); blocked {
		t.Fatal("blocked before the limit")
	}
	th.fail("alice", now)
	if blocked, until := th.blocked("alice", now.Add(time.Minute)); !blocked || !until.Equal(now.Add(failedSignInSpan)) {
		t.Fatalf("at the limit: blocked %v until %v", blocked, until)
	}
	if blocked, _ := th.blocked("bob", now); blocked {
		t.Fatal("another login is blocked")
	}
	if blocked, _ := th.blocked("alice", now.Add(failedSignInSpan+time.Second)); blocked {
		t.Fatal("still blocked after the window")
	}
	th.fail("carol", now)
	th.succeed("carol")
	if _, ok := th.failures["carol"]; ok {
		t.Fatal("a success did not forget the failures")
	}
}
