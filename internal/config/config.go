// Package config loads Orgraph's configuration (RULES.md §7) from flags
// and the environment, flags winning, into one struct that is passed
// explicitly to whatever needs it.
package config

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"orgraph/internal/authz"
)

// Config is the whole configuration of the server.
type Config struct {
	Addr        string
	DatabaseURL string
	SMTPURL     string
	MailFrom    string
	PublicURL   string
	CORSOrigins []string
	// Introspection enables GraphQL introspection (GraphiQL needs it).
	Introspection bool
	// TokenTTL is how long a bearer token stays valid.
	TokenTTL time.Duration
	// InvitationTTL is how long an invitation stays pending after it was
	// last sent.
	InvitationTTL time.Duration
	// OrgCreatorGroup is the minimum system group that creates organizations.
	OrgCreatorGroup authz.Group
	// InviterEmailsPerDay caps the invitation emails one user sends in a
	// rolling day, across all organizations.
	InviterEmailsPerDay int
	// Limits bound the work of one GraphQL request (docs/SECURITY.md).
	Limits Limits
	// DatabaseWait is how long start-up retries a database that is not
	// reachable yet (internal/database.WaitReachable).
	DatabaseWait time.Duration
	// ShutdownTimeout bounds the graceful shutdown on SIGTERM.
	ShutdownTimeout time.Duration
	// TrustedProxies are the peers whose X-Forwarded-For is believed when
	// finding a request's client address (empty: the header is ignored).
	TrustedProxies []netip.Prefix
	// LargeRequests bounds how many requests with a large body run at once
	// (internal/httpapi, docs/SECURITY.md).
	LargeRequests LargeRequests
	// SignIn bounds failed sign-ins and password hashing (internal/auth).
	SignIn SignInLimits
	// Mail is how the outbox delivers emails (internal/outbox, docs/MAIL.md).
	Mail MailDelivery
	// PprofAddr, when set, serves net/http/pprof on this loopback address
	// (off by default; for profiling under load).
	PprofAddr string
	// LogFormat is "text" (slog's key=value) or "json" (LOG_FORMAT).
	LogFormat string
	// LogLevel is the least level logged (LOG_LEVEL).
	LogLevel slog.Level
	// MetricsAddr, when set, serves Prometheus metrics at /metrics on this
	// address, never on the API's listener (off by default).
	MetricsAddr string
	// Migrate is "auto" (apply pending MySQL migrations at start-up) or
	// "off" (apply none; refuse to start while any is pending) (MIGRATE).
	Migrate string

	// Events is how live events travel and what a WebSocket connection
	// may hold (internal/events, docs/EVENTS.md).
	Events Events
}

// Events: with NATSURL set, live events travel between replicas through
// NATS on NATSSubject; without it, in-process (one replica). A WebSocket
// connection must send connection_init within InitTimeout and holds at most
// MaxPerConnection subscriptions; a user at most MaxPerUser on a replica.
type Events struct {
	NATSURL, NATSSubject string
	InitTimeout          time.Duration
	MaxPerConnection     int
	MaxPerUser           int
}

// Limits bound what one GraphQL request may cost; README's configuration
// table and docs/SECURITY.md explain each.
type Limits struct {
	// ComplexityLimit caps the rows and values an operation may return
	// (COMPLEXITY_LIMIT): connections count their page size.
	ComplexityLimit int
	// MaxDepth caps the nesting of fields (MAX_DEPTH).
	MaxDepth int
	// MaxFields caps the fields of a document, with fragments expanded
	// (MAX_FIELDS).
	MaxFields int
	// MaxAliases caps aliased fields (MAX_ALIASES).
	MaxAliases int
	// MaxDirectives caps directive uses (MAX_DIRECTIVES).
	MaxDirectives int
	// ParserTokenLimit caps the tokens the parser reads (PARSER_TOKEN_LIMIT).
	ParserTokenLimit int
	// MaxResponseBytes caps the JSON data of one response (MAX_RESPONSE_BYTES).
	MaxResponseBytes int
	// MaxErrors caps the errors of one response (MAX_ERRORS).
	MaxErrors int
	// MaxJSONValues caps the JSON values of a request body, variables
	// included (MAX_JSON_VALUES).
	MaxJSONValues int
}

// LargeRequests: requests whose body is over Bytes (or of unknown length)
// run at most Concurrency at a time; one that waits longer than Wait for its
// turn answers RATE_LIMITED.
type LargeRequests struct {
	Bytes, Concurrency int
	Wait               time.Duration
}

