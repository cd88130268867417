package main

// Requests to the replicas, alternately, each one recorded with its start,
// end and outcome for the report.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"orgraph/bench/workloads"
)

// request is one GraphQL request as the report sees it.
type request struct {
	Op         string
	Replica    int
	Start, End time.Time
	// Code is "" for success, else the first error's extensions.code,
	// "HTTP <status>" for an answer without one, "transport" when no
	// answer came.
	Code string
}

// errorPause is how long a client waits after an error answer.
const errorPause = 100 * time.Millisecond

// emailKey names the emails of one invitation address and organization.
type emailKey struct{ To, Slug string }

type runner struct {
	replicas []string // base URLs
	hc       *http.Client
	next     atomic.Uint64

	mu       sync.Mutex
	requests []request
	// expected counts the invitation emails that successful invite and
	// resend answers promise; failedSends the sends whose answer was an
	// error (the email may still exist if the commit happened).
	expected, failedSends map[emailKey]int
	pageMismatches        int
	logged                map[string]int
}

func newRunner(replicas []string, hc *http.Client) *runner {
	return &runner{replicas: replicas, hc: hc, expected: map[emailKey]int{}, failedSends: map[emailKey]int{}, logged: map[string]int{}}
}

// answer is a decoded GraphQL answer.
type answer struct {
	Data   map[string]json.RawMessage
	Errors []struct {
		Message    string
		Path       []any
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	}
}

// call sends doc as token to the next replica and decodes data[field]
// into out (when not nil). It returns the request's code ("" for success).
func (r *runner) call(ctx context.Context, op, token, doc string, vars map[string]any, field string, out any) string {
	replica := int(r.next.Add(1) % uint64(len(r.replicas)))
	rec := request{Op: op, Replica: replica, Start: time.Now()}
	rec.Code = r.send(ctx, r.replicas[replica], token, workloads.Body(doc, "", vars), field, out)
	rec.End = time.Now()
	r.mu.Lock()
	r.requests = append(r.requests, rec)
	r.mu.Unlock()
	if rec.Code != "" {
		time.Sleep(errorPause) // a client backs off a little after an error
	}
	return rec.Code
}

func (r *runner) send(ctx context.Context, base, token string, body []byte, field string, out any) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/query", bytes.NewReader(body))
	if err != nil {
		return "transport"
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return "transport"
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return "transport"
	}
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil {
		return fmt.Sprintf("HTTP %d", resp.StatusCode)
	}
	if len(a.Errors) > 0 {
		e := a.Errors[0]
		r.logError(e.Extensions.Code, fmt.Sprintf("%v: %s", e.Path, e.Message))
		if e.Extensions.Code != "" {
			return e.Extensions.Code
		}
		return "no code"
	}
	if resp.StatusCode != http.StatusOK || a.Data[field] == nil {
		return fmt.Sprintf("HTTP %d", resp.StatusCode)
	}
	if out != nil {
		if err := json.Unmarshal(a.Data[field], out); err != nil {
			return "undecodable"
		}
	}
	return ""
}

// sent records the outcome of an invite or a resend to to for slug.
func (r *runner) sent(to, slug, code string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if code == "" {
		r.expected[emailKey{to, slug}]++
	} else {
		r.failedSends[emailKey{to, slug}]++
	}
}

// logError logs the first few errors of each code, for the investigation
// of a missed target.
func (r *runner) logError(code, what string) {
	r.mu.Lock()
	r.logged[code]++
	n := r.logged[code]
	r.mu.Unlock()
	if n <= 5 {
		log.Printf("error %s: %.300s", code, what)
	}
}

func (r *runner) mismatch() {
	r.mu.Lock()
	r.pageMismatches++
	r.mu.Unlock()
}
