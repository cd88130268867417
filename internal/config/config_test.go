package config

import (
	"io"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T, env map[string]string) (*Config, error) {
	t.Helper()
	return Load("orgraph", nil, func(k string) string { return env[k] }, io.Discard)
}

func TestTrustedProxies(t *testing.T) {
	c, err := load(t, map[string]string{"TRUSTED_PROXIES": " 10.0.0.0/8, 192.168.1.7 ,::1, 172.16.5.4/12"})
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("192.168.1.7/32"),
		netip.MustParsePrefix("::1/128"),
		netip.MustParsePrefix("172.16.0.0/12"),
	}
	if !slices.Equal(c.TrustedProxies, want) {
		t.Fatalf("got %v, want %v", c.TrustedProxies, want)
	}
	if c, _ := load(t, nil); len(c.TrustedProxies) != 0 {
		t.Fatalf("default: %v, want none", c.TrustedProxies)
	}
	if _, err := load(t, map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"}); err == nil || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
		t.Fatalf("a host name: %v, want a TRUSTED_PROXIES error", err)
	}
}

func TestSignInLimits(t *testing.T) {
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.SignIn; got.Window.Minutes() != 15 || got.FailuresPerAccountAddress != 10 || got.FailuresPerAccount != 100 || got.FailuresPerAddress != 100 || got.HashConcurrency != 0 {
		t.Fatalf("defaults %+v", got)
	}
	for k, v := range map[string]string{
		"SIGNIN_FAILURES_PER_ACCOUNT_ADDRESS": "0",
		"SIGNIN_FAILURES_PER_ACCOUNT":         "x",
		"SIGNIN_FAILURES_PER_ADDRESS":         "-1",
		"PASSWORD_HASH_CONCURRENCY":           "-1",
		"SIGNIN_FAILURE_WINDOW":               "0s",
	} {
		if _, err := load(t, map[string]string{k: v}); err == nil || !strings.Contains(err.Error(), k) {
			t.Fatalf("%s=%s: %v, want an error naming it", k, v, err)
		}
	}
}

func TestMailDelivery(t *testing.T) {
	c, err := load(t, map[string]string{"MAIL_MAX_ATTEMPTS": "3", "MAIL_POLL_INTERVAL": "2s"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Mail; got.MaxAttempts != 3 || got.PollInterval.Seconds() != 2 || got.RetryDelay.Minutes() != 1 {
		t.Fatalf("mail delivery %+v, want 3 attempts, 2s poll, the default 1m retry delay", got)
	}
	for k, v := range map[string]string{"MAIL_MAX_ATTEMPTS": "0", "MAIL_POLL_INTERVAL": "0s", "MAIL_RETRY_DELAY": "soon"} {
		if _, err := load(t, map[string]string{k: v}); err == nil || !strings.Contains(err.Error(), k) {
			t.Fatalf("%s=%s: %v, want an error naming it", k, v, err)
		}
	}
}
