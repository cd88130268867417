package observe

import (
	"database/sql"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"orgraph/internal/errcode"
)

// MaxOperationLabels is how many distinct operation names get a series of
// their own. Operation names are the client's to choose, so the label set is
// capped: the first names the server answers take the slots, every later
// name is counted as "other". Unnamed operations are "anonymous", answers
// that ran no operation (a document that does not parse or validate, a
// refused request) "none".
const MaxOperationLabels = 100

// maxOperationNameLength: a longer name is counted as "other" (GraphQL
// names are letters, digits and _, so the label is safe to print).
const maxOperationNameLength = 64

// latencyBuckets are the bounds (seconds) of the latency histogram: most
// requests take milliseconds, the limits cut them off at seconds.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// outcomeCodes are the values of the code label: the error codes a client
// may see, and OK. Anything else is "other".
var outcomeCodes = map[string]bool{
	"OK": true, string(errcode.Unauthenticated): true, string(errcode.Forbidden): true,
	string(errcode.NotFound): true, string(errcode.BadUserInput): true,
	string(errcode.Conflict): true, string(errcode.RateLimited): true,
	string(errcode.Internal): true, errcode.ParseFailed: true, errcode.ValidationFailed: true,
}

// Metrics are the Prometheus metrics of one server: a registry of its own
// (never the global one, so that tests build many servers side by side).
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec

	mu sync.RWMutex
	// labels maps an admitted operation name to its label; counters and
	// observers are the series already made, so that counting a request
	// allocates nothing.
	labels    map[string]string
	counters  map[[2]string]prometheus.Counter
	observers map[string]prometheus.Observer
}

// NewMetrics returns the metrics of a server whose database pool is db:
// GraphQL requests by operation and outcome, their latency, the pool's
// sql.DBStats (go_sql_*), the Go runtime (go_*) and the process (process_*).
func NewMetrics(db *sql.DB) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orgraph_graphql_requests_total",
			Help: "Requests to /query (CORS preflights aside) by GraphQL operation name and outcome (the extensions.code of the first error, or OK).",
		}, []string{"operation", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "orgraph_graphql_request_duration_seconds",
			Help:    "Time to answer requests to /query (CORS preflights aside), by GraphQL operation name.",
			Buckets: latencyBuckets,
		}, []string{"operation"}),
		labels:    map[string]string{},
		counters:  map[[2]string]prometheus.Counter{},
		observers: map[string]prometheus.Observer{},
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, "orgraph"))
	}
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// AddGaugeFunc adds a gauge whose value is read at every scrape: the hook
// for state that lives elsewhere (the depth of the mail outbox, say, which
// its owner registers when it builds the outbox). A duplicate name panics,
// as registering one is a programming error.
func (m *Metrics) AddGaugeFunc(name, help string, value func() float64) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, value))
}

// count records one answered GraphQL request.
func (m *Metrics) count(r *Record, status int, elapsed time.Duration) {
	operation := m.operationLabel(r)
	code := r.outcome(status)
	if !outcomeCodes[code] {
		code = "other"
	}
	counter, observer := m.series(operation, code)
	counter.Inc()
	observer.Observe(elapsed.Seconds())
}

// operationLabel is the operation label of r (see MaxOperationLabels).
func (m *Metrics) operationLabel(r *Record) string {
	name := r.operation
	switch {
	case !r.graphQL || name == noOperation:
		return "none"
	case name == "":
		return "anonymous"
	}
	m.mu.RLock()
	label, ok := m.labels[name]
	m.mu.RUnlock()
	if ok {
		return label
	}
	if len(name) > maxOperationNameLength {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if label, ok := m.labels[name]; ok {
		return label
	}
	if len(m.labels) >= MaxOperationLabels || name == "none" || name == "anonymous" || name == "other" {
		return "other"
	}
	m.labels[name] = name
	return name
}

// series returns the counter of (operation, code) and the latency observer
// of operation, making them on first use.
func (m *Metrics) series(operation, code string) (prometheus.Counter, prometheus.Observer) {
	key := [2]string{operation, code}
	m.mu.RLock()
	counter, observer := m.counters[key], m.observers[operation]
	m.mu.RUnlock()
	if counter != nil && observer != nil {
		return counter, observer
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counters[key] == nil {
		m.counters[key] = m.requests.WithLabelValues(operation, code)
	}
	if m.observers[operation] == nil {
		m.observers[operation] = m.latency.WithLabelValues(operation)
	}
	return m.counters[key], m.observers[operation]
}