// SignInLimits are the sign-in throttle's limits: failed sign-ins counted
// in a sliding Window per (account, client address) pair, per account and
// per client address; and how many password hashes run at once.
type SignInLimits struct {
	Window                    time.Duration
	FailuresPerAccountAddress int
	FailuresPerAccount        int
	FailuresPerAddress        int
	// HashConcurrency is how many argon2id hashes run at once; 0 picks
	// GOMAXPROCS-1 (at least 1), leaving a core for everything else.
	HashConcurrency int
}

// MailDelivery: a failing email is retried after RetryDelay, doubling
// each time (at most an hour), until MaxAttempts; each worker also looks for
// due rows every PollInterval (rows of other replicas, retries).
type MailDelivery struct {
	MaxAttempts              int
	PollInterval, RetryDelay time.Duration
}

// DefaultDatabaseURL is a SQLite file in the working directory.
const DefaultDatabaseURL = "sqlite://orgraph.db"

// Load parses args (without the program name) with defaults taken from
// getenv. It never reads the process environment itself.
func Load(name string, args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	return LoadWithHelp(name, "", args, getenv, stderr)
}

// LoadWithHelp is Load whose -h writes help (the program's commands, say)
// before the list of flags; it then returns flag.ErrHelp.
func LoadWithHelp(name, help string, args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if help != "" {
		fs.Usage = func() {
			fmt.Fprint(stderr, help)
			fs.PrintDefaults()
		}
	}
	c := &Config{}
	settings := c.settings()
	values := make([]string, len(settings))
	for i, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		fs.StringVar(&values[i], s.flag, def, s.usage+" ("+s.env+")")
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	for i, s := range settings {
		if err := s.parse(values[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", s.env, err)
		}
	}
	return c, nil
}

// A setting is one flag and its environment variable: its default, its
// usage, and parse, which checks the text and stores it in the Config.
type setting struct {
	flag, env, def, usage string
	parse                 func(string) error
}

// settings are every setting of c, each parsed by the parser of its kind.
func (c *Config) settings() []setting {
	return []setting{
		{"addr", "ADDR", ":8080", "listen address", text(&c.Addr)},
		{"database-url", "DATABASE_URL", DefaultDatabaseURL, "sqlite://PATH or mysql://USER:PASS@HOST:PORT/DB", text(&c.DatabaseURL)},
		{"smtp-url", "SMTP_URL", "", "smtp://[user:pass@]host:port (STARTTLS when offered) or smtps:// (TLS); empty writes emails to the log", text(&c.SMTPURL)},
		{"mail-from", "MAIL_FROM", "Orgraph <noreply@localhost>", "sender of emails", text(&c.MailFrom)},
		{"public-url", "PUBLIC_URL", "http://localhost:8080", "base URL of links in emails", httpURL(&c.PublicURL)},
		{"cors-origins", "CORS_ORIGINS", "", "comma-separated origins allowed by CORS", list(&c.CORSOrigins)},
		{"introspection", "INTROSPECTION", "true", "enable GraphQL introspection", boolean(&c.Introspection)},
		{"token-ttl", "TOKEN_TTL", "720h", "lifetime of bearer tokens", positive(&c.TokenTTL)},
		{"invitation-ttl", "INVITATION_TTL", "168h", "lifetime of an invitation after its last sending", positive(&c.InvitationTTL)},
		{"org-creator-group", "ORG_CREATOR_GROUP", string(authz.GroupUser), "minimum system group that creates organizations", group(&c.OrgCreatorGroup)},
		{"complexity-limit", "COMPLEXITY_LIMIT", "5000", "maximum rows and values one GraphQL operation may return; a connection counts its page size", atLeast(&c.Limits.ComplexityLimit, 1)},
		{"max-depth", "MAX_DEPTH", "15", "maximum nesting of fields in a GraphQL document", atLeast(&c.Limits.MaxDepth, 1)},
		{"max-fields", "MAX_FIELDS", "500", "maximum fields of a GraphQL document, fragments expanded", atLeast(&c.Limits.MaxFields, 1)},
		{"max-aliases", "MAX_ALIASES", "100", "maximum aliased fields of a GraphQL document", atLeast(&c.Limits.MaxAliases, 1)},
		{"max-directives", "MAX_DIRECTIVES", "50", "maximum directive uses in a GraphQL document", atLeast(&c.Limits.MaxDirectives, 1)},
		{"parser-token-limit", "PARSER_TOKEN_LIMIT", "10000", "maximum tokens of a GraphQL document", atLeast(&c.Limits.ParserTokenLimit, 1)},
		{"max-response-bytes", "MAX_RESPONSE_BYTES", "8388608", "maximum bytes of the data of one GraphQL response", atLeast(&c.Limits.MaxResponseBytes, 1)},
		{"max-errors", "MAX_ERRORS", "50", "maximum errors in one GraphQL response; more are dropped", atLeast(&c.Limits.MaxErrors, 1)},
		{"max-json-values", "MAX_JSON_VALUES", "10000", "maximum JSON values (array elements, object members) in a request body, variables included", atLeast(&c.Limits.MaxJSONValues, 1)},
		{"inviter-emails-per-day", "INVITER_EMAILS_PER_DAY", "100", "invitation emails one user may send in a rolling day, across organizations", atLeast(&c.InviterEmailsPerDay, 1)},
		{"large-request-bytes", "LARGE_REQUEST_BYTES", "65536", "request bodies over this many bytes (or of unknown length) count as large", atLeast(&c.LargeRequests.Bytes, 1)},
		{"large-request-concurrency", "LARGE_REQUEST_CONCURRENCY", "1", "large requests running at once; the others wait for their turn", atLeast(&c.LargeRequests.Concurrency, 1)},
		{"large-request-wait", "LARGE_REQUEST_WAIT", "2s", "how long a large request waits for its turn before RATE_LIMITED", positive(&c.LargeRequests.Wait)},
		{"database-wait", "DATABASE_WAIT", "60s", "how long start-up retries a database that is not reachable yet", positive(&c.DatabaseWait)},
		{"shutdown-timeout", "SHUTDOWN_TIMEOUT", "15s", "graceful shutdown limit", positive(&c.ShutdownTimeout)},
		{"trusted-proxies", "TRUSTED_PROXIES", "", "comma-separated IPs/CIDRs of proxies whose X-Forwarded-For is believed; empty: the header is ignored", prefixes(&c.TrustedProxies)},
		{"signin-failure-window", "SIGNIN_FAILURE_WINDOW", "15m", "how long a failed sign-in counts", positive(&c.SignIn.Window)},
		{"signin-failures-per-account-address", "SIGNIN_FAILURES_PER_ACCOUNT_ADDRESS", "10", "failed sign-ins per account from one client address in the window", atLeast(&c.SignIn.FailuresPerAccountAddress, 1)},
		{"signin-failures-per-account", "SIGNIN_FAILURES_PER_ACCOUNT", "100", "failed sign-ins per account from all addresses in the window", atLeast(&c.SignIn.FailuresPerAccount, 1)},
		{"signin-failures-per-address", "SIGNIN_FAILURES_PER_ADDRESS", "100", "failed sign-ins per client address for all accounts in the window", atLeast(&c.SignIn.FailuresPerAddress, 1)},
		{"password-hash-concurrency", "PASSWORD_HASH_CONCURRENCY", "0", "password hashes running at once; 0: GOMAXPROCS-1, at least 1", atLeast(&c.SignIn.HashConcurrency, 0)},
		{"mail-max-attempts", "MAIL_MAX_ATTEMPTS", "8", "delivery attempts of one email before it is marked failed", atLeast(&c.Mail.MaxAttempts, 1)},
		{"mail-poll-interval", "MAIL_POLL_INTERVAL", "10s", "how often the mail worker looks for due emails besides its own", positive(&c.Mail.PollInterval)},
		{"mail-retry-delay", "MAIL_RETRY_DELAY", "1m", "delay before the first retry of a failed email, doubling up to an hour", positive(&c.Mail.RetryDelay)},
		{"pprof-addr", "PPROF_ADDR", "", "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060; empty: off", loopback(&c.PprofAddr)},
		{"log-format", "LOG_FORMAT", "text", "log lines as text (key=value) or json", oneOf(&c.LogFormat, "text", "json")},
		{"log-level", "LOG_LEVEL", "info", "least level logged: debug, info, warn or error", level(&c.LogLevel)},
		{"nats-url", "NATS_URL", "", "nats://host:port of the NATS server that carries live events between replicas; empty: in-process (one replica)", text(&c.Events.NATSURL)},
		{"nats-subject", "NATS_SUBJECT", "orgraph.events", "NATS subject of the live events (one per deployment sharing a NATS server)", text(&c.Events.NATSSubject)},
		{"ws-init-timeout", "WS_INIT_TIMEOUT", "10s", "how long a WebSocket connection may take to send connection_init", positive(&c.Events.InitTimeout)},
		{"max-subscriptions-per-connection", "MAX_SUBSCRIPTIONS_PER_CONNECTION", "10", "subscriptions one WebSocket connection may hold at once", atLeast(&c.Events.MaxPerConnection, 1)},
		{"max-subscriptions-per-user", "MAX_SUBSCRIPTIONS_PER_USER", "50", "subscriptions one user may hold at once on one replica, over all connections", atLeast(&c.Events.MaxPerUser, 1)},
		{"metrics-addr", "METRICS_ADDR", "", "serve Prometheus metrics at /metrics on this address, e.g. 127.0.0.1:9090 (a listener of its own, not the API's); empty: off", hostPort(&c.MetricsAddr)},
		{"migrate", "MIGRATE", "auto", "MySQL/MariaDB: auto applies pending migrations at start-up; off applies none and refuses to start while any is pending (run orgraph migrate apply); SQLite is always migrated", oneOf(&c.Migrate, "auto", "off")},
	}
}

// The parsers of settings, one per kind; each stores into its field.

func text(into *string) func(string) error {
	return func(v string) error { *into = v; return nil }
}

func boolean(into *bool) func(string) error {
	return func(v string) (err error) { *into, err = strconv.ParseBool(v); return err }
}

func positive(into *time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("want a positive duration such as 30m or 720h, got %q", v)
		}
		*into = d
		return nil
	}
}

