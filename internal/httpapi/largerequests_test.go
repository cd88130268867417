package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

// post sends body to /query and returns the status and the first error's
// code ("" when there is none).
func post(t *testing.T, url string, body io.Reader, length int64) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/query", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = length
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("status %d, body not JSON: %.200s", resp.StatusCode, raw)
	}
	if len(out.Errors) == 0 {
		return resp.StatusCode, ""
	}
	return resp.StatusCode, out.Errors[0].Extensions.Code
}

// A large request waits for the one slot that another large request holds,
// and answers RATE_LIMITED when its wait ends; small requests never wait.
func TestLargeRequestsTakeTurns(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) {
		c.LargeRequests = config.LargeRequests{Bytes: 1024, Concurrency: 1, Wait: 20 * time.Millisecond}
	})
	large := []byte(`{"query": "{ __typename }", "variables": {"pad": "` + strings.Repeat("x", 2000) + `"}}`)

	// The first large request holds the slot: its body never ends until
	// the test closes the pipe.
	stalled, writer := io.Pipe()
	first := make(chan int, 1)
	go func() {
		status, _ := post(t, s.URL, stalled, int64(len(large)))
		first <- status
	}()
	if _, err := writer.Write(large[:100]); err != nil {
		t.Fatal(err)
	}

	// Until the stalled request has its slot, a second one may still get
	// in (and succeed); once it has, every other large request is refused.
	refused := false
	for range 200 {
		status, code := post(t, s.URL, bytes.NewReader(large), int64(len(large)))
		if status == http.StatusTooManyRequests && code == "RATE_LIMITED" {
			refused = true
			break
		}
		if status != http.StatusOK || code != "" {
			t.Fatalf("a large request with a free slot answered %d %q", status, code)
		}
	}
	if !refused {
		t.Fatal("a large request was never refused while another held the only slot")
	}
	// Streamed bodies (unknown length) count as large.
	if status, code := post(t, s.URL, io.MultiReader(bytes.NewReader(large)), -1); status != http.StatusTooManyRequests || code != "RATE_LIMITED" {
		t.Fatalf("a streamed request answered %d %q while the slot was held, want 429 RATE_LIMITED", status, code)
	}
	// Small requests pass meanwhile.
	small := []byte(`{"query": "{ __typename }"}`)
	if status, code := post(t, s.URL, bytes.NewReader(small), int64(len(small))); status != http.StatusOK || code != "" {
		t.Fatalf("a small request answered %d %q while a large one held the slot", status, code)
	}

	if _, err := writer.Write(large[100:]); err != nil {
		t.Fatal(err)
	}
	writer.Close()
	if status := <-first; status != http.StatusOK {
		t.Fatalf("the stalled request answered %d once its body arrived", status)
	}
	// The slot is free again.
	if status, code := post(t, s.URL, bytes.NewReader(large), int64(len(large))); status != http.StatusOK || code != "" {
		t.Fatalf("a large request after the slot was released answered %d %q", status, code)
	}
}
