package auth

import (
	"sync"
	"time"
)

// Failed sign-ins allowed per login in a window; past that, signIn answers
// RATE_LIMITED until the window ends, whatever the password. It slows down
// password guessing against one account. The count lives in this process's
// memory: each server instance counts on its own, and a restart forgets.
const (
	maxFailedSignIns = 10
	failedSignInSpan = 15 * time.Minute
)

// throttle counts failed sign-ins per login.
type throttle struct {
	mu       sync.Mutex
	failures map[string]*failureWindow
}

type failureWindow struct {
	count int
	until time.Time
}

// blocked reports whether login has used up its failures, and until when.
func (t *throttle) blocked(login string, now time.Time) (bool, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := t.failures[login]
	if w == nil || now.After(w.until) {
		return false, time.Time{}
	}
	return w.count >= maxFailedSignIns, w.until
}

// fail counts a failed sign-in; it also drops ended windows now and then so
// that the map does not grow without bound.
func (t *throttle) fail(login string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[string]*failureWindow{}
	}
	w := t.failures[login]
	if w == nil || now.After(w.until) {
		if len(t.failures) > 10000 {
			for k, old := range t.failures {
				if now.After(old.until) {
					delete(t.failures, k)
				}
			}
		}
		w = &failureWindow{until: now.Add(failedSignInSpan)}
		t.failures[login] = w
	}
	w.count++
}

// succeed forgets the failures of login.
func (t *throttle) succeed(login string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, login)
}
