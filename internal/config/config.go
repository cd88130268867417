// Package config loads Orgraph's configuration (RULES.md §7) from flags
// and the environment, flags winning, into one struct that is passed
// explicitly to whatever needs it.
package config

import (
	"flag"
	"fmt"
	"io"
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
	// ShutdownTimeout bounds the graceful shutdown on SIGTERM.
	ShutdownTimeout time.Duration
	// DatabaseWait bounds how long start-up retries a database that is not
	// reachable yet (DATABASE_WAIT).
	DatabaseWait time.Duration
	// TrustedProxies are the peers whose X-Forwarded-For is believed when
	// finding a request's client address (empty: the header is ignored).
	TrustedProxies []netip.Prefix
	// LargeRequests bounds how many requests with a large body run at once
	// (internal/httpapi, docs/SECURITY.md).
	LargeRequests LargeRequests
	// SignIn bounds failed sign-ins and password hashing (internal/auth).
	SignIn SignInLimits
	// PprofAddr, when set, serves net/http/pprof on this loopback address
	// (off by default; for profiling under load).
	PprofAddr string
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

// DefaultDatabaseURL is a SQLite file in the working directory.
const DefaultDatabaseURL = "sqlite://orgraph.db"

// Load parses args (without the program name) with defaults taken from
// getenv. It never reads the process environment itself.
func Load(name string, args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &Config{}
	var cors, introspection, tokenTTL, inviteTTL, creator, shutdown, proxies, signInWindow, largeWait string
	var databaseWait string
	// The integer settings: each is parsed the same way, and must be at
	// least min.
	limits := []struct {
		flag, env, def, usage string
		into                  *int
		min                   int
		value                 string
	}{
		{"complexity-limit", "COMPLEXITY_LIMIT", "5000", "maximum rows and values one GraphQL operation may return; a connection counts its page size", &c.Limits.ComplexityLimit, 1, ""},
		{"max-depth", "MAX_DEPTH", "15", "maximum nesting of fields in a GraphQL document", &c.Limits.MaxDepth, 1, ""},
		{"max-fields", "MAX_FIELDS", "500", "maximum fields of a GraphQL document, fragments expanded", &c.Limits.MaxFields, 1, ""},
		{"max-aliases", "MAX_ALIASES", "100", "maximum aliased fields of a GraphQL document", &c.Limits.MaxAliases, 1, ""},
		{"max-directives", "MAX_DIRECTIVES", "50", "maximum directive uses in a GraphQL document", &c.Limits.MaxDirectives, 1, ""},
		{"parser-token-limit", "PARSER_TOKEN_LIMIT", "10000", "maximum tokens of a GraphQL document", &c.Limits.ParserTokenLimit, 1, ""},
		{"max-response-bytes", "MAX_RESPONSE_BYTES", "8388608", "maximum bytes of the data of one GraphQL response", &c.Limits.MaxResponseBytes, 1, ""},
		{"max-errors", "MAX_ERRORS", "50", "maximum errors in one GraphQL response; more are dropped", &c.Limits.MaxErrors, 1, ""},
		{"inviter-emails-per-day", "INVITER_EMAILS_PER_DAY", "100", "invitation emails one user may send in a rolling day, across organizations", &c.InviterEmailsPerDay, 1, ""},
		{"large-request-bytes", "LARGE_REQUEST_BYTES", "65536", "request bodies over this many bytes (or of unknown length) count as large", &c.LargeRequests.Bytes, 1, ""},
		{"large-request-concurrency", "LARGE_REQUEST_CONCURRENCY", "1", "large requests running at once; the others wait for their turn", &c.LargeRequests.Concurrency, 1, ""},
		{"max-json-values", "MAX_JSON_VALUES", "10000", "maximum JSON values (array elements, object members) in a request body, variables included", &c.Limits.MaxJSONValues, 1, ""},
		{"signin-failures-per-account-address", "SIGNIN_FAILURES_PER_ACCOUNT_ADDRESS", "10", "failed sign-ins per account from one client address in the window", &c.SignIn.FailuresPerAccountAddress, 1, ""},
		{"signin-failures-per-account", "SIGNIN_FAILURES_PER_ACCOUNT", "100", "failed sign-ins per account from all addresses in the window", &c.SignIn.FailuresPerAccount, 1, ""},
		{"signin-failures-per-address", "SIGNIN_FAILURES_PER_ADDRESS", "100", "failed sign-ins per client address for all accounts in the window", &c.SignIn.FailuresPerAddress, 1, ""},
		{"password-hash-concurrency", "PASSWORD_HASH_CONCURRENCY", "0", "password hashes running at once; 0: GOMAXPROCS-1, at least 1", &c.SignIn.HashConcurrency, 0, ""},
	}
	fs.StringVar(&c.Addr, "addr", env("ADDR", ":8080"), "listen address (ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", DefaultDatabaseURL), "sqlite://PATH or mysql://USER:PASS@HOST:PORT/DB (DATABASE_URL)")
	fs.StringVar(&c.SMTPURL, "smtp-url", env("SMTP_URL", ""), "smtp://[user:pass@]host:port; empty writes emails to the log (SMTP_URL)")
	fs.StringVar(&c.MailFrom, "mail-from", env("MAIL_FROM", "Orgraph <noreply@localhost>"), "sender of emails (MAIL_FROM)")
	fs.StringVar(&c.PublicURL, "public-url", env("PUBLIC_URL", "http://localhost:8080"), "base URL of links in emails (PUBLIC_URL)")
	fs.StringVar(&cors, "cors-origins", env("CORS_ORIGINS", ""), "comma-separated origins allowed by CORS (CORS_ORIGINS)")
	fs.StringVar(&introspection, "introspection", env("INTROSPECTION", "true"), "enable GraphQL introspection (INTROSPECTION)")
	fs.StringVar(&tokenTTL, "token-ttl", env("TOKEN_TTL", "720h"), "lifetime of bearer tokens (TOKEN_TTL)")
	fs.StringVar(&inviteTTL, "invitation-ttl", env("INVITATION_TTL", "168h"), "lifetime of an invitation after its last sending (INVITATION_TTL)")
	fs.StringVar(&creator, "org-creator-group", env("ORG_CREATOR_GROUP", string(authz.GroupUser)), "minimum system group that creates organizations (ORG_CREATOR_GROUP)")
	for i := range limits {
		l := &limits[i]
		fs.StringVar(&l.value, l.flag, env(l.env, l.def), l.usage+" ("+l.env+")")
	}
	fs.StringVar(&largeWait, "large-request-wait", env("LARGE_REQUEST_WAIT", "2s"), "how long a large request waits for its turn before RATE_LIMITED (LARGE_REQUEST_WAIT)")
	fs.StringVar(&databaseWait, "database-wait", env("DATABASE_WAIT", "60s"), "how long start-up retries a database that is not reachable yet (DATABASE_WAIT)")
	fs.StringVar(&shutdown, "shutdown-timeout", env("SHUTDOWN_TIMEOUT", "15s"), "graceful shutdown limit (SHUTDOWN_TIMEOUT)")
	fs.StringVar(&proxies, "trusted-proxies", env("TRUSTED_PROXIES", ""), "comma-separated IPs/CIDRs of proxies whose X-Forwarded-For is believed; empty: the header is ignored (TRUSTED_PROXIES)")
	fs.StringVar(&signInWindow, "signin-failure-window", env("SIGNIN_FAILURE_WINDOW", "15m"), "how long a failed sign-in counts (SIGNIN_FAILURE_WINDOW)")
	fs.StringVar(&c.PprofAddr, "pprof-addr", env("PPROF_ADDR", ""), "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060; empty: off (PPROF_ADDR)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	var err error
	if c.Introspection, err = strconv.ParseBool(introspection); err != nil {
		return nil, fmt.Errorf("INTROSPECTION: %w", err)
	}
	if c.TokenTTL, err = positiveDuration("TOKEN_TTL", tokenTTL); err != nil {
		return nil, err
	}
	if c.InvitationTTL, err = positiveDuration("INVITATION_TTL", inviteTTL); err != nil {
		return nil, err
	}
	if c.ShutdownTimeout, err = positiveDuration("SHUTDOWN_TIMEOUT", shutdown); err != nil {
		return nil, err
	}
	if c.DatabaseWait, err = positiveDuration("DATABASE_WAIT", databaseWait); err != nil {
		return nil, err
	}
	for _, l := range limits {
		if *l.into, err = strconv.Atoi(l.value); err != nil || *l.into < l.min {
			return nil, fmt.Errorf("%s: want an integer of at least %d, got %q", l.env, l.min, l.value)
		}
	}
	if c.LargeRequests.Wait, err = positiveDuration("LARGE_REQUEST_WAIT", largeWait); err != nil {
		return nil, err
	}
	if c.SignIn.Window, err = positiveDuration("SIGNIN_FAILURE_WINDOW", signInWindow); err != nil {
		return nil, err
	}
	if c.TrustedProxies, err = parsePrefixes(proxies); err != nil {
		return nil, fmt.Errorf("TRUSTED_PROXIES: %w", err)
	}
	c.OrgCreatorGroup = authz.Group(strings.ToUpper(creator))
	if !c.OrgCreatorGroup.Valid() {
		return nil, fmt.Errorf("ORG_CREATOR_GROUP: want ADMIN, USER or WORKER, got %q", creator)
	}
	for _, o := range strings.Split(cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.CORSOrigins = append(c.CORSOrigins, o)
		}
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("PUBLIC_URL: want an http(s) URL, got %q", c.PublicURL)
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if c.PprofAddr != "" {
		host, _, err := net.SplitHostPort(c.PprofAddr)
		if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
			return nil, fmt.Errorf("PPROF_ADDR: want a loopback address such as 127.0.0.1:6060, got %q", c.PprofAddr)
		}
	}
	return c, nil
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

func positiveDuration(name, s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: want a positive duration such as 30m or 720h, got %q", name, s)
	}
	return d, nil
}
