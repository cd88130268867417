package config

import (
	"log/slog"
	"strings"
	"testing"
)

// LOG_FORMAT, LOG_LEVEL and METRICS_ADDR: their defaults, accepted values
// and the refusals that name the variable.
func TestLoggingAndMetricsSettings(t *testing.T) {
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.LogFormat != "text" || c.LogLevel != slog.LevelInfo || c.MetricsAddr != "" {
		t.Fatalf("defaults: %q %v %q", c.LogFormat, c.LogLevel, c.MetricsAddr)
	}
	c, err = load(t, map[string]string{"LOG_FORMAT": "JSON", "LOG_LEVEL": "Warn", "METRICS_ADDR": ":9090"})
	if err != nil {
		t.Fatal(err)
	}
	if c.LogFormat != "json" || c.LogLevel != slog.LevelWarn || c.MetricsAddr != ":9090" {
		t.Fatalf("set: %q %v %q", c.LogFormat, c.LogLevel, c.MetricsAddr)
	}
	for env, want := range map[string]string{
		"LOG_FORMAT":   `LOG_FORMAT: want text or json, got "xml"`,
		"LOG_LEVEL":    `LOG_LEVEL: want debug, info, warn or error, got "xml"`,
		"METRICS_ADDR": `METRICS_ADDR: want an address such as 127.0.0.1:9090 or :9090, got "xml"`,
	} {
		if _, err := load(t, map[string]string{env: "xml"}); err == nil || err.Error() != want {
			t.Errorf("%s=xml: %v, want %q", env, err, want)
		}
	}
	if _, err := load(t, map[string]string{"LOG_LEVEL": "info+2"}); err == nil || !strings.HasPrefix(err.Error(), "LOG_LEVEL:") {
		t.Errorf("LOG_LEVEL=info+2: %v, want a refusal", err)
	}
}
