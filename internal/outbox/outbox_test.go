package outbox

import (
	"testing"
	"time"
)

// The default backoff: 1, 2, 4, ... minutes, at most an hour; eight
// attempts (seven waits) span about two hours.
func TestExponential(t *testing.T) {
	backoff := Exponential(time.Minute)
	var total time.Duration
	for attempt, want := range []time.Duration{1, 2, 4, 8, 16, 32, 60, 60} {
		got := backoff(attempt + 1)
		if got != want*time.Minute {
			t.Fatalf("after attempt %d: %v, want %v", attempt+1, got, want*time.Minute)
		}
		if attempt < DefaultMaxAttempts-1 {
			total += got
		}
	}
	if total != 123*time.Minute {
		t.Fatalf("seven waits: %v, want 2h3m", total)
	}
}
