package main

// The soak's numbers and their Markdown, written between the soak markers
// of docs/RELIABILITY.md.

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"orgraph/bench/proc"
)

// window is a fault: from its first action to the moment it was over.
type window struct {
	Name       string
	Start, End time.Time
}

// inside: the request overlaps the window stretched by grace at its end
// (it started or ended in it, or spanned it).
func (w window) inside(r request, grace time.Duration) bool {
	return !r.Start.After(w.End.Add(grace)) && !r.End.Before(w.Start)
}

// requestTally is the requests of one period and their errors by code.
type requestTally struct {
	Period   string
	Requests int
	Errors   map[string]int
}

func (t requestTally) errorCount() int {
	n := 0
	for _, c := range t.Errors {
		n += c
	}
	return n
}

// tallyRequests splits the requests into the fault windows (the first
// window a request overlaps) and the rest ("outside"), last row the total.
func tallyRequests(reqs []request, windows []window, grace time.Duration) []requestTally {
	out := make([]requestTally, len(windows)+2)
	for i, w := range windows {
		out[i].Period = w.Name
	}
	out[len(windows)].Period, out[len(windows)+1].Period = "outside the fault windows", "all"
	for i := range out {
		out[i].Errors = map[string]int{}
	}
	for _, r := range reqs {
		at := len(windows)
		for i, w := range windows {
			if w.inside(r, grace) {
				at = i
				break
			}
		}
		for _, i := range []int{at, len(out) - 1} {
			out[i].Requests++
			if r.Code != "" {
				out[i].Errors[r.Code]++
			}
		}
	}
	return out
}

// emailTally compares the emails promised by successful answers with what
// the SMTP server received, per address and organization.
type emailTally struct {
	Expected, Delivered, Duplicates, Lost, Extra int
	// ExtraAfterFailedSend: extra emails for an address and organization
	// whose invite or resend answered an error (the commit happened, the
	// answer was lost).
	ExtraAfterFailedSend int
	Unreadable           int
}

func tallyEmails(expected, failedSends map[emailKey]int, got []delivery) emailTally {
	var t emailTally
	keys := map[emailKey]map[string]bool{}
	for _, d := range got {
		k := emailKey{d.To, d.Slug}
		if keys[k] == nil {
			keys[k] = map[string]bool{}
		}
		if keys[k][d.Key] {
			t.Duplicates++
		}
		keys[k][d.Key] = true
	}
	all := maps.Clone(expected)
	for k := range keys {
		all[k] += 0
	}
	for k, want := range all {
		t.Expected += want
		have := len(keys[k])
		t.Delivered += have
		switch {
		case have < want:
			t.Lost += want - have
		case have > want:
			extra := have - want
			t.Extra += extra
			t.ExtraAfterFailedSend += min(extra, failedSends[k])
		}
	}
	return t
}

// report is one run.
type report struct {
	Date                 time.Time
	Duration, Grace      time.Duration
	Clients, Cores       int
	LoadBefore, LoadEnd  string
	Database             string
	OwnServer            bool
	Windows              []window
	ReadyAgain           time.Duration // replicas ready again after the database came back
	Requests             []requestTally
	ByOperation          map[string][2]int // requests, errors
	Emails               emailTally
	SMTPRefused          int64
	Outbox               map[string]int
	Drained              bool
	DrainWait            time.Duration
	Invariants           []check
	PageMismatches       int
	Abandoned, OrgsAlive int
}

func (r *report) violations() int {
	n := 0
	for _, c := range r.Invariants {
		n += c.Violations
	}
	return n
}

func (r *report) outsideErrors() int { return r.Requests[len(r.Windows)].errorCount() }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func codes(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", c, m[c]))
	}
	return strings.Join(parts, ", ")
}