func atLeast(into *int, min int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < min {
			return fmt.Errorf("want an integer of at least %d, got %q", min, v)
		}
		*into = n
		return nil
	}
}

func group(into *authz.Group) func(string) error {
	return func(v string) error {
		if *into = authz.Group(strings.ToUpper(v)); !into.Valid() {
			return fmt.Errorf("want ADMIN, USER or WORKER, got %q", v)
		}
		return nil
	}
}

// list reads comma-separated items, blanks dropped.
func list(into *[]string) func(string) error {
	return func(v string) error {
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				*into = append(*into, item)
			}
		}
		return nil
	}
}

func prefixes(into *[]netip.Prefix) func(string) error {
	return func(v string) (err error) { *into, err = parsePrefixes(v); return err }
}

// httpURL is an http(s) URL with a host, stored without trailing slashes.
func httpURL(into *string) func(string) error {
	return func(v string) error {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("want an http(s) URL, got %q", v)
		}
		*into = strings.TrimRight(v, "/")
		return nil
	}
}

// loopback is empty or a loopback host:port.
func loopback(into *string) func(string) error {
	return func(v string) error {
		if v != "" {
			host, _, err := net.SplitHostPort(v)
			if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
				return fmt.Errorf("want a loopback address such as 127.0.0.1:6060, got %q", v)
			}
		}
		*into = v
		return nil
	}
}

