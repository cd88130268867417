package app

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"
)

// healthcheckTimeout bounds one check: a container runtime runs it every
// few seconds and counts a hang as a failure anyway.
const healthcheckTimeout = 3 * time.Second

// runHealthcheck asks a running server's /healthz and exits non-zero unless
// it answers 200. It is the container image's HEALTHCHECK: the final image
// has no shell and no curl, only this binary (Dockerfile).
func runHealthcheck(ctx context.Context, p *process, args []string) error {
	fs := flag.NewFlagSet(p.name+" healthcheck", flag.ContinueOnError)
	fs.SetOutput(p.stderr)
	url := fs.String("url", "", "URL to ask (default: /healthz on the loopback port of ADDR)")
	fs.Usage = func() {
		fmt.Fprintf(p.stderr, "Usage: %s healthcheck [-url URL]\n\nAsks a running server's /healthz (by default on 127.0.0.1 and the port of\nADDR, the server's own setting) and exits 0 when it answers 200, 1 otherwise.\n\n", p.name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("healthcheck takes no arguments, got %q", fs.Args())
	}
	target := *url
	if target == "" {
		_, port, err := net.SplitHostPort(getenvOr(p.getenv, "ADDR", ":8080"))
		if err != nil {
			return fmt.Errorf("healthcheck: ADDR: %w", err)
		}
		target = "http://" + net.JoinHostPort("127.0.0.1", port) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", target, resp.Status)
	}
	return nil
}