func (r *report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Run of `go run ./cmd/soak -duration %s` on %s: %d clients, two replicas, %s (%s). "+
		"%d cores shared with other work: load average %s at the start, %s at the end.\n\n",
		r.Duration, r.Date.Format("2006-01-02 15:04 MST"), r.Clients, r.Database, map[bool]string{true: "its own server, restarted once", false: "an existing server: not restarted"}[r.OwnServer],
		r.Cores, r.LoadBefore, r.LoadEnd)
	b.WriteString("| target | result | |\n|---|---:|---|\n")
	fmt.Fprintf(&b, "| lost emails | %d | %s |\n", r.Emails.Lost, verdict(r.Emails.Lost == 0))
	fmt.Fprintf(&b, "| duplicated emails | %d | %s |\n", r.Emails.Duplicates, verdict(r.Emails.Duplicates == 0))
	fmt.Fprintf(&b, "| invariant violations | %d | %s |\n", r.violations(), verdict(r.violations() == 0))
	fmt.Fprintf(&b, "| errors outside the fault windows | %d | %s |\n\n", r.outsideErrors(), verdict(r.outsideErrors() == 0))

	b.WriteString("| period | from | to | requests | errors | by code |\n|---|---|---|---:|---:|---|\n")
	for i, t := range r.Requests {
		from, to := "", ""
		if i < len(r.Windows) {
			from = r.Windows[i].Start.Sub(r.Date).Round(100 * time.Millisecond).String()
			to = r.Windows[i].End.Sub(r.Date).Round(100*time.Millisecond).String() + " + " + r.Grace.String()
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %s |\n", t.Period, from, to, t.Requests, t.errorCount(), codes(t.Errors))
	}
	b.WriteString("\n")
	e := r.Emails
	fmt.Fprintf(&b, "- Emails: **%d expected** (successful invites and resends), **%d delivered** (distinct keys), %d duplicated, %d lost, %d extra (%d of them for an invite or resend that answered an error: committed, answer lost), %d unreadable.\n",
		e.Expected, e.Delivered, e.Duplicates, e.Lost, e.Extra, e.ExtraAfterFailedSend, e.Unreadable)
	fmt.Fprintf(&b, "- `mail_outbox` after the drain (%s, %s): %s; connections and greetings the sink refused during its cut: %d.\n",
		r.DrainWait.Round(100*time.Millisecond), map[bool]string{true: "every row settled", false: "**gave up waiting**"}[r.Drained], codes(r.Outbox), r.SMTPRefused)
	if r.OwnServer {
		fmt.Fprintf(&b, "- Both replicas answered `/readyz` 200 again %s after the database did.\n", r.ReadyAgain.Round(10*time.Millisecond))
	}
	fmt.Fprintf(&b, "- Organization pages that disagreed with the client's model: %d; organizations abandoned after an error: %d (alive at the end: %d).\n",
		r.PageMismatches, r.Abandoned, r.OrgsAlive)
	b.WriteString("- Invariants (violating rows): ")
	var parts []string
	for _, c := range r.Invariants {
		parts = append(parts, fmt.Sprintf("%s %d", c.Rule, c.Violations))
	}
	b.WriteString(strings.Join(parts, "; ") + ".\n")
	b.WriteString("- Requests by operation (errors): ")
	parts = nil
	for _, op := range slices.Sorted(maps.Keys(r.ByOperation)) {
		parts = append(parts, fmt.Sprintf("%s %d (%d)", op, r.ByOperation[op][0], r.ByOperation[op][1]))
	}
	b.WriteString(strings.Join(parts, ", ") + ".\n")
	return b.String()
}

func byOperation(reqs []request) map[string][2]int {
	out := map[string][2]int{}
	for _, q := range reqs {
		c := out[q.Op]
		c[0]++
		if q.Code != "" {
			c[1]++
		}
		out[q.Op] = c
	}
	return out
}

const beginMarker, endMarker = "<!-- soak:begin -->", "<!-- soak:end -->"

// writeBetweenMarkers replaces what lies between the soak markers of path.
func writeBetweenMarkers(path, md string) error {
	return proc.WriteBetweenMarkers(path, beginMarker, endMarker, md)
}