func oneOf(into *string, values ...string) func(string) error {
	return func(v string) error {
		for _, want := range values {
			if strings.EqualFold(v, want) {
				*into = want
				return nil
			}
		}
		return fmt.Errorf("want %s, got %q", strings.Join(values, " or "), v)
	}
}

// level is one of slog's four named levels.
func level(into *slog.Level) func(string) error {
	return func(v string) error {
		switch strings.ToLower(v) {
		case "debug", "info", "warn", "error":
			return into.UnmarshalText([]byte(v))
		}
		return fmt.Errorf("want debug, info, warn or error, got %q", v)
	}
}

// hostPort is empty or a host:port to listen on.
func hostPort(into *string) func(string) error {
	return func(v string) error {
		if _, _, err := net.SplitHostPort(v); v != "" && err != nil {
			return fmt.Errorf("want an address such as 127.0.0.1:9090 or :9090, got %q", v)
		}
		*into = v
		return nil
	}
}

// parsePrefixes reads comma-separated IPs and CIDRs; an IP is its own /32
// or /128.
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(item)
		if err != nil {
			return nil, fmt.Errorf("want IPs or CIDRs such as 10.0.0.0/8, got %q", item)
		}
		ip = ip.Unmap()
		out = append(out, netip.PrefixFrom(ip, ip.BitLen()))
	}
	return out, nil
}
